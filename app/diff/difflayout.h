// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diff/textdiff.h"

#include <QList>
#include <QSet>

namespace Capstan {

/// What one line of a diff pane shows.
struct DiffLine
{
    enum class Kind : quint8 {
        Equal,
        Removed, ///< a line only the old side has, or the old half of a changed line
        Added, ///< a line only the new side has, or the new half of a changed line
        Filler, ///< the blank that keeps the two sides of a side-by-side view aligned
        Fold, ///< unchanged lines hidden by the compact mode
    };

    Kind kind = Kind::Equal;
    /// The 0-based line of each text it shows, -1 for none.
    int oldLine = -1;
    int newLine = -1;
    /// Changed characters inside the line.
    QList<Diff::TextDiff::Span> spans;
    /// For Fold: the first row it hides (the fold's identity) and how many.
    int foldRow = -1;
    int foldCount = 0;
};

/// A TextDiff arranged for the panes of a view: side by side (two aligned
/// panes) or unified (one), all lines or, in compact mode, only the changes
/// with a few lines of context around them and a fold line for each run of
/// unchanged lines in between. Pure data: the widgets render it.
class DiffLayout
{
public:
    enum class Mode { SideBySide, Unified };

    /// @p context < 0 shows every line; @p expanded are folds (by their first
    /// row) the user opened.
    static DiffLayout build(const Diff::TextDiff &diff, Mode mode, int context, const QSet<int> &expanded = {});

    Mode mode() const { return m_mode; }
    /// The left (old) pane, or the only pane of the unified mode.
    const QList<DiffLine> &left() const { return m_left; }
    /// The right (new) pane; empty in the unified mode.
    const QList<DiffLine> &right() const { return m_right; }
    /// The first pane line of every change, in order.
    const QList<int> &changeLines() const { return m_changeLines; }
    /// The pane line that shows row @p row of the diff, -1 if it is folded.
    int lineOfRow(int row) const { return m_rowLines.value(row, -1); }
    /// The fold that hides row @p row, -1 if it is shown.
    int foldOfRow(int row) const;
    int lineCount() const { return int(m_left.size()); }

private:
    Mode m_mode = Mode::SideBySide;
    QList<DiffLine> m_left;
    QList<DiffLine> m_right;
    QList<int> m_changeLines;
    QList<int> m_rowLines;
    /// Folds as (first row, count), for foldOfRow().
    QList<std::pair<int, int>> m_folds;
};

} // namespace Capstan
