// SPDX-License-Identifier: Apache-2.0
// The diff view offscreen: the layouts (side by side aligned with fillers,
// unified as diff -u orders lines), compact folds and their expansion,
// next and previous change, search that opens folds, copying either side,
// the overview ruler, and the speed of a 5,000-line manifest.
#include "diff/difflayout.h"
#include "diff/diffoverview.h"
#include "diff/diffpane.h"
#include "diff/diffview.h"

#include <QAction>
#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

using namespace Capstan;
using namespace Qt::StringLiterals;
using Diff::TextDiff;

namespace {

QStringList manifest(int lines)
{
    QStringList text;
    for (int i = 0; i < lines; ++i)
        text.append(u"  key%1: value%1"_s.arg(i));
    return text;
}

/// The kinds of a pane as one letter per line: = - + . ~ (fold).
QString kinds(const QList<DiffLine> &lines)
{
    QString out;
    for (const DiffLine &line : lines) {
        switch (line.kind) {
        case DiffLine::Kind::Equal:
            out += u'=';
            break;
        case DiffLine::Kind::Removed:
            out += u'-';
            break;
        case DiffLine::Kind::Added:
            out += u'+';
            break;
        case DiffLine::Kind::Filler:
            out += u'.';
            break;
        case DiffLine::Kind::Fold:
            out += u'~';
            break;
        }
    }
    return out;
}

QAction *action(QWidget *view, const QString &name)
{
    return view->findChild<QAction *>(name);
}

} // namespace

class tst_DiffView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void layouts_data()
    {
        QTest::addColumn<QStringList>("oldLines");
        QTest::addColumn<QStringList>("newLines");
        QTest::addColumn<int>("context");
        QTest::addColumn<QString>("left");
        QTest::addColumn<QString>("right");
        QTest::addColumn<QString>("unified");

        const QStringList base{u"a"_s, u"b"_s, u"c"_s, u"d"_s, u"e"_s, u"f"_s, u"g"_s, u"h"_s, u"i"_s, u"j"_s};
        QStringList changed = base;
        changed[1] = u"B"_s;
        changed.insert(8, u"new"_s);
        QTest::newRow("all lines") << base << changed << -1 << u"=-======.=="_s << u"=+======+=="_s
                                   << u"=-+======+=="_s;
        QTest::newRow("compact, one line of context")
            << base << changed << 1 << u"=-=~=.=="_s << u"=+=~=+=="_s << u"=-+=~=+=="_s;
        QStringList more = base;
        more.removeAt(4);
        QTest::newRow("a removal, folded around") << base << more << 1 << u"~=-=~"_s << u"~=.=~"_s << u"~=-=~"_s;
        QTest::newRow("no context, a single hidden line is not folded")
            << base << changed << 0 << u"=-~.~"_s << u"=+~+~"_s << u"=-+~+~"_s;
    }

    void layouts()
    {
        QFETCH(QStringList, oldLines);
        QFETCH(QStringList, newLines);
        QFETCH(int, context);
        const TextDiff diff = TextDiff::compute(oldLines, newLines);
        const DiffLayout sideBySide = DiffLayout::build(diff, DiffLayout::Mode::SideBySide, context);
        QTEST(kinds(sideBySide.left()), "left");
        QTEST(kinds(sideBySide.right()), "right");
        const DiffLayout unified = DiffLayout::build(diff, DiffLayout::Mode::Unified, context);
        QTEST(kinds(unified.left()), "unified");
        QVERIFY(unified.right().isEmpty());
        QCOMPARE(sideBySide.changeLines().size(), diff.changes().size());
        QCOMPARE(unified.changeLines().size(), diff.changes().size());
        for (int line : sideBySide.changeLines())
            QVERIFY(sideBySide.left().at(line).kind != DiffLine::Kind::Equal);
    }

    void foldsOpenAndSearchFindsHiddenLines()
    {
        QStringList oldLines = manifest(200);
        QStringList newLines = oldLines;
        newLines[20] = u"  key20: changed"_s;
        newLines[150] = u"  key150: changed"_s;
        DiffView view;
        view.resize(1000, 600);
        view.setContext(3);
        view.setDiff(TextDiff::compute(oldLines, newLines), u"Live"_s, u"Desired"_s);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // 3 + change + 3 twice, and three folds: before, between, after.
        QCOMPARE(kinds(view.diffLayout().left()).count(u'~'), 3);
        QCOMPARE(view.diffLayout().lineCount(), 2 * 7 + 3);
        QCOMPARE(view.leftPane()->document()->blockCount(), view.diffLayout().lineCount());
        QCOMPARE(view.rightPane()->document()->blockCount(), view.diffLayout().lineCount());
        QCOMPARE(view.leftPane()->document()->findBlockByNumber(1).text(), u"  key17: value17"_s);

        // Clicking the fold between the changes opens it.
        const int foldLine = int(kinds(view.diffLayout().left()).indexOf(u'~', 1));
        QSignalSpy folds(view.leftPane(), &DiffPane::foldActivated);
        const QTextBlock fold = view.leftPane()->document()->findBlockByNumber(foldLine);
        view.leftPane()->showLine(foldLine);
        const QRect rect = view.leftPane()->cursorRect(QTextCursor(fold));
        QTest::mouseClick(view.leftPane()->viewport(), Qt::LeftButton, {}, rect.center());
        QCOMPARE(folds.size(), 1);
        QCOMPARE(kinds(view.diffLayout().left()).count(u'~'), 2);
        QCOMPARE(view.diffLayout().lineCount(), 2 * 7 + 2 + (150 - 3) - (20 + 4));

        // Search finds text in the fold after the last change and opens it.
        QVERIFY(view.diffLayout().foldOfRow(199) >= 0);
        QVERIFY(view.find(u"key199:"_s));
        QCOMPARE(view.diffLayout().foldOfRow(199), -1);
        QCOMPARE(view.leftPane()->textCursor().selectedText(), u"key199:"_s);
        QVERIFY(!view.find(u"not in there"_s));
        // Text only the desired side has is selected on the right.
        QVERIFY(view.find(u"key150: changed"_s));
        QCOMPARE(view.rightPane()->textCursor().selectedText(), u"key150: changed"_s);
        QCOMPARE(view.rightPane()->textCursor().blockNumber(),
                 view.diffLayout().lineOfRow(view.diff().changes().at(1).firstRow));
    }

    void navigationAndShortcuts()
    {
        QStringList oldLines = manifest(400);
        QStringList newLines = oldLines;
        for (int i : {30, 200, 370})
            newLines[i] = u"  changed%1"_s.arg(i);
        DiffView view;
        view.resize(1000, 300);
        view.setContext(-1);
        view.setDiff(TextDiff::compute(oldLines, newLines), u"Live"_s, u"Desired"_s);
        view.show();
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        QCOMPARE(view.currentChange(), 0);
        QVERIFY(!action(&view, u"previousChangeAction"_s)->isEnabled());
        view.leftPane()->setFocus();
        QTest::keyClick(view.leftPane(), Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(view.currentChange(), 1);
        QCOMPARE(view.leftPane()->textCursor().blockNumber(), 200);
        // The two sides scroll together, and the line is on screen.
        QCOMPARE(view.rightPane()->verticalScrollBar()->value(), view.leftPane()->verticalScrollBar()->value());
        QVERIFY(view.leftPane()->topLine() <= 200
                && 200 < view.leftPane()->topLine() + view.leftPane()->visibleLines());
        QTest::keyClick(view.leftPane(), Qt::Key_Down, Qt::AltModifier);
        QCOMPARE(view.currentChange(), 2);
        QVERIFY(!action(&view, u"nextChangeAction"_s)->isEnabled());
        QTest::keyClick(view.leftPane(), Qt::Key_Up, Qt::AltModifier);
        QCOMPARE(view.currentChange(), 1);
        QCOMPARE(view.findChild<QLabel *>(u"changePosition"_s)->text(), u"Change 2 of 3"_s);

        // Unified: one pane with both numbers, the same changes.
        action(&view, u"unifiedAction"_s)->trigger();
        QCOMPARE(view.mode(), DiffView::Mode::Unified);
        QVERIFY(!view.rightPane()->isVisible());
        QCOMPARE(view.leftPane()->document()->blockCount(), 403);
        QCOMPARE(QSettings().value(u"diff/mode"_s).toString(), u"unified"_s);
        view.goToChange(2);
        QCOMPARE(view.leftPane()->textCursor().block().text(), u"  key370: value370"_s);
        action(&view, u"sideBySideAction"_s)->trigger();
    }

    void copyAndOverview()
    {
        DiffView view;
        view.setDiff(TextDiff::compute(u"a: 1\nb: 2\n"_s, u"a: 1\nb: 3\nc: 4\n"_s), u"Live"_s, u"Desired"_s);
        view.copyOld();
        QCOMPARE(QGuiApplication::clipboard()->text(), u"a: 1\nb: 2\n"_s);
        view.copyNew();
        QCOMPARE(QGuiApplication::clipboard()->text(), u"a: 1\nb: 3\nc: 4\n"_s);

        // The ruler marks the changed lines: red and green where a line changed.
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage ruler = view.overview()->grab().toImage();
        const DiffColors colors = DiffColors::forPalette(view.palette());
        const auto reddish = [](QRgb c) { return qRed(c) > qGreen(c) + 20; };
        const auto greenish = [](QRgb c) { return qGreen(c) > qRed(c) + 20; };
        bool red = false;
        bool green = false;
        for (int y = 0; y < ruler.height(); ++y) {
            for (int x = 0; x < ruler.width(); ++x) {
                red = red || reddish(ruler.pixel(x, y));
                green = green || greenish(ruler.pixel(x, y));
            }
        }
        QVERIFY(red);
        QVERIFY(green);
        Q_UNUSED(colors);

        // Changed characters are marked inside the line.
        const QTextBlock changed = view.rightPane()->document()->findBlockByNumber(1);
        bool marked = false;
        for (const QTextLayout::FormatRange &range : changed.textFormats())
            marked = marked || (range.format.background().style() != Qt::NoBrush && range.start == 3);
        QVERIFY(marked);
    }

    void largeManifestIsFast()
    {
        QStringList oldLines = manifest(5000);
        QStringList newLines = oldLines;
        for (int i = 25; i < 5000; i += 50)
            newLines[i] = u"  key%1: changed%1"_s.arg(i);
        QElapsedTimer timer;
        timer.start();
        const TextDiff diff = TextDiff::compute(oldLines, newLines);
        DiffView view;
        view.resize(1400, 900);
        view.setContext(-1);
        view.setDiff(diff, u"Live"_s, u"Desired"_s);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.grab();
        const qint64 firstPaint = timer.elapsed();
        qInfo("5,000 lines: diff and first paint in %lld ms", firstPaint);
        // Generous for sanitizer builds; bench/ measures the real figure.
        QVERIFY2(firstPaint < 3000, qPrintable(QString::number(firstPaint)));
        timer.restart();
        for (int i = 0; i < 100; ++i) {
            view.leftPane()->verticalScrollBar()->setValue(i * 49);
            view.grab();
        }
        qInfo("100 scrolled paints in %lld ms", timer.elapsed());
        QCOMPARE(view.diffLayout().changeLines().size(), 100);
    }
};

QTEST_MAIN(tst_DiffView)
#include "tst_diffview.moc"
