// SPDX-License-Identifier: Apache-2.0
#include "clustersdialog.h"

#include "clusters/clusterdialog.h"
#include "clusters/clustersmodel.h"
#include "connections/connection.h"

using namespace Qt::StringLiterals;

namespace Capstan {

ClustersDialog::ClustersDialog(Connection *connection, QWidget *parent)
    : ClustersDialog(connection, new ClustersModel, parent)
{ }

ClustersDialog::ClustersDialog(Connection *connection, ClustersModel *model, QWidget *parent)
    : ListDialog(connection, model, u"/api/v1/clusters"_s, parent)
    , m_model(model)
{
    setObjectName(u"clustersDialog"_s);
    setWindowTitle(tr("Clusters of %1").arg(connection ? connection->name() : QString()));
    reload();
}

QDialog *ClustersDialog::createEditor(const QJsonObject &item)
{
    return new ClusterDialog(connection(), item, this);
}

QString ClustersDialog::deleteQuestion(const QJsonObject &item) const
{
    return tr("Remove %1 (%2) from the server? Its applications cannot be synced any more; nothing in the cluster "
              "is deleted.")
        .arg(item.value(u"name").toString(), item.value(u"server").toString());
}

} // namespace Capstan
