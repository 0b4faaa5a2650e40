// SPDX-License-Identifier: Apache-2.0
#pragma once

// An in-memory cluster for the sync engine's unit tests: it serves a fixed set
// of kinds (plus those whose CRDs it is given), keeps objects by key, honours
// finalizers on delete, and logs every write. The end-to-end tests use the
// real local control plane instead.

#include "sync/resourceoperations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QSet>
#include <QStringList>

namespace Capstan::Testing {

using namespace Qt::StringLiterals;

class FakeCluster : public Sync::ResourceOperations
{
public:
    FakeCluster()
    {
        serve({}, u"v1"_s, u"Namespace"_s, false);
        serve({}, u"v1"_s, u"ConfigMap"_s, true);
        serve({}, u"v1"_s, u"Secret"_s, true);
        serve({}, u"v1"_s, u"Service"_s, true);
        serve({}, u"v1"_s, u"Pod"_s, true);
        serve({}, u"v1"_s, u"ServiceAccount"_s, true);
        serve(u"apps"_s, u"v1"_s, u"Deployment"_s, true);
        serve(u"apps"_s, u"v1"_s, u"ReplicaSet"_s, true);
        serve(u"batch"_s, u"v1"_s, u"Job"_s, true);
        serve(u"rbac.authorization.k8s.io"_s, u"v1"_s, u"ClusterRole"_s, false);
        serve(u"apiextensions.k8s.io"_s, u"v1"_s, u"CustomResourceDefinition"_s, false);
    }

    void serve(const QString &group, const QString &version, const QString &kind, bool namespaced)
    {
        Kube::ApiResource resource;
        resource.group = group;
        resource.version = version;
        resource.kind = kind;
        resource.name = kind.toLower() + u's';
        resource.namespaced = namespaced;
        m_resources.insert(Kube::GroupVersionKind{group, version, kind}, resource);
    }

    static QString keyOf(const QString &group, const QString &kind, const QString &ns, const QString &name)
    {
        return group + u'/' + kind + u'/' + ns + u'/' + name;
    }
    static QString keyOf(const QJsonObject &object)
    {
        const auto gvk = Kube::GroupVersionKind::of(object);
        const QJsonObject metadata = object.value(u"metadata").toObject();
        return keyOf(gvk.group, gvk.kind, metadata.value(u"namespace").toString(), metadata.value(u"name").toString());
    }

    /// Puts an object straight into the cluster, as another client would.
    void put(QJsonObject object) { m_objects.insert(keyOf(object), object); }
    std::optional<QJsonObject> find(const QString &group, const QString &kind, const QString &ns,
                                    const QString &name) const
    {
        auto it = m_objects.constFind(keyOf(group, kind, ns, name));
        if (it == m_objects.cend())
            return std::nullopt;
        return *it;
    }
    QList<QJsonObject> objects() const { return m_objects.values(); }
    /// Sets a field of `status` on a live object, as a controller would.
    void setStatus(const QString &group, const QString &kind, const QString &ns, const QString &name,
                   const QJsonObject &status)
    {
        auto it = m_objects.find(keyOf(group, kind, ns, name));
        if (it != m_objects.end())
            it->insert(u"status"_s, status);
    }
    /// Objects whose apply is refused, with the message to refuse them with.
    QMap<QString, QString> refuse;
    /// The same for updates and deletes ("Kind/name" to message).
    QMap<QString, QString> refuseUpdate;
    QMap<QString, QString> refuseDelete;
    /// Every write, in order: "apply Kind/name", "delete Kind/name", "update Kind/name".
    QStringList log;

    Result<Kube::ApiResource, Kube::KubeError> resource(const Kube::GroupVersionKind &gvk) override
    {
        if (auto it = m_resources.constFind(gvk); it != m_resources.cend())
            return *it;
        for (const QJsonObject &object : std::as_const(m_objects)) {
            if (object.value(u"kind").toString() != u"CustomResourceDefinition")
                continue;
            const QJsonObject spec = object.value(u"spec").toObject();
            if (spec.value(u"group").toString() == gvk.group
                && spec.value(u"names").toObject().value(u"kind").toString() == gvk.kind) {
                serve(gvk.group, gvk.version, gvk.kind, spec.value(u"scope").toString() != u"Cluster");
                return m_resources.value(gvk);
            }
        }
        return Failure(notFound(u"the server could not find the requested resource"_s));
    }

    Result<QJsonObject, Kube::KubeError> get(const Kube::ApiResource &resource, const QString &ns,
                                             const QString &name) override
    {
        if (auto object = find(resource.group, resource.kind, resource.namespaced ? ns : QString(), name))
            return *object;
        return Failure(notFound(u"%1 \"%2\" not found"_s.arg(resource.name, name)));
    }

    Result<QString, Kube::KubeError> apply(const Kube::ApiResource &resource, const QJsonObject &target,
                                           const QJsonObject &live, const Sync::ApplyOptions &options) override
    {
        QJsonObject object = target;
        QJsonObject metadata = object.value(u"metadata").toObject();
        if (!resource.namespaced)
            metadata.remove(u"namespace");
        object.insert(u"metadata"_s, metadata);
        const QString name = metadata.value(u"name").toString();
        const QString line = Sync::kubectlName(resource.group, resource.kind, name);
        if (const QString refusal = refuse.value(resource.kind + u'/' + name); !refusal.isEmpty())
            return Failure(refused(refusal));
        if (options.dryRun)
            return QString(line + (live.isEmpty() ? u" created (dry run)"_s : u" configured (dry run)"_s));
        const QString key = keyOf(object);
        const bool exists = m_objects.contains(key);
        if (exists && m_objects.value(key).value(u"metadata").toObject().contains(u"deletionTimestamp")) {
            Kube::KubeError error;
            error.reason = Kube::KubeError::Reason::Conflict;
            error.message = u"object is being deleted"_s;
            return Failure(error);
        }
        if (exists)
            object.insert(u"status"_s, m_objects.value(key).value(u"status"));
        m_objects.insert(key, object);
        log.append(u"apply "_s + resource.kind + u'/' + name);
        return QString(line + (exists ? u" configured"_s : u" created"_s));
    }

    Result<QJsonObject, Kube::KubeError> update(const Kube::ApiResource &resource, const QJsonObject &object) override
    {
        const QString key = keyOf(object);
        if (!m_objects.contains(key))
            return Failure(notFound(u"not found"_s));
        const QString name = object.value(u"metadata").toObject().value(u"name").toString();
        if (const QString refusal = refuseUpdate.value(resource.kind + u'/' + name); !refusal.isEmpty())
            return Failure(refused(refusal));
        log.append(u"update "_s + resource.kind + u'/' + name);
        const QJsonObject metadata = object.value(u"metadata").toObject();
        if (metadata.contains(u"deletionTimestamp") && metadata.value(u"finalizers").toArray().isEmpty()) {
            m_objects.remove(key);
            return object;
        }
        m_objects.insert(key, object);
        return object;
    }

    Result<void, Kube::KubeError> remove(const Kube::ApiResource &resource, const QString &ns, const QString &name,
                                         Kube::PropagationPolicy) override
    {
        const QString key = keyOf(resource.group, resource.kind, resource.namespaced ? ns : QString(), name);
        auto it = m_objects.find(key);
        if (it == m_objects.end())
            return Failure(notFound(u"not found"_s));
        if (const QString refusal = refuseDelete.value(resource.kind + u'/' + name); !refusal.isEmpty())
            return Failure(refused(refusal));
        log.append(u"delete "_s + resource.kind + u'/' + name);
        QJsonObject metadata = it->value(u"metadata").toObject();
        if (metadata.value(u"finalizers").toArray().isEmpty()) {
            m_objects.erase(it);
        } else {
            metadata.insert(u"deletionTimestamp"_s, u"2026-01-01T00:00:00Z"_s);
            it->insert(u"metadata"_s, metadata);
        }
        return {};
    }

private:
    static Kube::KubeError refused(const QString &message)
    {
        Kube::KubeError error;
        error.reason = Kube::KubeError::Reason::Invalid;
        error.message = message;
        return error;
    }

    static Kube::KubeError notFound(const QString &message)
    {
        Kube::KubeError error;
        error.reason = Kube::KubeError::Reason::NotFound;
        error.httpStatus = 404;
        error.message = message;
        return error;
    }

    QHash<Kube::GroupVersionKind, Kube::ApiResource> m_resources;
    QMap<QString, QJsonObject> m_objects;
};

} // namespace Capstan::Testing
