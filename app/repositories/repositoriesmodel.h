// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/jsonlistmodel.h"

namespace Capstan {

/// The repositories a server knows (GET /api/v1/repositories): name, URL,
/// type, project and connection state. Credentials never reach it: the
/// server does not send them.
class RepositoriesModel : public JsonListModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, UrlColumn, TypeColumn, ProjectColumn, ConnectionColumn, ColumnCount };

    explicit RepositoriesModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace Capstan
