// SPDX-License-Identifier: Apache-2.0
#include "clustersdialog.h"

#include "client/apiclient.h"
#include "client/apipaths.h"
#include "clusters/clusterdialog.h"
#include "clusters/clustersmodel.h"
#include "connections/connection.h"

#include <QTableView>

using namespace Qt::StringLiterals;

namespace Capstan {

ClustersDialog::ClustersDialog(Connection *connection, QWidget *parent)
    : ListDialog(new ClustersModel, u"clusters"_s, parent)
    , m_connection(connection)
    , m_model(static_cast<ClustersModel *>(view()->model()))
{
    m_model->setParent(this);
    setObjectName(u"clustersDialog"_s);
    setWindowTitle(tr("Clusters of %1").arg(connection ? connection->name() : QString()));
    reload();
}

void ClustersDialog::reload()
{
    if (!m_connection)
        return;
    m_connection->client()
        ->getJson(u"/api/v1/clusters"_s)
        .then(this, [this](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer) {
                showError(answer.error().message);
                return;
            }
            m_model->setClusters(answer->object().value(u"items").toArray());
            Q_EMIT reloaded();
        });
}

void ClustersDialog::add()
{
    auto *dialog = new ClusterDialog(m_connection, {}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ClusterDialog::saved, this, &ClustersDialog::reload);
    dialog->open();
}

void ClustersDialog::editCurrent()
{
    const QModelIndex current = view()->currentIndex();
    if (!current.isValid())
        return;
    auto *dialog = new ClusterDialog(m_connection, m_model->cluster(current.row()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ClusterDialog::saved, this, &ClustersDialog::reload);
    dialog->open();
}

void ClustersDialog::deleteCurrent(bool confirmed)
{
    const QModelIndex current = view()->currentIndex();
    if (!current.isValid() || !m_connection)
        return;
    const QJsonObject cluster = m_model->cluster(current.row());
    const QString server = cluster.value(u"server").toString();
    if (!confirmed
        && !confirmDelete(tr("Delete Cluster"),
                          tr("Remove %1 (%2) from the server? Its applications cannot be synced any more; nothing "
                             "in the cluster is deleted.")
                              .arg(cluster.value(u"name").toString(), server)))
        return;
    m_connection->client()
        ->send("DELETE", u"/api/v1/clusters/%1"_s.arg(ApiPaths::encoded(server)))
        .then(this, [this, server](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer) {
                showError(tr("%1 was not removed: %2").arg(server, answer.error().message));
                return;
            }
            reload();
        });
}

} // namespace Capstan
