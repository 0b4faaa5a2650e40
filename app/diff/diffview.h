// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diff/difflayout.h"

#include <QSet>
#include <QWidget>

class QAction;
class QGridLayout;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;

namespace Capstan {

class DiffOverview;
class DiffPane;

/// A diff of two YAML texts, as a reviewer wants it: side by side (old on
/// the left, new on the right, scrolled together) or unified, compact (the
/// changes with N lines of context, the rest folded; a click opens a fold)
/// or whole, highlighted, with intra-line changes marked, next and previous
/// change (Alt+Down, Alt+Up), an overview ruler and search. Either side can
/// be copied. Layout, compactness and context are remembered.
class DiffView : public QWidget
{
    Q_OBJECT

public:
    using Mode = DiffLayout::Mode;

    explicit DiffView(QWidget *parent = nullptr);

    /// Shows @p diff; @p oldTitle and @p newTitle name the sides.
    void setDiff(const Diff::TextDiff &diff, const QString &oldTitle, const QString &newTitle);
    /// Shows a message instead of a diff (loading, nothing to compare, an error).
    void setMessage(const QString &text);
    const Diff::TextDiff &diff() const { return m_diff; }

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    /// Lines of context around each change; -1 shows every line.
    int context() const { return m_context; }
    void setContext(int lines);

    const DiffLayout &diffLayout() const { return m_layout; }
    DiffPane *leftPane() const { return m_left; }
    DiffPane *rightPane() const { return m_right; }
    DiffOverview *overview() const { return m_overview; }
    QLineEdit *searchField() const { return m_search; }
    /// The change last gone to, -1 before any.
    int currentChange() const { return m_current; }

    void focusSearch();

public Q_SLOTS:
    void nextChange();
    void previousChange();
    void goToChange(int index);
    /// Finds @p text after (or before) the last match, opening a fold that
    /// hides it; whether it was found.
    bool find(const QString &text, bool backwards = false);
    void expandFold(int foldRow);
    void copyOld() const;
    void copyNew() const;

private:
    void rebuild();
    void updateNavigation();
    void updateOverview();
    void scrollToLine(int line);
    void saveSettings() const;
    static void copyLines(const QStringList &lines);

    Diff::TextDiff m_diff;
    DiffLayout m_layout;
    Mode m_mode = Mode::SideBySide;
    int m_context = 3;
    QSet<int> m_expanded;
    int m_current = -1;
    int m_searchRow = -1;

    QStackedWidget *m_stack;
    QGridLayout *m_grid = nullptr;
    QLabel *m_message;
    QLabel *m_oldTitle;
    QLabel *m_newTitle;
    DiffPane *m_left;
    DiffPane *m_right;
    DiffOverview *m_overview;
    QLabel *m_position;
    QLineEdit *m_search;
    QSpinBox *m_contextBox;
    QAction *m_sideBySide;
    QAction *m_unified;
    QAction *m_compact;
    QAction *m_previous;
    QAction *m_next;
};

} // namespace Capstan
