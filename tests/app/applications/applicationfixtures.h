// SPDX-License-Identifier: Apache-2.0
// Applications for the model tests, made the way the client reads them.
#pragma once

#include "client/applicationsummary.h"

#include <QAbstractItemModel>
#include <QString>
#include <QStringList>

namespace Capstan::Test {

inline ApplicationSummary application(const QString &name, const QString &project = QStringLiteral("default"),
                                      const QString &health = QStringLiteral("Healthy"),
                                      const QString &sync = QStringLiteral("Synced"),
                                      const QString &ns = QStringLiteral("apps"))
{
    ApplicationSummary a;
    a.name = name;
    a.ns = QStringLiteral("argocd");
    a.project = project;
    a.healthStatus = health;
    a.syncStatus = sync;
    a.repoUrl = QStringLiteral("https://git.example.com/%1.git").arg(project);
    a.path = name;
    a.targetRevision = QStringLiteral("HEAD");
    a.revision = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    a.destinationName = QStringLiteral("in-cluster");
    a.destinationServer = QStringLiteral("https://kubernetes.default.svc");
    a.destinationNamespace = ns;
    return a;
}

/// A tree model as text: `label{child,child}`, children in model order.
inline QString dump(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList parts;
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex index = model.index(r, 0, parent);
        QString text = index.data().toString();
        if (model.rowCount(index) > 0)
            text += QLatin1Char('{') + dump(model, index) + QLatin1Char('}');
        parts.append(text);
    }
    return parts.join(QLatin1Char(','));
}

} // namespace Capstan::Test
