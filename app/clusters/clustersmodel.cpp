// SPDX-License-Identifier: Apache-2.0
#include "clustersmodel.h"

using namespace Qt::StringLiterals;

namespace Capstan {

ClustersModel::ClustersModel(QObject *parent)
    : JsonListModel(u"server"_s, {tr("Name"), tr("Server"), tr("Version"), tr("Applications"), tr("Connection")},
                    parent)
{ }

QVariant ClustersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const QJsonObject item = this->item(index.row());
    const QJsonObject info = item.value(u"info").toObject();
    if (index.column() == ConnectionColumn)
        return connectionStateData(info.value(u"connectionState").toObject(), role);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return item.value(u"name").toString();
        case ServerColumn:
            return item.value(u"server").toString();
        case VersionColumn: {
            const QString version = info.value(u"serverVersion").toString();
            return version.isEmpty() ? item.value(u"serverVersion").toString() : version;
        }
        case ApplicationsColumn:
            return info.value(u"applicationsCount").toInteger();
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == ApplicationsColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

} // namespace Capstan
