// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Capstan::Diff {

/// A line-by-line comparison of two texts, the way a reviewer reads it.
///
/// The lines are compared with dtl's O(NP) algorithm (Wu, Manber, Myers and
/// Miller), the shortest edit script. Consecutive removed and added lines
/// form one *change*; inside a change, the n-th removed line is paired with
/// the n-th added one, and the words that differ between the two are
/// compared again, so that a view can mark what changed inside the line.
/// The result is a list of aligned rows: what a side-by-side view shows.
class TextDiff
{
public:
    enum class RowKind : quint8 {
        Equal, ///< the same line on both sides
        Changed, ///< a line replaced by another one: both sides, with spans
        Removed, ///< only on the left (old) side
        Added, ///< only on the right (new) side
    };

    /// Characters of a changed line that differ from its counterpart.
    struct Span
    {
        qsizetype start = 0;
        qsizetype length = 0;
        friend bool operator==(const Span &, const Span &) = default;
    };

    struct Row
    {
        RowKind kind = RowKind::Equal;
        /// The 0-based line on each side, or -1 where the side has none.
        int left = -1;
        int right = -1;
        /// For Changed rows whose lines still have much in common: what
        /// differs on each side. Empty when the whole line is different.
        QList<Span> leftSpans;
        QList<Span> rightSpans;
    };

    /// One change: a run of rows that are not Equal.
    struct Change
    {
        int firstRow = 0;
        int rowCount = 0;
    };

    TextDiff() = default;

    /// Compares two texts split into lines ('\n', with "\r\n" read as one).
    static TextDiff compute(const QString &oldText, const QString &newText);
    static TextDiff compute(const QStringList &oldLines, const QStringList &newLines);

    const QStringList &oldLines() const { return m_old; }
    const QStringList &newLines() const { return m_new; }
    const QList<Row> &rows() const { return m_rows; }
    const QList<Change> &changes() const { return m_changes; }
    bool isEqual() const { return m_changes.isEmpty() && m_oldEndsWithNewline == m_newEndsWithNewline; }
    int removedLines() const { return m_removed; }
    int addedLines() const { return m_added; }

    /// The diff as a unified patch (`diff -u`, `git apply` reads it) with
    /// @p context lines around each change; empty when the texts are equal.
    QString unified(const QString &oldName, const QString &newName, int context = 3) const;

private:
    QStringList m_old;
    QStringList m_new;
    bool m_oldEndsWithNewline = true;
    bool m_newEndsWithNewline = true;
    QList<Row> m_rows;
    QList<Change> m_changes;
    int m_removed = 0;
    int m_added = 0;
};

/// The words of @p oldLine and @p newLine that differ, as spans of each; both
/// empty when the lines have too little in common for that to help.
std::pair<QList<TextDiff::Span>, QList<TextDiff::Span>> wordDifferences(QStringView oldLine, QStringView newLine);

} // namespace Capstan::Diff
