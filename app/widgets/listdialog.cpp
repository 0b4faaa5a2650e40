// SPDX-License-Identifier: Apache-2.0
#include "listdialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

ListDialog::ListDialog(QAbstractItemModel *model, const QString &what, QWidget *parent)
    : QDialog(parent)
    , m_view(new QTableView(this))
    , m_error(new QLabel(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    m_view->setObjectName(what);
    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_error->setObjectName(what + u"Error"_s);
    m_error->setStyleSheet(u"color: #c0392b"_s);
    m_error->setWordWrap(true);
    m_error->hide();
    auto *add = new QPushButton(tr("&Add…"), this);
    add->setObjectName(u"addButton"_s);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_edit->setObjectName(u"editButton"_s);
    m_delete = new QPushButton(tr("&Delete…"), this);
    m_delete->setObjectName(u"deleteButton"_s);
    auto *refresh = new QPushButton(tr("&Refresh"), this);
    connect(add, &QPushButton::clicked, this, &ListDialog::add);
    connect(m_edit, &QPushButton::clicked, this, &ListDialog::editCurrent);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteCurrent(false); });
    connect(refresh, &QPushButton::clicked, this, &ListDialog::reload);
    connect(m_view, &QTableView::activated, this, &ListDialog::editCurrent);
    const auto updateButtons = [this] {
        const bool any = m_view->currentIndex().isValid();
        m_edit->setEnabled(any);
        m_delete->setEnabled(any);
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, updateButtons);
    connect(model, &QAbstractItemModel::modelReset, this, updateButtons);
    connect(this, &ListDialog::reloaded, m_error, &QWidget::hide);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {add, m_edit, m_delete, refresh})
        buttons->addWidget(button);
    buttons->addStretch(1);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_error);
    layout->addWidget(close);
    resize(900, 420);
    updateButtons();
}

void ListDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

bool ListDialog::confirmDelete(const QString &title, const QString &question)
{
    return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
        == QMessageBox::Yes;
}

} // namespace Capstan
