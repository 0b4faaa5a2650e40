// SPDX-License-Identifier: Apache-2.0
#include "repositoriesmodel.h"

using namespace Qt::StringLiterals;

namespace Capstan {

RepositoriesModel::RepositoriesModel(QObject *parent)
    : JsonListModel(u"repo"_s, {tr("Name"), tr("Repository"), tr("Type"), tr("Project"), tr("Connection")}, parent)
{ }

QVariant RepositoriesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const QJsonObject item = this->item(index.row());
    if (index.column() == ConnectionColumn)
        return connectionStateData(item.value(u"connectionState").toObject(), role);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return item.value(u"name").toString();
    case UrlColumn:
        return item.value(u"repo").toString();
    case TypeColumn:
        return item.value(u"type").toString().isEmpty() ? u"git"_s : item.value(u"type").toString();
    case ProjectColumn:
        return item.value(u"project").toString();
    }
    return {};
}

} // namespace Capstan
