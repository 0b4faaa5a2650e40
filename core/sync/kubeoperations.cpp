// SPDX-License-Identifier: Apache-2.0
#include "kubeoperations.h"

#include "base/logging.h"
#include "diff/resourcediff.h"
#include "kube/kubeclient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Capstan::Sync {

using Kube::ApiResource;
using Kube::KubeError;

namespace {

using Kube::metadataOf;
using Kube::nameOf;
using Kube::namespaceOf;

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Sync::KubeOperations)
};

const QString fieldManager = u"argocd-controller"_s;
constexpr int conflictAttempts = 5;

/// The object with kubectl's last-applied annotation: the object itself, without
/// the annotation, as compact JSON.
QJsonObject withLastApplied(const QJsonObject &target)
{
    QJsonObject applied = target;
    QJsonObject metadata = metadataOf(applied);
    QJsonObject annotations = metadata.value(u"annotations").toObject();
    annotations.remove(Diff::lastAppliedAnnotation);
    if (annotations.isEmpty())
        metadata.remove(u"annotations");
    else
        metadata.insert(u"annotations"_s, annotations);
    applied.insert(u"metadata"_s, metadata);
    const QString text = QString::fromUtf8(QJsonDocument(applied).toJson(QJsonDocument::Compact)) + u'\n';

    QJsonObject result = target;
    annotations.insert(Diff::lastAppliedAnnotation, text);
    metadata.insert(u"annotations"_s, annotations);
    result.insert(u"metadata"_s, metadata);
    return result;
}

QString validation(const ApplyOptions &options)
{
    return options.validate ? u"Strict"_s : u"Ignore"_s;
}

/// kubectl's line for a write: "deployment.apps/web configured (dry run)".
QString line(const QString &name, QStringView verb, bool dryRun = false)
{
    QString text = name + u' ' + verb;
    if (dryRun)
        text += u" (dry run)";
    return text;
}

} // namespace

QString kubectlName(const QString &group, const QString &kind, const QString &name)
{
    return kind.toLower() + (group.isEmpty() ? QString() : u'.' + group) + u'/' + name;
}

KubeOperations::KubeOperations(Kube::KubeClient *client)
    : m_client(client)
{ }

template<typename Call>
auto KubeOperations::call(Call start)
{
    // The client is not thread-safe: start the request on its thread, wait here.
    Q_ASSERT_X(QThread::currentThread() != m_client->thread(), "KubeOperations",
               "called on the client's own thread, where waiting would never end");
    decltype(start()) future;
    QMetaObject::invokeMethod(m_client, std::move(start), Qt::BlockingQueuedConnection, &future);
    future.waitForFinished();
    return future.result();
}

Result<ApiResource, KubeError> KubeOperations::resource(const Kube::GroupVersionKind &gvk)
{
    return call([this, gvk] { return m_client->resolve(gvk); });
}

Result<QJsonObject, KubeError> KubeOperations::get(const ApiResource &resource, const QString &ns, const QString &name)
{
    return call([this, resource, ns, name] { return m_client->get(resource, ns, name); });
}

Result<QJsonObject, KubeError> KubeOperations::update(const ApiResource &resource, const QJsonObject &object)
{
    return call([this, resource, object] { return m_client->update(resource, namespaceOf(object), object); });
}

Result<void, KubeError> KubeOperations::remove(const ApiResource &resource, const QString &ns, const QString &name,
                                               Kube::PropagationPolicy propagation)
{
    Kube::DeleteOptions options;
    options.propagation = propagation;
    return remove(resource, ns, name, options);
}

Result<QJsonObject, KubeError> KubeOperations::patch(const ApiResource &resource, const QString &ns,
                                                     const QString &name, Kube::PatchType type, const QByteArray &body)
{
    qCInfo(lcSync).noquote() << "patching" << kubectlName(resource.group, resource.kind, name) << "in" << ns;
    return call([this, resource, ns, name, type, body] { return m_client->patch(resource, ns, name, type, body); });
}

Result<void, KubeError> KubeOperations::remove(const ApiResource &resource, const QString &ns, const QString &name,
                                               const Kube::DeleteOptions &options)
{
    qCInfo(lcSync).noquote() << "deleting" << kubectlName(resource.group, resource.kind, name) << "in" << ns;
    auto removed = call([this, resource, ns, name, options] { return m_client->remove(resource, ns, name, options); });
    if (!removed)
        return Failure(removed.error());
    return {};
}

Result<QJsonObject, KubeError> KubeOperations::list(const ApiResource &resource, const QString &ns,
                                                    const Kube::ListOptions &options)
{
    return call([this, resource, ns, options] { return m_client->list(resource, ns, options); });
}

Result<QJsonObject, KubeError> KubeOperations::getRaw(const QString &path)
{
    return call([this, path] { return m_client->getRaw(path); });
}

Result<QString, KubeError> KubeOperations::apply(const ApiResource &resource, const QJsonObject &target,
                                                 const QJsonObject &live, const ApplyOptions &options)
{
    Result<QString, KubeError> result = options.replace ? replace(resource, target, live, options)
        : options.serverSide && !options.dryRun         ? serverSideApply(resource, target, options)
                                                        : clientSideApply(resource, target, live, options);
    if (result && !options.dryRun && resource.group == u"apiextensions.k8s.io"
        && resource.kind == u"CustomResourceDefinition")
        waitForEstablished(resource, nameOf(target));
    return result;
}

Result<QString, KubeError> KubeOperations::serverSideApply(const ApiResource &resource, const QJsonObject &target,
                                                           const ApplyOptions &options)
{
    Kube::WriteOptions write;
    write.fieldManager = fieldManager;
    write.force = true;
    write.fieldValidation = validation(options);
    const QByteArray body = QJsonDocument(target).toJson(QJsonDocument::Compact);
    auto patched = call([this, resource, target, body, write] {
        return m_client->patch(resource, namespaceOf(target), nameOf(target), Kube::PatchType::Apply, body, write);
    });
    if (!patched)
        return Failure(patched.error());
    return line(kubectlName(resource.group, resource.kind, nameOf(target)), u"serverside-applied");
}

Result<QString, KubeError> KubeOperations::clientSideApply(const ApiResource &resource, const QJsonObject &target,
                                                           QJsonObject live, const ApplyOptions &options)
{
    const QString name = kubectlName(resource.group, resource.kind, nameOf(target));
    const QJsonObject desired = withLastApplied(target);
    Kube::WriteOptions write;
    write.fieldValidation = validation(options);
    for (int attempt = 0; attempt < conflictAttempts; ++attempt) {
        if (live.isEmpty()) {
            if (options.dryRun)
                return line(name, u"created", options.dryRun);
            auto created = call([this, resource, desired, write] {
                return m_client->create(resource, namespaceOf(desired), desired, write);
            });
            if (created)
                return line(name, u"created");
            if (created.error().reason != KubeError::Reason::AlreadyExists)
                return Failure(created.error());
        } else {
            // kubectl's three-way merge: what the last apply set and Git dropped
            // goes, what others set stays, what Git says wins.
            Diff::DiffSettings settings;
            settings.ignoreStatus = false;
            const Diff::ResourceDiff merged = Diff::diffResource(desired, live, settings);
            if (!merged.modified)
                return line(name, u"unchanged", options.dryRun);
            if (options.dryRun)
                return line(name, u"configured", options.dryRun);
            QJsonObject object = merged.predictedLive;
            QJsonObject metadata = metadataOf(object);
            const QJsonObject liveMetadata = metadataOf(live);
            for (const char *field : {"resourceVersion", "uid", "creationTimestamp", "generation"}) {
                const QLatin1StringView key(field);
                if (liveMetadata.contains(key))
                    metadata.insert(key, liveMetadata.value(key));
            }
            object.insert(u"metadata"_s, metadata);
            auto updated = call([this, resource, object, write] {
                return m_client->update(resource, namespaceOf(object), object, write);
            });
            if (updated)
                return line(name, u"configured");
            if (updated.error().reason == KubeError::Reason::Invalid && options.force) {
                auto recreated = recreate(resource, desired, options);
                if (!recreated)
                    return Failure(recreated.error());
                return line(name, u"configured");
            }
            if (updated.error().reason != KubeError::Reason::Conflict
                && updated.error().reason != KubeError::Reason::NotFound)
                return Failure(updated.error());
        }
        // Someone else wrote (or deleted) in between: read again and merge again.
        auto fresh = get(resource, namespaceOf(target), nameOf(target));
        if (!fresh && fresh.error().reason != KubeError::Reason::NotFound)
            return Failure(fresh.error());
        live = fresh ? *fresh : QJsonObject();
    }
    KubeError error;
    error.reason = KubeError::Reason::Conflict;
    error.httpStatus = 409;
    error.message
        = Tr::tr("%1 kept changing while it was applied; gave up after %2 attempts").arg(name).arg(conflictAttempts);
    return Failure(error);
}

Result<QString, KubeError> KubeOperations::replace(const ApiResource &resource, const QJsonObject &target,
                                                   const QJsonObject &live, const ApplyOptions &options)
{
    const QString name = kubectlName(resource.group, resource.kind, nameOf(target));
    Kube::WriteOptions write;
    write.fieldValidation = validation(options);
    if (live.isEmpty()) {
        if (options.dryRun)
            return line(name, u"created", options.dryRun);
        auto created = call(
            [this, resource, target, write] { return m_client->create(resource, namespaceOf(target), target, write); });
        if (!created)
            return Failure(created.error());
        return line(name, u"created");
    }
    const bool updateOnly = resource.kind == u"Namespace" || resource.kind == u"CustomResourceDefinition";
    if (options.dryRun)
        return updateOnly ? line(resource.kind + u'/' + nameOf(target), u"updated", true)
                          : line(name, u"replaced", true);
    // kubectl replace --force deletes and creates, whatever changed.
    if (options.force && !updateOnly) {
        auto recreated = recreate(resource, target, options);
        if (!recreated)
            return Failure(recreated.error());
        return line(name, u"replaced");
    }
    // The write carries the version read just before it; a conflict reads again.
    Result<QJsonObject, KubeError> updated = Failure(KubeError());
    for (int attempt = 0; attempt < conflictAttempts; ++attempt) {
        auto current = get(resource, namespaceOf(target), nameOf(target));
        if (!current)
            return Failure(current.error());
        QJsonObject object = target;
        QJsonObject metadata = metadataOf(object);
        metadata.insert(u"resourceVersion"_s, metadataOf(*current).value(u"resourceVersion"));
        object.insert(u"metadata"_s, metadata);
        updated = call(
            [this, resource, object, write] { return m_client->update(resource, namespaceOf(object), object, write); });
        if (updated || updated.error().reason != KubeError::Reason::Conflict)
            break;
    }
    if (!updated) {
        KubeError error = updated.error();
        if (updateOnly)
            error.message = u"error when updating: "_s + error.message;
        return Failure(error);
    }
    return updateOnly ? line(resource.kind + u'/' + nameOf(target), u"updated") : line(name, u"replaced");
}

Result<QJsonObject, KubeError> KubeOperations::recreate(const ApiResource &resource, const QJsonObject &object,
                                                        const ApplyOptions &options)
{
    const QString ns = namespaceOf(object);
    const QString name = nameOf(object);
    auto removed = remove(resource, ns, name, Kube::PropagationPolicy::Foreground);
    if (!removed && removed.error().reason != KubeError::Reason::NotFound)
        return Failure(removed.error());
    // kubectl --force waits for the old object to be gone.
    QDeadlineTimer deadline(std::chrono::seconds(60));
    while (!deadline.hasExpired()) {
        auto current = get(resource, ns, name);
        if (!current && current.error().reason == KubeError::Reason::NotFound)
            break;
        QThread::msleep(200);
    }
    QJsonObject fresh = object;
    QJsonObject metadata = metadataOf(fresh);
    metadata.remove(u"resourceVersion");
    metadata.remove(u"uid");
    fresh.insert(u"metadata"_s, metadata);
    Kube::WriteOptions write;
    write.fieldValidation = validation(options);
    return call(
        [this, resource, fresh, write] { return m_client->create(resource, namespaceOf(fresh), fresh, write); });
}

void KubeOperations::waitForEstablished(const ApiResource &resource, const QString &name)
{
    // As Argo CD: up to 3 s for the new kind to be served; a timeout is only logged.
    QDeadlineTimer deadline(std::chrono::seconds(3));
    while (!deadline.hasExpired()) {
        auto current = get(resource, {}, name);
        if (current) {
            const QJsonArray conditions = current->value(u"status").toObject().value(u"conditions").toArray();
            for (const QJsonValue &condition : conditions) {
                const QJsonObject c = condition.toObject();
                if (c.value(u"type").toString() == u"Established" && c.value(u"status").toString() == u"True")
                    return;
            }
        }
        QThread::msleep(100);
    }
    qCInfo(lcSync) << "CustomResourceDefinition" << name << "was not established within 3 s";
}

} // namespace Capstan::Sync
