// SPDX-License-Identifier: Apache-2.0
#include "textdiff.h"

#include <QHash>

#include <dtl/dtl.hpp>

#include <vector>

using namespace Qt::StringLiterals;

namespace Capstan::Diff {

namespace {

/// One edit of a shortest edit script, with 0-based lines.
struct Edit
{
    dtl::edit_t type = dtl::SES_COMMON;
    int before = -1;
    int after = -1;
};

/// The shortest edit script between two sequences of comparable elements.
template<typename T>
std::vector<Edit> editScript(const std::vector<T> &a, const std::vector<T> &b)
{
    std::vector<Edit> edits;
    edits.reserve(a.size() + b.size());
    if (a.empty() || b.empty()) {
        // dtl handles these too; this is just the obvious answer.
        for (size_t i = 0; i < a.size(); ++i)
            edits.push_back({dtl::SES_DELETE, int(i), -1});
        for (size_t i = 0; i < b.size(); ++i)
            edits.push_back({dtl::SES_ADD, -1, int(i)});
        return edits;
    }
    dtl::Diff<T, std::vector<T>> diff(a, b);
    if (a.size() + b.size() > 100000)
        diff.enableHuge();
    diff.compose();
    for (const auto &[element, info] : diff.getSes().getSequence()) {
        Q_UNUSED(element);
        edits.push_back({info.type, int(info.beforeIdx) - 1, int(info.afterIdx) - 1});
    }
    return edits;
}

/// The id of @p key: the one it has, or the next free one.
int idOf(QHash<QStringView, int> &ids, QStringView key)
{
    auto it = ids.constFind(key);
    if (it == ids.cend())
        it = ids.insert(key, int(ids.size()));
    return *it;
}

/// Lines as small integers, equal for equal lines, so that comparing two
/// lines is comparing two ints.
struct Interned
{
    std::vector<int> oldIds;
    std::vector<int> newIds;
};

Interned intern(const QStringList &oldLines, const QStringList &newLines)
{
    QHash<QStringView, int> ids;
    ids.reserve(oldLines.size() + newLines.size());
    Interned result;
    const auto idsOf = [&ids](const QStringList &lines, std::vector<int> &out) {
        out.reserve(size_t(lines.size()));
        for (const QString &line : lines)
            out.push_back(idOf(ids, line));
    };
    idsOf(oldLines, result.oldIds);
    idsOf(newLines, result.newIds);
    return result;
}

enum class CharClass { Word, Space, Other };

CharClass classOf(QChar c)
{
    if (c.isLetterOrNumber() || c == u'_')
        return CharClass::Word;
    if (c.isSpace())
        return CharClass::Space;
    return CharClass::Other;
}

/// Words, runs of white space, and every other character on its own.
QList<QStringView> tokens(QStringView line)
{
    QList<QStringView> result;
    qsizetype start = 0;
    while (start < line.size()) {
        const CharClass cls = classOf(line.at(start));
        qsizetype end = start + 1;
        if (cls != CharClass::Other) {
            while (end < line.size() && classOf(line.at(end)) == cls)
                ++end;
        }
        result.append(line.sliced(start, end - start));
        start = end;
    }
    return result;
}

/// Appends a span, merged with the previous one where they touch.
void addSpan(QList<TextDiff::Span> &spans, qsizetype start, qsizetype length)
{
    if (!spans.isEmpty() && spans.last().start + spans.last().length == start)
        spans.last().length += length;
    else
        spans.append({start, length});
}

/// Splits a text into lines; whether it ended with a newline.
std::pair<QStringList, bool> splitLines(const QString &text)
{
    if (text.isEmpty())
        return {{}, true};
    QStringList lines = text.split(u'\n');
    const bool endsWithNewline = text.endsWith(u'\n');
    if (endsWithNewline)
        lines.removeLast();
    for (QString &line : lines) {
        if (line.endsWith(u'\r'))
            line.chop(1);
    }
    return {lines, endsWithNewline};
}

/// "-12,3" as diff -u writes a hunk's range: a one-line range without its
/// count, an empty one as "line before it,0".
QString hunkRange(int first, int count)
{
    if (count == 0)
        return u"%1,0"_s.arg(first);
    if (count == 1)
        return QString::number(first + 1);
    return u"%1,%2"_s.arg(first + 1).arg(count);
}

} // namespace

std::pair<QList<TextDiff::Span>, QList<TextDiff::Span>> wordDifferences(QStringView oldLine, QStringView newLine)
{
    const QList<QStringView> oldTokens = tokens(oldLine);
    const QList<QStringView> newTokens = tokens(newLine);
    QHash<QStringView, int> ids;
    const auto idsOf = [&ids](const QList<QStringView> &list) {
        std::vector<int> out;
        out.reserve(size_t(list.size()));
        for (QStringView token : list)
            out.push_back(idOf(ids, token));
        return out;
    };
    const std::vector<int> a = idsOf(oldTokens);
    const std::vector<int> b = idsOf(newTokens);

    QList<TextDiff::Span> oldSpans;
    QList<TextDiff::Span> newSpans;
    qsizetype oldPos = 0;
    qsizetype newPos = 0;
    qsizetype common = 0;
    for (const Edit &edit : editScript(a, b)) {
        switch (edit.type) {
        case dtl::SES_COMMON: {
            const qsizetype length = oldTokens.at(edit.before).size();
            // White space in common says nothing about the lines' likeness.
            if (classOf(oldTokens.at(edit.before).front()) != CharClass::Space)
                common += length;
            oldPos += length;
            newPos += newTokens.at(edit.after).size();
            break;
        }
        case dtl::SES_DELETE:
            addSpan(oldSpans, oldPos, oldTokens.at(edit.before).size());
            oldPos += oldTokens.at(edit.before).size();
            break;
        default:
            addSpan(newSpans, newPos, newTokens.at(edit.after).size());
            newPos += newTokens.at(edit.after).size();
            break;
        }
    }
    // Marking words only helps while the lines are recognisably the same
    // line: with less than a third in common, the whole line is the change.
    const qsizetype longer = std::max(oldLine.trimmed().size(), newLine.trimmed().size());
    if (longer == 0 || common * 3 < longer)
        return {};
    return {oldSpans, newSpans};
}

TextDiff TextDiff::compute(const QString &oldText, const QString &newText)
{
    auto [oldLines, oldNewline] = splitLines(oldText);
    auto [newLines, newNewline] = splitLines(newText);
    TextDiff diff = compute(oldLines, newLines);
    diff.m_oldEndsWithNewline = oldNewline;
    diff.m_newEndsWithNewline = newNewline;
    return diff;
}

TextDiff TextDiff::compute(const QStringList &oldLines, const QStringList &newLines)
{
    TextDiff diff;
    diff.m_old = oldLines;
    diff.m_new = newLines;
    const Interned ids = intern(oldLines, newLines);
    const std::vector<Edit> edits = editScript(ids.oldIds, ids.newIds);
    diff.m_rows.reserve(qsizetype(std::max(oldLines.size(), newLines.size())));

    size_t i = 0;
    while (i < edits.size()) {
        if (edits[i].type == dtl::SES_COMMON) {
            diff.m_rows.append({RowKind::Equal, edits[i].before, edits[i].after, {}, {}});
            ++i;
            continue;
        }
        // A change: every removed and added line up to the next common one.
        QList<int> removed;
        QList<int> added;
        for (; i < edits.size() && edits[i].type != dtl::SES_COMMON; ++i) {
            if (edits[i].type == dtl::SES_DELETE)
                removed.append(edits[i].before);
            else
                added.append(edits[i].after);
        }
        std::sort(removed.begin(), removed.end());
        std::sort(added.begin(), added.end());
        const Change change{int(diff.m_rows.size()), int(std::max(removed.size(), added.size()))};
        const qsizetype paired = std::min(removed.size(), added.size());
        for (qsizetype n = 0; n < paired; ++n) {
            auto [leftSpans, rightSpans] = wordDifferences(oldLines.at(removed.at(n)), newLines.at(added.at(n)));
            diff.m_rows.append({RowKind::Changed, removed.at(n), added.at(n), leftSpans, rightSpans});
        }
        for (qsizetype n = paired; n < removed.size(); ++n)
            diff.m_rows.append({RowKind::Removed, removed.at(n), -1, {}, {}});
        for (qsizetype n = paired; n < added.size(); ++n)
            diff.m_rows.append({RowKind::Added, -1, added.at(n), {}, {}});
        diff.m_changes.append(change);
        diff.m_removed += int(removed.size());
        diff.m_added += int(added.size());
    }
    return diff;
}

QString TextDiff::unified(const QString &oldName, const QString &newName, int context) const
{
    if (m_changes.isEmpty() && m_oldEndsWithNewline == m_newEndsWithNewline)
        return {};
    context = std::max(context, 0);
    QString out;
    out += u"--- "_s + oldName + u'\n';
    out += u"+++ "_s + newName + u'\n';

    // The lines before row r on each side.
    const auto oldAt = [this](int row) {
        for (int r = row; r < m_rows.size(); ++r) {
            if (m_rows.at(r).left >= 0)
                return m_rows.at(r).left;
        }
        return int(m_old.size());
    };
    const auto newAt = [this](int row) {
        for (int r = row; r < m_rows.size(); ++r) {
            if (m_rows.at(r).right >= 0)
                return m_rows.at(r).right;
        }
        return int(m_new.size());
    };
    const auto oldLine = [this](int line) {
        QString text = m_old.at(line) + u'\n';
        if (line == m_old.size() - 1 && !m_oldEndsWithNewline)
            text += u"\\ No newline at end of file\n"_s;
        return text;
    };
    const auto newLine = [this](int line) {
        QString text = m_new.at(line) + u'\n';
        if (line == m_new.size() - 1 && !m_newEndsWithNewline)
            text += u"\\ No newline at end of file\n"_s;
        return text;
    };

    // Changes closer than twice the context share one hunk.
    QList<Change> changes = m_changes;
    if (m_oldEndsWithNewline != m_newEndsWithNewline && !m_rows.isEmpty()
        && m_rows.last().kind == RowKind::Equal) // the final newline is a change of its own
        changes.append({int(m_rows.size()) - 1, 1});
    qsizetype c = 0;
    while (c < changes.size()) {
        const int firstRow = std::max(0, changes.at(c).firstRow - context);
        int lastRow = changes.at(c).firstRow + changes.at(c).rowCount; // exclusive
        qsizetype next = c + 1;
        while (next < changes.size() && changes.at(next).firstRow - lastRow <= 2 * context) {
            lastRow = changes.at(next).firstRow + changes.at(next).rowCount;
            ++next;
        }
        lastRow = std::min(int(m_rows.size()), lastRow + context);

        const int oldFirst = oldAt(firstRow);
        const int newFirst = newAt(firstRow);
        const int oldCount = oldAt(lastRow) - oldFirst;
        const int newCount = newAt(lastRow) - newFirst;
        out += u"@@ -%1 +%2 @@\n"_s.arg(hunkRange(oldFirst, oldCount), hunkRange(newFirst, newCount));

        int row = firstRow;
        while (row < lastRow) {
            const Row &r = m_rows.at(row);
            if (r.kind == RowKind::Equal) {
                // The last line differs only in its final newline.
                const bool oldLast = r.left == m_old.size() - 1;
                if (oldLast && m_oldEndsWithNewline != m_newEndsWithNewline)
                    out += u'-' + oldLine(r.left) + u'+' + newLine(r.right);
                else
                    out += u' ' + oldLine(r.left);
                ++row;
                continue;
            }
            // A change as diff -u writes it: its removed lines, then its added ones.
            int end = row;
            while (end < lastRow && m_rows.at(end).kind != RowKind::Equal)
                ++end;
            for (int k = row; k < end; ++k) {
                if (m_rows.at(k).left >= 0)
                    out += u'-' + oldLine(m_rows.at(k).left);
            }
            for (int k = row; k < end; ++k) {
                if (m_rows.at(k).right >= 0)
                    out += u'+' + newLine(m_rows.at(k).right);
            }
            row = end;
        }
        c = next;
    }
    return out;
}

} // namespace Capstan::Diff
