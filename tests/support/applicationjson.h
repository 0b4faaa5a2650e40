// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/cluster.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace Capstan::Test {

/// An Application as a client sends it: @p path of the repository at `main`,
/// deployed to the in-cluster namespace named as the app, which the sync
/// creates.
inline QJsonObject applicationJson(const QString &name, const QString &repoURL, const QString &path,
                                   const QJsonObject &labels = {})
{
    QJsonObject metadata{{QStringLiteral("name"), name}};
    if (!labels.isEmpty())
        metadata.insert(QStringLiteral("labels"), labels);
    const QJsonObject source{{QStringLiteral("repoURL"), repoURL},
                             {QStringLiteral("path"), path},
                             {QStringLiteral("targetRevision"), QStringLiteral("main")}};
    const QJsonObject destination{{QStringLiteral("server"), Model::Cluster::inClusterServer()},
                                  {QStringLiteral("namespace"), name}};
    const QJsonObject syncPolicy{{QStringLiteral("syncOptions"), QJsonArray{QStringLiteral("CreateNamespace=true")}}};
    return {
        {QStringLiteral("metadata"), metadata},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("project"), QStringLiteral("default")},
                     {QStringLiteral("source"), source},
                     {QStringLiteral("destination"), destination},
                     {QStringLiteral("syncPolicy"), syncPolicy}}},
    };
}

} // namespace Capstan::Test
