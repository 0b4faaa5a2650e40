// SPDX-License-Identifier: Apache-2.0
#include "repositoriesdialog.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "repositories/repositoriesmodel.h"
#include "repositories/repositorydialog.h"

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

RepositoriesDialog::RepositoriesDialog(Connection *connection, QWidget *parent)
    : QDialog(parent)
    , m_connection(connection)
    , m_model(new RepositoriesModel(this))
    , m_view(new QTableView(this))
    , m_error(new QLabel(this))
{
    setObjectName(u"repositoriesDialog"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Repositories of %1").arg(connection ? connection->name() : QString()));
    m_view->setObjectName(u"repositories"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_error->setObjectName(u"repositoriesError"_s);
    m_error->setStyleSheet(u"color: #c0392b"_s);
    m_error->setWordWrap(true);
    m_error->hide();
    auto *add = new QPushButton(tr("&Add…"), this);
    add->setObjectName(u"addRepository"_s);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_edit->setObjectName(u"editRepository"_s);
    m_delete = new QPushButton(tr("&Delete…"), this);
    m_delete->setObjectName(u"deleteRepository"_s);
    auto *refresh = new QPushButton(tr("&Refresh"), this);
    connect(add, &QPushButton::clicked, this, &RepositoriesDialog::add);
    connect(m_edit, &QPushButton::clicked, this, &RepositoriesDialog::editCurrent);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteCurrent(false); });
    connect(refresh, &QPushButton::clicked, this, &RepositoriesDialog::reload);
    connect(m_view, &QTableView::activated, this, &RepositoriesDialog::editCurrent);
    const auto updateButtons = [this] {
        const bool any = m_view->currentIndex().isValid();
        m_edit->setEnabled(any);
        m_delete->setEnabled(any);
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateButtons);
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
    reload();
}

void RepositoriesDialog::reload()
{
    if (!m_connection)
        return;
    m_connection->client()
        ->getJson(u"/api/v1/repositories"_s)
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
            m_error->setVisible(!answer);
            if (!answer) {
                m_error->setText(answer.error().message);
                return;
            }
            m_model->setRepositories(answer->object().value(u"items").toArray());
            Q_EMIT reloaded();
        });
}

void RepositoriesDialog::add()
{
    auto *dialog = new RepositoryDialog(m_connection, {}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RepositoryDialog::saved, this, &RepositoriesDialog::reload);
    dialog->open();
}

void RepositoriesDialog::editCurrent()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    auto *dialog = new RepositoryDialog(m_connection, m_model->repository(current.row()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RepositoryDialog::saved, this, &RepositoriesDialog::reload);
    dialog->open();
}

void RepositoriesDialog::deleteCurrent(bool confirmed)
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid() || !m_connection)
        return;
    const QString url = m_model->repository(current.row()).value(u"repo").toString();
    if (!confirmed
        && QMessageBox::question(this, tr("Delete Repository"),
                                 tr("Delete %1 and its credentials from the server? Applications that use it "
                                    "keep working only if the repository needs no credentials.")
                                     .arg(url),
                                 QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel)
            != QMessageBox::Yes)
        return;
    m_connection->client()
        ->send("DELETE", u"/api/v1/repositories/%1"_s.arg(ApiPaths::encoded(url)))
        .then(this, [this, url](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer) {
                m_error->setText(tr("%1 was not deleted: %2").arg(url, answer.error().message));
                m_error->show();
                return;
            }
            reload();
        });
}

} // namespace Capstan
