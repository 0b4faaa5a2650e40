// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QString>

namespace Capstan {

/// What a list of applications shows of one Argo CD Application, read
/// leniently from its JSON: a field the reader does not know is ignored and a
/// missing one stays empty, so that any Argo CD version can be listed.
struct ApplicationSummary
{
    QString name;
    QString ns;
    QString project;
    QMap<QString, QString> labels;
    QString syncStatus; // Synced, OutOfSync, Unknown
    QString healthStatus; // Healthy, Progressing, Degraded, Suspended, Missing, Unknown
    QString healthMessage;
    /// The revision last compared (the first source's for several sources).
    QString revision;
    QString targetRevision;
    QString repoUrl;
    /// The path in the repository, or the Helm chart's name.
    QString path;
    QString chart;
    QString destinationServer;
    QString destinationName;
    QString destinationNamespace;
    /// When the last operation finished (or started, while it runs).
    QDateTime lastSync;
    /// The current or last operation's phase: Running, Succeeded, Failed, Error, Terminating.
    QString operationPhase;
    bool operationRunning = false;
    bool automated = false;
    int sourceCount = 0;
    int conditionCount = 0;
    QString resourceVersion;

    /// `namespace/name`: unique within one server.
    QString key() const { return ns + u'/' + name; }
    /// The destination as people say it: the cluster's name, else its URL
    /// ("in-cluster" for the control plane's own, as Argo CD names it).
    QString destinationCluster() const
    {
        if (!destinationName.isEmpty())
            return destinationName;
        return destinationServer == u"https://kubernetes.default.svc" ? QStringLiteral("in-cluster")
                                                                      : destinationServer;
    }

    static ApplicationSummary fromJson(const QJsonObject &application);
    friend bool operator==(const ApplicationSummary &, const ApplicationSummary &) = default;
};

} // namespace Capstan
