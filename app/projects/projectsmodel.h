// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "widgets/jsonlistmodel.h"

namespace Capstan {

/// The projects a server knows (GET /api/v1/projects): name, description,
/// the repositories and destinations they allow, and their roles.
class ProjectsModel : public JsonListModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, DescriptionColumn, SourcesColumn, DestinationsColumn, RolesColumn, ColumnCount };

    explicit ProjectsModel(QObject *parent = nullptr);

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};

} // namespace Capstan
