// SPDX-License-Identifier: Apache-2.0
#include "difflayout.h"

namespace Capstan {

using Diff::TextDiff;
using Kind = DiffLine::Kind;

int DiffLayout::foldOfRow(int row) const
{
    for (const auto &[first, count] : m_folds) {
        if (row >= first && row < first + count)
            return first;
    }
    return -1;
}

DiffLayout DiffLayout::build(const TextDiff &diff, Mode mode, int context, const QSet<int> &expanded)
{
    DiffLayout layout;
    layout.m_mode = mode;
    const QList<TextDiff::Row> &rows = diff.rows();
    layout.m_rowLines.fill(-1, rows.size());

    // Which rows are shown: all, or the changes with their context.
    QList<bool> shown(rows.size(), context < 0);
    if (context >= 0) {
        for (const TextDiff::Change &change : diff.changes()) {
            const int from = std::max(0, change.firstRow - context);
            const int to = std::min(int(rows.size()), change.firstRow + change.rowCount + context);
            for (int r = from; r < to; ++r)
                shown[r] = true;
        }
    }

    const auto add = [&layout, mode](const DiffLine &left, const DiffLine &right) {
        layout.m_left.append(left);
        if (mode == Mode::SideBySide)
            layout.m_right.append(right);
    };

    int row = 0;
    while (row < rows.size()) {
        if (!shown[row]) {
            int end = row;
            while (end < rows.size() && !shown[end])
                ++end;
            // Folding a single line would hide nothing worth the fold line.
            if (end - row >= 2 && !expanded.contains(row)) {
                DiffLine fold;
                fold.kind = Kind::Fold;
                fold.foldRow = row;
                fold.foldCount = end - row;
                layout.m_folds.append({row, end - row});
                add(fold, fold);
                row = end;
                continue;
            }
            for (int r = row; r < end; ++r)
                shown[r] = true;
        }
        const TextDiff::Row &r = rows.at(row);
        if (r.kind == TextDiff::RowKind::Equal) {
            layout.m_rowLines[row] = int(layout.m_left.size());
            const DiffLine line{Kind::Equal, r.left, r.right, {}, -1, 0};
            add(line, line);
            ++row;
            continue;
        }
        // A change.
        int end = row;
        while (end < rows.size() && rows.at(end).kind != TextDiff::RowKind::Equal)
            ++end;
        layout.m_changeLines.append(int(layout.m_left.size()));
        if (mode == Mode::SideBySide) {
            for (int k = row; k < end; ++k) {
                const TextDiff::Row &c = rows.at(k);
                layout.m_rowLines[k] = int(layout.m_left.size());
                const DiffLine left = c.left >= 0 ? DiffLine{Kind::Removed, c.left, -1, c.leftSpans, -1, 0}
                                                  : DiffLine{Kind::Filler, -1, -1, {}, -1, 0};
                const DiffLine right = c.right >= 0 ? DiffLine{Kind::Added, -1, c.right, c.rightSpans, -1, 0}
                                                    : DiffLine{Kind::Filler, -1, -1, {}, -1, 0};
                add(left, right);
            }
        } else {
            // As diff -u: the change's old lines, then its new ones.
            for (int k = row; k < end; ++k) {
                const TextDiff::Row &c = rows.at(k);
                if (c.left >= 0) {
                    layout.m_rowLines[k] = int(layout.m_left.size());
                    add({Kind::Removed, c.left, -1, c.leftSpans, -1, 0}, {});
                }
            }
            for (int k = row; k < end; ++k) {
                const TextDiff::Row &c = rows.at(k);
                if (c.right >= 0) {
                    if (c.left < 0)
                        layout.m_rowLines[k] = int(layout.m_left.size());
                    add({Kind::Added, -1, c.right, c.rightSpans, -1, 0}, {});
                }
            }
        }
        row = end;
    }
    return layout;
}

} // namespace Capstan
