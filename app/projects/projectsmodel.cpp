// SPDX-License-Identifier: Apache-2.0
#include "projectsmodel.h"

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

QStringList destinations(const QJsonArray &items)
{
    QStringList texts;
    for (const QJsonValue &item : items) {
        const QString cluster
            = item[u"name"].toString().isEmpty() ? item[u"server"].toString() : item[u"name"].toString();
        texts.append(cluster + u" / "_s + item[u"namespace"].toString());
    }
    return texts;
}

} // namespace

ProjectsModel::ProjectsModel(QObject *parent)
    : JsonListModel(u"metadata.name"_s,
                    {tr("Name"), tr("Description"), tr("Source Repositories"), tr("Destinations"), tr("Roles")}, parent)
{ }

QVariant ProjectsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const QJsonObject item = this->item(index.row());
    const QJsonObject spec = item.value(u"spec").toObject();
    // The cell shows a short list; the tooltip has all of it.
    const auto list = [role](const QStringList &texts) -> QVariant {
        if (role == Qt::ToolTipRole)
            return texts.join(u'\n');
        return texts.size() <= 2 ? texts.join(u", "_s)
                                 : tr("%1, %2 and %n more", nullptr, int(texts.size() - 2)).arg(texts[0], texts[1]);
    };
    switch (index.column()) {
    case NameColumn:
        return key(item);
    case DescriptionColumn:
        return spec.value(u"description").toString();
    case SourcesColumn:
        return list(spec.value(u"sourceRepos").toVariant().toStringList());
    case DestinationsColumn:
        return list(destinations(spec.value(u"destinations").toArray()));
    case RolesColumn: {
        QStringList names;
        for (const QJsonValue &projectRole : spec.value(u"roles").toArray())
            names.append(projectRole[u"name"].toString());
        return list(names);
    }
    }
    return {};
}

} // namespace Capstan
