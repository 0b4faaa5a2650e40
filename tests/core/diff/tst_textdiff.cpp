// SPDX-License-Identifier: Apache-2.0
// The diff viewer's line diff: golden files (a unified patch and the aligned
// rows with their intra-line spans) for cases under tests/data/textdiff/,
// every patch applied by git to the old text gives the new one, and random
// edits always reconstruct both texts.
#include "diff/textdiff.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using Capstan::Diff::TextDiff;

namespace {

QString dataDir()
{
    return QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/textdiff");
}

QString read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

void write(const QString &path, const QString &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.toUtf8());
}

/// "[-old-]" and "{+new+}" around the spans of a changed line.
QString marked(const QString &line, const QList<TextDiff::Span> &spans, const QString &open, const QString &close)
{
    QString out;
    qsizetype at = 0;
    for (const TextDiff::Span &span : spans) {
        out += line.mid(at, span.start - at) + open + line.mid(span.start, span.length) + close;
        at = span.start + span.length;
    }
    return out + line.mid(at);
}

/// The aligned rows as a reviewer reads them, one per line:
/// "= 3 3 | text", "~ 12 12 | [-old-] → {+new+}", "- 7 . | text", "+ . 8 | text".
QString dumpRows(const TextDiff &diff)
{
    QString out;
    for (const TextDiff::Row &row : diff.rows()) {
        const QString left = row.left >= 0 ? QString::number(row.left + 1) : u"."_s;
        const QString right = row.right >= 0 ? QString::number(row.right + 1) : u"."_s;
        switch (row.kind) {
        case TextDiff::RowKind::Equal:
            out += u"= %1 %2 | %3\n"_s.arg(left, right, diff.oldLines().at(row.left));
            break;
        case TextDiff::RowKind::Changed:
            out += u"~ %1 %2 | %3 → %4\n"_s.arg(
                left, right, marked(diff.oldLines().at(row.left), row.leftSpans, u"[-"_s, u"-]"_s),
                marked(diff.newLines().at(row.right), row.rightSpans, u"{+"_s, u"+}"_s));
            break;
        case TextDiff::RowKind::Removed:
            out += u"- %1 %2 | %3\n"_s.arg(left, right, diff.oldLines().at(row.left));
            break;
        case TextDiff::RowKind::Added:
            out += u"+ %1 %2 | %3\n"_s.arg(left, right, diff.newLines().at(row.right));
            break;
        }
    }
    return out;
}

/// Both texts again, from the rows alone.
std::pair<QStringList, QStringList> reconstruct(const TextDiff &diff)
{
    QStringList oldLines;
    QStringList newLines;
    for (const TextDiff::Row &row : diff.rows()) {
        if (row.left >= 0)
            oldLines.append(diff.oldLines().at(row.left));
        if (row.right >= 0)
            newLines.append(diff.newLines().at(row.right));
    }
    return {oldLines, newLines};
}

} // namespace

class TestTextDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();
    void wordSpans_data();
    void wordSpans();
    void randomEdits();
    void largeManifest();
};

void TestTextDiff::golden_data()
{
    QTest::addColumn<QString>("folder");
    const QStringList cases = QDir(dataDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY(cases.size() >= 7);
    for (const QString &name : cases)
        QTest::newRow(qPrintable(name)) << dataDir() + u'/' + name;
}

void TestTextDiff::golden()
{
    QFETCH(QString, folder);
    const QString live = read(folder + u"/live.yaml"_s);
    const QString desired = read(folder + u"/desired.yaml"_s);
    const TextDiff diff = TextDiff::compute(live, desired);
    const QString patch = diff.unified(u"a/resource.yaml"_s, u"b/resource.yaml"_s, 3);
    const QString rows = dumpRows(diff);

    if (qEnvironmentVariableIsSet("CAPSTAN_UPDATE_GOLDEN")) {
        write(folder + u"/expected.patch"_s, patch);
        write(folder + u"/expected.rows"_s, rows);
    }
    QCOMPARE(rows, read(folder + u"/expected.rows"_s));
    QCOMPARE(patch, read(folder + u"/expected.patch"_s));

    const auto [oldLines, newLines] = reconstruct(diff);
    QCOMPARE(oldLines, diff.oldLines());
    QCOMPARE(newLines, diff.newLines());
    QCOMPARE(diff.isEqual(), live == desired);

    // git applies the patch to the live text and gets the desired one.
    if (patch.isEmpty())
        return;
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    write(dir.filePath(u"resource.yaml"_s), live);
    write(dir.filePath(u"change.patch"_s), patch);
    QProcess git;
    git.setWorkingDirectory(dir.path());
    git.start(u"git"_s, {u"apply"_s, u"--unidiff-zero"_s, u"change.patch"_s});
    QVERIFY(git.waitForFinished(30000));
    QVERIFY2(git.exitCode() == 0, git.readAllStandardError().constData());
    QCOMPARE(read(dir.filePath(u"resource.yaml"_s)), desired);
}

void TestTextDiff::wordSpans_data()
{
    QTest::addColumn<QString>("oldLine");
    QTest::addColumn<QString>("newLine");
    QTest::addColumn<QString>("expected");

    QTest::newRow("number") << u"  replicas: 1"_s << u"  replicas: 3"_s << u"  replicas: [-1-] →   replicas: {+3+}"_s;
    QTest::newRow("image tag") << u"- image: nginx:1.25.3"_s << u"- image: nginx:1.27.0"_s
                               << u"- image: nginx:1.[-25-].[-3-] → - image: nginx:1.{+27+}.{+0+}"_s;
    QTest::newRow("word added") << u"  name: guestbook"_s << u"  name: guestbook-ui"_s
                                << u"  name: guestbook →   name: guestbook{+-ui+}"_s;
    QTest::newRow("nothing in common") << u"dnsPolicy: ClusterFirst"_s << u"serviceAccountName: guestbook"_s
                                       << u"dnsPolicy: ClusterFirst → serviceAccountName: guestbook"_s;
    QTest::newRow("same words, other spacing") << u"a:  b"_s << u"a: b"_s << u"a:[-  -]b → a:{+ +}b"_s;
}

void TestTextDiff::wordSpans()
{
    QFETCH(QString, oldLine);
    QFETCH(QString, newLine);
    QFETCH(QString, expected);
    const auto [oldSpans, newSpans] = Capstan::Diff::wordDifferences(oldLine, newLine);
    QCOMPARE(marked(oldLine, oldSpans, u"[-"_s, u"-]"_s) + u" → "_s + marked(newLine, newSpans, u"{+"_s, u"+}"_s),
             expected);
}

void TestTextDiff::randomEdits()
{
    // Random edits of a random text: the rows always give both texts back,
    // every change is a run of non-equal rows, and the counts add up.
    QRandomGenerator random(20261206);
    for (int round = 0; round < 200; ++round) {
        QStringList oldLines;
        const int size = random.bounded(0, 60);
        for (int i = 0; i < size; ++i)
            oldLines.append(u"line %1"_s.arg(random.bounded(0, 15)));
        QStringList newLines = oldLines;
        const int edits = random.bounded(0, 10);
        for (int e = 0; e < edits; ++e) {
            const int at = newLines.isEmpty() ? 0 : random.bounded(0, int(newLines.size()));
            switch (random.bounded(0, 3)) {
            case 0:
                newLines.insert(at, u"new %1"_s.arg(random.bounded(0, 5)));
                break;
            case 1:
                if (!newLines.isEmpty())
                    newLines.removeAt(at);
                break;
            default:
                if (!newLines.isEmpty())
                    newLines[at] = u"line %1 changed"_s.arg(random.bounded(0, 5));
                break;
            }
        }
        const TextDiff diff = TextDiff::compute(oldLines, newLines);
        const auto [oldAgain, newAgain] = reconstruct(diff);
        QCOMPARE(oldAgain, oldLines);
        QCOMPARE(newAgain, newLines);
        int removed = 0;
        int added = 0;
        for (const TextDiff::Change &change : diff.changes()) {
            for (int r = change.firstRow; r < change.firstRow + change.rowCount; ++r) {
                QVERIFY(diff.rows().at(r).kind != TextDiff::RowKind::Equal);
                removed += diff.rows().at(r).left >= 0 ? 1 : 0;
                added += diff.rows().at(r).right >= 0 ? 1 : 0;
            }
        }
        QCOMPARE(removed, diff.removedLines());
        QCOMPARE(added, diff.addedLines());
        QCOMPARE(diff.isEqual(), oldLines == newLines);
    }
}

void TestTextDiff::largeManifest()
{
    // 5,000 lines with a change every 100: 50 changes, found exactly.
    QStringList oldLines;
    for (int i = 0; i < 5000; ++i)
        oldLines.append(u"  key%1: value%1"_s.arg(i));
    QStringList newLines = oldLines;
    for (int i = 50; i < 5000; i += 100)
        newLines[i] = u"  key%1: changed%1"_s.arg(i);
    const TextDiff diff = TextDiff::compute(oldLines, newLines);
    QCOMPARE(diff.changes().size(), 50);
    QCOMPARE(diff.removedLines(), 50);
    QCOMPARE(diff.addedLines(), 50);
    const TextDiff::Row &row = diff.rows().at(diff.changes().first().firstRow);
    QCOMPARE(row.kind, TextDiff::RowKind::Changed);
    QCOMPARE(row.left, 50);
    QCOMPARE(row.leftSpans.size(), 1);
}

QTEST_GUILESS_MAIN(TestTextDiff)
#include "tst_textdiff.moc"
