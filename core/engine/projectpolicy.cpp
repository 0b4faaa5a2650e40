// SPDX-License-Identifier: Apache-2.0
#include "projectpolicy.h"

#include "base/glob.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace Capstan::Engine {

namespace {

bool isDeny(const QString &pattern)
{
    return pattern.startsWith(u'!');
}

bool inList(const QList<Model::GroupKind> &list, const QString &group, const QString &kind)
{
    return std::any_of(list.begin(), list.end(), [&](const Model::GroupKind &item) {
        return Glob(item.kind, u'/').matches(kind) && Glob(item.group, u'/').matches(group);
    });
}

} // namespace

bool globMatch(const QString &pattern, const QString &value, bool allowNegation, QChar separator)
{
    if (allowNegation && isDeny(pattern))
        return !Glob(pattern.mid(1), separator).matches(value);
    if (pattern == u"*")
        return true;
    return Glob(pattern, separator).matches(value);
}

QString normalizeGitUrl(const QString &url)
{
    QString text = url.trimmed().toLower();
    static const QRegularExpression scp(u"^([\\w.-]+@[\\w.-]+):(?!//)(.*)$"_s);
    if (const auto match = scp.match(text); match.hasMatch() && !text.contains(u"://"))
        text = u"ssh://"_s + match.captured(1) + u'/' + match.captured(2);
    if (text.endsWith(u".git"))
        text.chop(4);
    const QUrl parsed(text);
    if (!parsed.isValid())
        return text;
    text = parsed.toString();
    if (text.startsWith(u"ssh://"))
        text = text.mid(6);
    return text;
}

bool isSourcePermitted(const Model::AppProject &project, const QString &repoUrl)
{
    const QString source = normalizeGitUrl(repoUrl);
    bool matched = false;
    for (const QString &entry : project.spec.sourceRepos) {
        const QString normalized = isDeny(entry) ? u'!' + normalizeGitUrl(entry.mid(1)) : normalizeGitUrl(entry);
        if (globMatch(normalized, source, true, u'/'))
            matched = true;
        else if (isDeny(normalized))
            return false;
    }
    return matched;
}

bool isDestinationPermitted(const Model::AppProject &project, const Model::ApplicationDestination &destination)
{
    bool anyMatched = false;
    bool denied = false;
    for (const Model::ApplicationDestination &item : project.spec.destinations) {
        const bool nameMatched = !destination.name.isEmpty() && globMatch(item.name, destination.name, true);
        const bool serverMatched = !destination.server.isEmpty() && globMatch(item.server, destination.server, true);
        const bool namespaceMatched = globMatch(item.ns, destination.ns, true);
        if ((serverMatched || nameMatched) && namespaceMatched)
            anyMatched = true;
        else if ((!nameMatched && isDeny(item.name)) || (!serverMatched && isDeny(item.server))
                 || (!namespaceMatched && isDeny(item.ns)))
            denied = true;
    }
    return anyMatched && !denied;
}

bool isGroupKindPermitted(const Model::AppProject &project, const QString &group, const QString &kind, bool namespaced)
{
    const Model::AppProjectSpec &spec = project.spec;
    if (namespaced) {
        const bool whitelisted = !spec.namespaceResourceWhitelist
            || (!spec.namespaceResourceWhitelist->isEmpty() && inList(*spec.namespaceResourceWhitelist, group, kind));
        const bool blacklisted
            = spec.namespaceResourceBlacklist && inList(*spec.namespaceResourceBlacklist, group, kind);
        return whitelisted && !blacklisted;
    }
    return inList(spec.clusterResourceWhitelist, group, kind) && !inList(spec.clusterResourceBlacklist, group, kind);
}

Result<Model::Cluster> destinationCluster(const Model::ApplicationDestination &destination,
                                          const QList<Model::Cluster> &clusters)
{
    if (!destination.name.isEmpty() && !destination.server.isEmpty())
        return Failure(u"application destination can't have both name and server defined: %1 %2"_s.arg(
            destination.name, destination.server));
    if (!destination.server.isEmpty()) {
        for (const Model::Cluster &cluster : clusters) {
            if (cluster.server == destination.server)
                return cluster;
        }
        return Failure(u"error getting cluster by server \"%1\": cluster \"%1\" not found"_s.arg(destination.server));
    }
    if (!destination.name.isEmpty()) {
        QList<Model::Cluster> named;
        for (const Model::Cluster &cluster : clusters) {
            if (cluster.name == destination.name)
                named.append(cluster);
        }
        if (named.isEmpty())
            return Failure(u"there are no clusters with this name: %1"_s.arg(destination.name));
        if (named.size() > 1) {
            QStringList servers;
            for (const Model::Cluster &cluster : named)
                servers.append(cluster.server);
            return Failure(
                u"there are %1 clusters with the same name: [%2]"_s.arg(named.size()).arg(servers.join(u' ')));
        }
        return named.first();
    }
    return Failure(u"Destination server missing from app spec"_s);
}

Model::ApplicationDestination resolvedDestination(const Model::ApplicationDestination &destination,
                                                  const QList<Model::Cluster> &clusters)
{
    Model::ApplicationDestination resolved = destination;
    if (auto cluster = destinationCluster(destination, clusters)) {
        resolved.server = cluster->server;
        resolved.name = cluster->name;
    }
    return resolved;
}

QStringList permissionErrors(const Model::Application &application, const Model::AppProject &project,
                             const QList<Model::Cluster> &clusters)
{
    QStringList errors;
    const Model::ApplicationSpec &spec = application.spec;
    const QString projectName = spec.projectName();
    const QList<Model::ApplicationSource> sources = spec.allSources();
    for (const Model::ApplicationSource &source : sources) {
        const bool refOnly = spec.hasMultipleSources() && !source.ref.isEmpty();
        if (source.repoURL.isEmpty() || (source.path.isEmpty() && source.chart.isEmpty() && !refOnly))
            errors.append(spec.hasMultipleSources()
                              ? u"spec.source.repoURL and either source.path, source.chart, or source.ref are "
                                "required for source %1"_s.arg(source.repoURL)
                              : u"spec.source.repoURL and either spec.source.path or spec.source.chart are required"_s);
        else if (!source.chart.isEmpty() && source.targetRevision.isEmpty())
            errors.append(u"spec.source.targetRevision is required if the manifest source is a helm chart"_s);
        else if (!isSourcePermitted(project, source.repoURL))
            errors.append(u"application repo %1 is not permitted in project '%2'"_s.arg(source.repoURL, projectName));
    }
    auto cluster = destinationCluster(spec.destination, clusters);
    if (!cluster) {
        errors.append(cluster.error());
        return errors;
    }
    Model::ApplicationDestination destination = spec.destination;
    destination.server = cluster->server;
    destination.name = cluster->name;
    if (!isDestinationPermitted(project, destination))
        errors.append(u"application destination server '%1' and namespace '%2' do not match any of the allowed "
                      "destinations in project '%3'"_s.arg(spec.destination.server, spec.destination.ns, projectName));
    return errors;
}

QString objectPermissionError(const Model::AppProject &project, const Model::ApplicationDestination &destination,
                              const QString &group, const QString &kind, const QString &ns, bool namespaced)
{
    if (!isGroupKindPermitted(project, group, kind, namespaced))
        return u"resource %1:%2 is not permitted in project %3"_s.arg(group, kind, project.metadata.name);
    if (namespaced) {
        Model::ApplicationDestination target = destination;
        target.ns = ns;
        if (!isDestinationPermitted(project, target))
            return u"namespace %1 is not permitted in project '%2'"_s.arg(ns, project.metadata.name);
    }
    return {};
}

} // namespace Capstan::Engine
