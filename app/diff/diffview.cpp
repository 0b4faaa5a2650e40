// SPDX-License-Identifier: Apache-2.0
#include "diffview.h"

#include "diff/diffoverview.h"
#include "diff/diffpane.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTextBlock>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

/// Both scroll bars follow each other.
void couple(QScrollBar *a, QScrollBar *b)
{
    QObject::connect(a, &QScrollBar::valueChanged, b, &QScrollBar::setValue);
    QObject::connect(b, &QScrollBar::valueChanged, a, &QScrollBar::setValue);
}

} // namespace

DiffView::DiffView(QWidget *parent)
    : QWidget(parent)
    , m_stack(new QStackedWidget(this))
    , m_message(new QLabel(this))
    , m_oldTitle(new QLabel(this))
    , m_newTitle(new QLabel(this))
    , m_left(new DiffPane(DiffPane::Numbers::Old, this))
    , m_right(new DiffPane(DiffPane::Numbers::New, this))
    , m_overview(new DiffOverview(this))
    , m_position(new QLabel(this))
    , m_search(new QLineEdit(this))
    , m_contextBox(new QSpinBox(this))
{
    setObjectName(u"diffView"_s);
    m_left->setObjectName(u"oldPane"_s);
    m_right->setObjectName(u"newPane"_s);
    const QSettings settings;
    m_mode = settings.value(u"diff/mode"_s).toString() == u"unified" ? Mode::Unified : Mode::SideBySide;
    m_context = settings.value(u"diff/context"_s, 3).toInt();

    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(u"diffToolBar"_s);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto *modes = new QActionGroup(this);
    m_sideBySide = toolbar->addAction(tr("Side by Side"));
    m_sideBySide->setObjectName(u"sideBySideAction"_s);
    m_sideBySide->setToolTip(tr("Live on the left, desired on the right"));
    m_unified = toolbar->addAction(tr("Unified"));
    m_unified->setObjectName(u"unifiedAction"_s);
    m_unified->setToolTip(tr("Removed and added lines in one column, as a patch"));
    for (QAction *action : {m_sideBySide, m_unified}) {
        action->setCheckable(true);
        modes->addAction(action);
    }
    (m_mode == Mode::Unified ? m_unified : m_sideBySide)->setChecked(true);
    connect(m_sideBySide, &QAction::triggered, this, [this] { setMode(Mode::SideBySide); });
    connect(m_unified, &QAction::triggered, this, [this] { setMode(Mode::Unified); });
    toolbar->addSeparator();

    m_compact = toolbar->addAction(tr("Compact"));
    m_compact->setObjectName(u"compactAction"_s);
    m_compact->setCheckable(true);
    m_compact->setChecked(m_context >= 0);
    m_compact->setToolTip(tr("Show only the changes with some lines of context; click a fold to open it"));
    m_contextBox->setObjectName(u"contextLines"_s);
    m_contextBox->setRange(0, 99);
    m_contextBox->setValue(m_context >= 0 ? m_context : 3);
    m_contextBox->setSuffix(tr(" lines of context"));
    m_contextBox->setEnabled(m_context >= 0);
    toolbar->addWidget(m_contextBox);
    connect(m_compact, &QAction::toggled, this, [this](bool on) { setContext(on ? m_contextBox->value() : -1); });
    connect(m_contextBox, &QSpinBox::valueChanged, this, [this](int value) {
        if (m_compact->isChecked())
            setContext(value);
    });
    toolbar->addSeparator();

    m_previous = toolbar->addAction(tr("Previous Change"), this, &DiffView::previousChange);
    m_previous->setObjectName(u"previousChangeAction"_s);
    m_previous->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    m_next = toolbar->addAction(tr("Next Change"), this, &DiffView::nextChange);
    m_next->setObjectName(u"nextChangeAction"_s);
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    for (QAction *action : {m_previous, m_next}) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setToolTip(u"%1 (%2)"_s.arg(action->text(), action->shortcut().toString(QKeySequence::NativeText)));
        addAction(action);
    }
    m_position->setObjectName(u"changePosition"_s);
    m_position->setContentsMargins(6, 0, 6, 0);
    toolbar->addWidget(m_position);
    toolbar->addSeparator();

    m_search->setObjectName(u"diffSearch"_s);
    m_search->setPlaceholderText(tr("Search in the diff"));
    m_search->setClearButtonEnabled(true);
    m_search->setToolTip(tr("Enter finds the next match, Shift+Enter the previous one"));
    m_search->setMinimumWidth(160);
    m_search->setMaximumWidth(260);
    toolbar->addWidget(m_search);
    connect(m_search, &QLineEdit::returnPressed, this,
            [this] { find(m_search->text(), QApplication::keyboardModifiers() & Qt::ShiftModifier); });
    connect(m_search, &QLineEdit::textEdited, this, [this] {
        m_searchRow = -1;
        if (!m_search->text().isEmpty())
            find(m_search->text());
        else
            m_search->setPalette(QPalette());
    });

    auto *copy = new QToolButton(this);
    copy->setObjectName(u"copyButton"_s);
    copy->setText(tr("Copy"));
    copy->setPopupMode(QToolButton::InstantPopup);
    auto *copyMenu = new QMenu(copy);
    copyMenu->addAction(tr("Copy &Live (Left Side)"), this, &DiffView::copyOld)->setObjectName(u"copyOldAction"_s);
    copyMenu->addAction(tr("Copy &Desired (Right Side)"), this, &DiffView::copyNew)->setObjectName(u"copyNewAction"_s);
    copy->setMenu(copyMenu);
    toolbar->addWidget(copy);

    m_message->setObjectName(u"diffMessage"_s);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_message);

    auto *page = new QWidget(this);
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(2);
    grid->setVerticalSpacing(2);
    for (QLabel *title : {m_oldTitle, m_newTitle}) {
        title->setTextFormat(Qt::PlainText);
        title->setContentsMargins(4, 2, 4, 2);
        QFont bold = title->font();
        bold.setBold(true);
        title->setFont(bold);
    }
    m_oldTitle->setObjectName(u"oldTitle"_s);
    m_newTitle->setObjectName(u"newTitle"_s);
    grid->addWidget(m_oldTitle, 0, 0);
    grid->addWidget(m_newTitle, 0, 1);
    grid->addWidget(m_left, 1, 0);
    grid->addWidget(m_right, 1, 1);
    grid->addWidget(m_overview, 1, 2);
    grid->setColumnStretch(0, 1);
    grid->setColumnStretch(1, 1);
    m_grid = grid;
    m_stack->addWidget(page);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addWidget(m_stack, 1);

    couple(m_left->verticalScrollBar(), m_right->verticalScrollBar());
    couple(m_left->horizontalScrollBar(), m_right->horizontalScrollBar());
    connect(m_left->verticalScrollBar(), &QScrollBar::valueChanged, this, &DiffView::updateOverview);
    connect(m_left->verticalScrollBar(), &QScrollBar::rangeChanged, this, &DiffView::updateOverview);
    connect(m_overview, &DiffOverview::lineRequested, this,
            [this](int line) { m_left->verticalScrollBar()->setValue(line - m_left->visibleLines() / 2); });
    connect(m_left, &DiffPane::foldActivated, this, &DiffView::expandFold);
    connect(m_right, &DiffPane::foldActivated, this, &DiffView::expandFold);
    setMessage(tr("Nothing to compare."));
}

void DiffView::setDiff(const Diff::TextDiff &diff, const QString &oldTitle, const QString &newTitle)
{
    m_diff = diff;
    m_expanded.clear();
    m_current = -1;
    m_searchRow = -1;
    m_oldTitle->setText(oldTitle);
    m_newTitle->setText(newTitle);
    m_oldTitle->setProperty("sideTitle", oldTitle);
    m_newTitle->setProperty("sideTitle", newTitle);
    rebuild();
    m_left->verticalScrollBar()->setValue(0);
    m_left->horizontalScrollBar()->setValue(0);
    m_stack->setCurrentIndex(1);
    // Start at the first change: that is what the reader came for.
    goToChange(0);
}

void DiffView::setMessage(const QString &text)
{
    m_diff = {};
    m_layout = {};
    m_message->setText(text);
    m_stack->setCurrentIndex(0);
    updateNavigation();
}

void DiffView::setMode(Mode mode)
{
    (mode == Mode::Unified ? m_unified : m_sideBySide)->setChecked(true);
    if (mode == m_mode)
        return;
    m_mode = mode;
    saveSettings();
    rebuild();
}

void DiffView::setContext(int lines)
{
    m_compact->setChecked(lines >= 0);
    m_contextBox->setEnabled(lines >= 0);
    if (lines >= 0)
        m_contextBox->setValue(lines);
    if (lines == m_context)
        return;
    m_context = lines;
    m_expanded.clear();
    saveSettings();
    rebuild();
}

void DiffView::saveSettings() const
{
    QSettings settings;
    settings.setValue(u"diff/mode"_s, m_mode == Mode::Unified ? u"unified"_s : u"sideBySide"_s);
    settings.setValue(u"diff/context"_s, m_context);
}

void DiffView::rebuild()
{
    m_layout = DiffLayout::build(m_diff, m_mode, m_context, m_expanded);
    const bool unified = m_mode == Mode::Unified;
    m_right->setVisible(!unified);
    m_newTitle->setVisible(!unified);
    m_grid->setColumnStretch(1, unified ? 0 : 1);
    const QString oldTitle = m_oldTitle->property("sideTitle").toString();
    const QString newTitle = m_newTitle->property("sideTitle").toString();
    m_oldTitle->setText(unified ? tr("%1 → %2").arg(oldTitle, newTitle) : oldTitle);
    m_left->setNumbers(unified ? DiffPane::Numbers::Both : DiffPane::Numbers::Old);
    m_left->setLines(m_layout.left(), m_diff.oldLines(), m_diff.newLines());
    if (!unified)
        m_right->setLines(m_layout.right(), m_diff.oldLines(), m_diff.newLines());
    const QString empty = m_diff.isEqual() ? tr("No differences.") : QString();
    m_left->setPlaceholderText(empty);
    m_overview->setDiffLayout(m_layout);
    m_current = std::min(m_current, int(m_layout.changeLines().size()) - 1);
    updateNavigation();
    updateOverview();
}

void DiffView::updateNavigation()
{
    const int count = int(m_layout.changeLines().size());
    m_previous->setEnabled(m_current > 0);
    m_next->setEnabled(m_current < count - 1);
    if (count == 0)
        m_position->setText(m_stack->currentIndex() == 1 ? tr("No changes") : QString());
    else if (m_current < 0)
        m_position->setText(tr("%n change(s)", nullptr, count));
    else
        m_position->setText(tr("Change %1 of %2").arg(m_current + 1).arg(count));
}

void DiffView::updateOverview()
{
    m_overview->setViewport(m_left->topLine(), m_left->visibleLines(), m_left->fontMetrics().lineSpacing());
}

void DiffView::scrollToLine(int line)
{
    m_left->showLine(line);
    if (m_mode == Mode::SideBySide) {
        const QTextBlock block = m_right->document()->findBlockByNumber(line);
        if (block.isValid())
            m_right->setTextCursor(QTextCursor(block));
    }
}

void DiffView::goToChange(int index)
{
    if (index < 0 || index >= m_layout.changeLines().size())
        return;
    m_current = index;
    scrollToLine(m_layout.changeLines().at(index));
    updateNavigation();
}

void DiffView::nextChange()
{
    goToChange(m_current + 1);
}

void DiffView::previousChange()
{
    goToChange(m_current - 1);
}

void DiffView::expandFold(int foldRow)
{
    m_expanded.insert(foldRow);
    rebuild();
}

bool DiffView::find(const QString &text, bool backwards)
{
    const QList<Diff::TextDiff::Row> &rows = m_diff.rows();
    if (text.isEmpty() || rows.isEmpty())
        return false;
    const int count = int(rows.size());
    const int step = backwards ? -1 : 1;
    int start = m_searchRow < 0 ? (backwards ? count - 1 : 0) : m_searchRow + step;
    for (int n = 0; n < count; ++n) {
        const int row = ((start + step * n) % count + count) % count;
        const Diff::TextDiff::Row &r = rows.at(row);
        const bool inOld = r.left >= 0 && m_diff.oldLines().at(r.left).contains(text, Qt::CaseInsensitive);
        const bool inNew = r.right >= 0 && m_diff.newLines().at(r.right).contains(text, Qt::CaseInsensitive);
        if (!inOld && !inNew)
            continue;
        m_searchRow = row;
        if (const int fold = m_layout.foldOfRow(row); fold >= 0)
            expandFold(fold);
        int line = m_layout.lineOfRow(row);
        DiffPane *pane = m_left;
        if (!inOld) {
            if (m_mode == Mode::SideBySide) {
                pane = m_right;
            } else {
                // The new half of a changed line comes after the change's old lines.
                while (line < m_layout.lineCount() && m_layout.left().at(line).newLine != r.right)
                    ++line;
            }
        }
        scrollToLine(line);
        const QTextBlock block = pane->document()->findBlockByNumber(line);
        const qsizetype at = block.text().indexOf(text, 0, Qt::CaseInsensitive);
        QTextCursor cursor(block);
        cursor.setPosition(block.position() + int(at));
        cursor.setPosition(block.position() + int(at + text.size()), QTextCursor::KeepAnchor);
        pane->setTextCursor(cursor);
        m_search->setPalette(QPalette());
        return true;
    }
    QPalette notFound = m_search->palette();
    notFound.setColor(QPalette::Base, DiffColors::forPalette(palette()).removedStrong);
    m_search->setPalette(notFound);
    return false;
}

void DiffView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void DiffView::copyOld() const
{
    copyLines(m_diff.oldLines());
}

void DiffView::copyNew() const
{
    copyLines(m_diff.newLines());
}

void DiffView::copyLines(const QStringList &lines)
{
    QString text = lines.join(u'\n');
    if (!text.isEmpty())
        text += u'\n';
    QGuiApplication::clipboard()->setText(text);
}

} // namespace Capstan
