// SPDX-License-Identifier: Apache-2.0
#include "listdialog.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "widgets/jsonlistmodel.h"

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

ListDialog::ListDialog(Connection *connection, JsonListModel *model, const QString &listPath, QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_model(model)
    , m_listPath(listPath)
    , m_view(new QTableView(this))
    , m_error(new QLabel(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    model->setParent(this);
    m_view->setObjectName(u"list"_s);
    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_error->setObjectName(u"listError"_s);
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

void ListDialog::reload()
{
    if (!m_connection)
        return;
    m_connection->client()->getJson(m_listPath).then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
        if (!answer) {
            showError(answer.error().message);
            return;
        }
        showError({});
        m_model->setItems(answer->object().value(u"items").toArray());
        Q_EMIT reloaded();
    });
}

void ListDialog::add()
{
    QDialog *editor = createEditor({});
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, &ListDialog::reload);
    editor->open();
}

void ListDialog::editCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    QDialog *editor = createEditor(m_model->item(current.row()));
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &QDialog::accepted, this, &ListDialog::reload);
    editor->open();
}

void ListDialog::deleteCurrent(bool confirmed)
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_connection)
        return;
    const QJsonObject item = m_model->item(current.row());
    const QString key = m_model->key(item);
    if (!confirmed
        && QMessageBox::question(this, tr("Delete"), deleteQuestion(item), QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel)
            != QMessageBox::Yes)
        return;
    m_connection->client()
        ->send("DELETE", m_listPath + u'/' + ApiPaths::encoded(key))
        .then(this, [this, key](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer) {
                showError(tr("%1 was not deleted: %2").arg(key, answer.error().message));
                return;
            }
            reload();
        });
}

void ListDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
}

} // namespace Capstan
