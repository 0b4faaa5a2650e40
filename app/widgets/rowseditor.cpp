// SPDX-License-Identifier: Apache-2.0
#include "rowseditor.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

/// An editable combo box with the column's suggestions.
class SuggestionDelegate : public QStyledItemDelegate
{
public:
    SuggestionDelegate(const QStringList &values, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_values(values)
    { }

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const override
    {
        auto *editor = new QComboBox(parent);
        editor->setEditable(true);
        editor->setInsertPolicy(QComboBox::NoInsert);
        editor->addItems(m_values);
        editor->completer()->setCompletionMode(QCompleter::PopupCompletion);
        editor->completer()->setFilterMode(Qt::MatchContains);
        return editor;
    }

    void setEditorData(QWidget *editor, const QModelIndex &index) const override
    {
        static_cast<QComboBox *>(editor)->setCurrentText(index.data(Qt::EditRole).toString());
    }

    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override
    {
        model->setData(index, static_cast<QComboBox *>(editor)->currentText().trimmed(), Qt::EditRole);
    }

private:
    QStringList m_values;
};

} // namespace

RowsEditor::RowsEditor(const QStringList &headers, QWidget *parent)
    : QWidget(parent)
    , m_model(new QStandardItemModel(0, int(headers.size()), this))
    , m_view(new QTableView(this))
    , m_empty(new QLabel(this))
    , m_errorList(new QLabel(this))
{
    m_model->setHorizontalHeaderLabels(headers);
    m_view->setObjectName(u"rows"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                            | QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_view->installEventFilter(this);
    m_empty->setObjectName(u"emptyText"_s);
    m_empty->setWordWrap(true);
    m_empty->setEnabled(false);
    m_errorList->setObjectName(u"rowErrors"_s);
    m_errorList->setStyleSheet(u"color: #c0392b"_s);
    m_errorList->setWordWrap(true);
    m_errorList->hide();

    auto *add = new QPushButton(QIcon::fromTheme(u"list-add"_s), tr("Add"), this);
    add->setObjectName(u"addRow"_s);
    add->setAutoDefault(false);
    m_remove = new QPushButton(QIcon::fromTheme(u"list-remove"_s), tr("Remove"), this);
    m_remove->setObjectName(u"removeRows"_s);
    m_remove->setAutoDefault(false);
    connect(add, &QPushButton::clicked, this, [this] { addRow(); });
    connect(m_remove, &QPushButton::clicked, this, &RowsEditor::removeSelected);
    connect(m_model, &QStandardItemModel::dataChanged, this, [this] {
        if (!m_loading)
            Q_EMIT changed();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                updateState();
                Q_EMIT currentRowChanged(current.isValid() ? current.row() : -1);
            });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_errorList);
    layout->addLayout(buttons);
    updateState();
}

QList<QStringList> RowsEditor::rows() const
{
    QList<QStringList> rows;
    rows.reserve(m_model->rowCount());
    for (int row = 0; row < m_model->rowCount(); ++row) {
        QStringList values;
        for (int column = 0; column < m_model->columnCount(); ++column)
            values.append(m_model->index(row, column).data().toString().trimmed());
        rows.append(values);
    }
    return rows;
}

int RowsEditor::rowCount() const
{
    return m_model->rowCount();
}

void RowsEditor::setRows(const QList<QStringList> &rows)
{
    m_loading = true;
    m_model->setRowCount(0);
    for (const QStringList &values : rows) {
        QList<QStandardItem *> items;
        for (int column = 0; column < m_model->columnCount(); ++column)
            items.append(new QStandardItem(values.value(column)));
        m_model->appendRow(items);
    }
    m_loading = false;
    setRowErrors({});
    updateState();
}

void RowsEditor::setEmptyText(const QString &text)
{
    m_empty->setText(text);
    updateState();
}

void RowsEditor::setSuggestions(int column, const QStringList &values)
{
    delete m_view->itemDelegateForColumn(column);
    m_view->setItemDelegateForColumn(column, new SuggestionDelegate(values, m_view));
}

void RowsEditor::setDefaults(const QStringList &values)
{
    m_defaults = values;
}

void RowsEditor::setRowErrors(const QMap<int, QString> &errors)
{
    m_errors = errors;
    QStringList lines;
    m_loading = true;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QString message = errors.value(row);
        for (int column = 0; column < m_model->columnCount(); ++column) {
            QStandardItem *item = m_model->item(row, column);
            item->setData(message.isEmpty() ? QVariant() : QVariant(QColor(0xc0, 0x39, 0x2b, 48)), Qt::BackgroundRole);
            item->setToolTip(message);
        }
        if (!message.isEmpty())
            lines.append(tr("Row %1: %2").arg(row + 1).arg(message));
    }
    m_loading = false;
    m_errorList->setText(lines.join(u'\n'));
    m_errorList->setVisible(!lines.isEmpty());
}

QVariant RowsEditor::rowData(int row) const
{
    return m_model->index(row, 0).data(Qt::UserRole);
}

void RowsEditor::setRowData(int row, const QVariant &data)
{
    m_loading = true;
    m_model->setData(m_model->index(row, 0), data, Qt::UserRole);
    m_loading = false;
}

int RowsEditor::currentRow() const
{
    return m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
}

void RowsEditor::addRow(const QStringList &values)
{
    const QStringList start = values.isEmpty() ? m_defaults : values;
    QList<QStandardItem *> items;
    for (int column = 0; column < m_model->columnCount(); ++column)
        items.append(new QStandardItem(start.value(column)));
    m_model->appendRow(items);
    const QModelIndex first = m_model->index(m_model->rowCount() - 1, 0);
    m_view->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    if (values.isEmpty() && m_view->isVisible())
        m_view->edit(first);
    updateState();
    Q_EMIT changed();
}

void RowsEditor::removeSelected()
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows.append(m_view->currentIndex().row());
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (const int row : std::as_const(rows))
        m_model->removeRow(row);
    updateState();
    Q_EMIT changed();
}

bool RowsEditor::eventFilter(QObject *watched, QEvent *event)
{
    // While a cell is edited its editor has the keys; here Delete is the row's.
    if (watched == m_view && event->type() == QEvent::KeyPress
        && static_cast<QKeyEvent *>(event)->matches(QKeySequence::Delete)) {
        removeSelected();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void RowsEditor::updateState()
{
    const bool empty = m_model->rowCount() == 0;
    m_empty->setVisible(empty && !m_empty->text().isEmpty());
    m_remove->setEnabled(!empty && m_view->currentIndex().isValid());
}

} // namespace Capstan
