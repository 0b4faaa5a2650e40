// SPDX-License-Identifier: Apache-2.0
#include "versioninfomodel.h"

namespace Capstan {

VersionInfoModel::VersionInfoModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void VersionInfoModel::setVersion(const VersionMessage &version)
{
    const std::pair<QString, const QString *> fields[] = {
        {tr("Version"), &version.version},
        {tr("Build date"), &version.buildDate},
        {tr("Commit"), &version.gitCommit},
        {tr("Tag"), &version.gitTag},
        {tr("Tree state"), &version.gitTreeState},
        {tr("Go version"), &version.goVersion},
        {tr("Compiler"), &version.compiler},
        {tr("Platform"), &version.platform},
        {tr("Kustomize"), &version.kustomizeVersion},
        {tr("Helm"), &version.helmVersion},
        {tr("kubectl"), &version.kubectlVersion},
        {tr("Jsonnet"), &version.jsonnetVersion},
        {tr("Build info"), &version.extraBuildInfo},
    };
    QList<Row> rows;
    for (const auto &[label, value] : fields) {
        if (!value->isEmpty())
            rows.append({label, *value});
    }
    // Another server's version replaces every row.
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int VersionInfoModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant VersionInfoModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole:
        return row.label;
    case ValueRole:
    case Qt::ToolTipRole:
        return row.value;
    default:
        return {};
    }
}

QHash<int, QByteArray> VersionInfoModel::roleNames() const
{
    return {
        {LabelRole, "label"},
        {ValueRole, "value"},
    };
}

} // namespace Capstan
