// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/jsonlistmodel.h"

namespace Capstan {

/// The clusters a server deploys to (GET /api/v1/clusters): name, server,
/// Kubernetes version, how many applications use it and its connection state.
class ClustersModel : public JsonListModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ServerColumn, VersionColumn, ApplicationsColumn, ConnectionColumn, ColumnCount };

    explicit ClustersModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace Capstan
