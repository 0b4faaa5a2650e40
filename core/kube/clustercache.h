// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apiresource.h"
#include "kubeerror.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMultiHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <shared_mutex>

#include <atomic>
#include <memory>
#include <optional>

class QTimer;

namespace Capstan::Kube {

class ClusterCache;
class KubeClient;
class Watch;

/// How an application's objects are recognised, as Argo CD's
/// application.resourceTrackingMethod.
enum class TrackingMethod {
    /// argocd.argoproj.io/tracking-id (Argo CD 3's default).
    Annotation,
    /// app.kubernetes.io/instance.
    Label,
};

/// Names one object of a cluster: group, kind, namespace and name.
struct ResourceKey
{
    QString group;
    QString kind;
    QString ns;
    QString name;

    static ResourceKey of(const QJsonObject &object);
    QString toString() const;
    friend bool operator==(const ResourceKey &, const ResourceKey &) = default;
};
size_t qHash(const ResourceKey &key, size_t seed = 0);

struct OwnerReference
{
    QString apiVersion;
    QString kind;
    QString name;
    QString uid;
    bool controller = false;
};

/// One object as the cache keeps it: read once, then shared by every reader.
struct CachedObject
{
    ResourceKey key;
    QString apiVersion;
    QString uid;
    QString resourceVersion;
    QList<OwnerReference> owners;
    /// The application of Argo CD's annotation argocd.argoproj.io/tracking-id,
    /// if the id names this very object ("app:group/kind:namespace/name"):
    /// controllers copy annotations to what they create, and a copy does not count.
    QString trackedApplication;
    /// The label app.kubernetes.io/instance.
    QString instanceLabel;
    /// The object as compact UTF-8 JSON: about half the memory of a parsed
    /// QJsonObject, which object() makes on demand.
    QByteArray json;

    QJsonObject object() const;
};
using CachedObjectPtr = std::shared_ptr<const CachedObject>;

/// Change notifications for one application's objects, its tracked objects
/// and everything they own (the pods of its Deployments, say).
class CacheSubscription : public QObject
{
    Q_OBJECT

public:
    ~CacheSubscription() override;
    QString application() const { return m_application; }

Q_SIGNALS:
    /// @p before is null for a new object, @p after for a deleted one.
    void changed(const Capstan::Kube::CachedObjectPtr &before, const Capstan::Kube::CachedObjectPtr &after);

private:
    friend class ClusterCache;
    CacheSubscription(ClusterCache *cache, QString application);
    QPointer<ClusterCache> m_cache;
    QString m_application;
};

/// A live copy of one cluster: every kind that can be listed and watched,
/// less an exclusion list like Argo CD's (events, leases, endpoint slices …),
/// listed from the API server's watch cache and kept current by watches. A
/// watch that ends is resumed; one whose version expired (410) lists again,
/// consistently and in pages; failures back off. Kinds come
/// and go with CustomResourceDefinitions.
///
/// Indexes: by UID and by owner reference (the resource tree: Deployment →
/// ReplicaSet → Pod, Job → Pod, and Service → Endpoints by name), and by
/// Argo CD's tracking annotation and the app.kubernetes.io/instance label.
///
/// The cache runs on its thread's event loop; its readers (get, objects,
/// children, trackedBy, applicationOf, isNamespaced …) may be called from any
/// thread. Signals come from the cache's thread.
class ClusterCache : public QObject
{
    Q_OBJECT

public:
    struct Exclusion
    {
        QString group; // "*" for any
        QString kind; // "*" for any
    };
    struct Options
    {
        QList<Exclusion> exclusions = defaultExclusions();
        /// Page size of consistent lists (after a watch expired); first lists
        /// come whole from the API server's watch cache.
        int pageSize = 500;
        /// How long a watch stream lasts before it is resumed; 0 is the server's choice.
        int watchTimeoutSeconds = 0;
    };
    /// The kinds Argo CD leaves out by default, for their volume or because
    /// nothing deploys them.
    static QList<Exclusion> defaultExclusions();

    ClusterCache(KubeClient *client, const Options &options, QObject *parent = nullptr);
    ~ClusterCache() override;

    /// Discovers the kinds and starts listing and watching them.
    void start();
    /// Whether every kind has been listed once.
    bool isSynced() const { return m_synced.load(); }

    qsizetype size() const;
    CachedObjectPtr get(const ResourceKey &key) const;
    CachedObjectPtr byUid(const QString &uid) const;
    QList<CachedObjectPtr> objects(const QString &group, const QString &kind) const;
    /// What @p parent owns, directly; for a Service also its Endpoints.
    QList<CachedObjectPtr> children(const CachedObject &parent) const;
    /// The objects that name @p application by @p method.
    QList<CachedObjectPtr> trackedBy(const QString &application, TrackingMethod method) const;
    /// The application an object belongs to: its own tracking annotation or
    /// instance label, else that of what owns it.
    QString applicationOf(const CachedObject &object) const;
    /// The kinds being watched.
    QList<ApiResource> watchedResources() const;
    /// Whether a watched kind is namespaced; nullopt for kinds not watched.
    std::optional<bool> isNamespaced(const QString &group, const QString &kind) const;

    /// Notifications for @p application; the subscription ends when deleted.
    std::unique_ptr<CacheSubscription> subscribe(const QString &application);

Q_SIGNALS:
    void synced();
    void objectChanged(const Capstan::Kube::CachedObjectPtr &before, const Capstan::Kube::CachedObjectPtr &after);
    /// A kind could not be listed; the cache keeps trying.
    void resourceFailed(const QString &kind, const Capstan::Kube::KubeError &error);

private:
    struct Informer;
    friend class CacheSubscription;

    void reconcileInformers();
    void list(const std::shared_ptr<Informer> &informer, const QString &continueToken);
    void watch(const std::shared_ptr<Informer> &informer);
    void retry(const std::shared_ptr<Informer> &informer);
    void upsert(const QJsonObject &object);
    void remove(const ResourceKey &key);
    void index(const CachedObjectPtr &object);
    void unindex(const CachedObjectPtr &object);
    void notify(const CachedObjectPtr &before, const CachedObjectPtr &after);
    CachedObjectPtr parentOf(const CachedObject &object) const;
    QString applicationOfLocked(const CachedObject &object) const;
    bool excluded(const ApiResource &resource) const;
    /// One shared copy of strings that many objects repeat (kinds, namespaces, …).
    QString intern(const QString &text);
    void checkSynced();

    KubeClient *m_client;
    Options m_options;
    QHash<QString, std::shared_ptr<Informer>> m_informers; // by group/kind
    QHash<ResourceKey, CachedObjectPtr> m_objects;
    QHash<QString, CachedObjectPtr> m_byUid;
    QMultiHash<QString, ResourceKey> m_byOwner;
    QMultiHash<QString, ResourceKey> m_byAnnotation;
    QMultiHash<QString, ResourceKey> m_byLabel;
    QMultiHash<QString, CacheSubscription *> m_subscriptions;
    QSet<QString> m_strings;
    QTimer *m_rediscovery;
    std::atomic<bool> m_synced{false};
    /// Guards the objects, their indexes and the informers' list: the cache
    /// thread writes, and readers may be on any thread.
    mutable std::shared_mutex m_lock;
};

} // namespace Capstan::Kube

Q_DECLARE_METATYPE(Capstan::Kube::CachedObjectPtr)
