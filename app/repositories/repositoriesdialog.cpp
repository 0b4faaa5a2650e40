// SPDX-License-Identifier: Apache-2.0
#include "repositoriesdialog.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "connections/connection.h"
#include "repositories/repositoriesmodel.h"
#include "repositories/repositorydialog.h"

#include <QTableView>

using namespace Qt::StringLiterals;

namespace Capstan {

RepositoriesDialog::RepositoriesDialog(Connection *connection, QWidget *parent)
    : ListDialog(new RepositoriesModel, u"repositories"_s, parent)
    , m_connection(connection)
    , m_model(static_cast<RepositoriesModel *>(view()->model()))
{
    m_model->setParent(this);
    setObjectName(u"repositoriesDialog"_s);
    setWindowTitle(tr("Repositories of %1").arg(connection ? connection->name() : QString()));
    reload();
}

void RepositoriesDialog::reload()
{
    if (!m_connection)
        return;
    m_connection->client()
        ->getJson(u"/api/v1/repositories"_s)
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer) {
                showError(answer.error().message);
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
    const QModelIndex current = view()->currentIndex();
    if (!current.isValid())
        return;
    auto *dialog = new RepositoryDialog(m_connection, m_model->repository(current.row()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RepositoryDialog::saved, this, &RepositoriesDialog::reload);
    dialog->open();
}

void RepositoriesDialog::deleteCurrent(bool confirmed)
{
    const QModelIndex current = view()->currentIndex();
    if (!current.isValid() || !m_connection)
        return;
    const QString url = m_model->repository(current.row()).value(u"repo").toString();
    if (!confirmed
        && !confirmDelete(tr("Delete Repository"),
                          tr("Delete %1 and its credentials from the server? Applications that use it keep working "
                             "only if the repository needs no credentials.")
                              .arg(url)))
        return;
    m_connection->client()
        ->send("DELETE", u"/api/v1/repositories/%1"_s.arg(ApiPaths::encoded(url)))
        .then(this, [this, url](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer) {
                showError(tr("%1 was not deleted: %2").arg(url, answer.error().message));
                return;
            }
            reload();
        });
}

} // namespace Capstan
