// SPDX-License-Identifier: Apache-2.0
#include "clustercache.h"

#include "base/logging.h"
#include "kubeclient.h"
#include "watch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

using namespace std::chrono_literals;

namespace Capstan::Kube {

namespace {

const QString trackingAnnotation = QStringLiteral("argocd.argoproj.io/tracking-id");
const QString instanceLabel = QStringLiteral("app.kubernetes.io/instance");

QString groupKind(const QString &group, const QString &kind)
{
    return group + u'/' + kind;
}

/// The application of a tracking id "app:group/kind:namespace/name" (the app
/// as "namespace_app" for apps outside Argo CD's namespace), if the id names
/// the object @p key.
QString applicationOfTrackingId(const QString &trackingId, const ResourceKey &key)
{
    const QStringList parts = trackingId.split(u':');
    if (parts.size() != 3 || parts.at(0).isEmpty())
        return {};
    const QString groupKind = parts.at(1);
    const QString namespacedName = parts.at(2);
    const qsizetype kindSlash = groupKind.indexOf(u'/');
    const qsizetype nameSlash = namespacedName.indexOf(u'/');
    if (kindSlash < 0 || nameSlash < 0)
        return {};
    const bool matches = groupKind.left(kindSlash) == key.group && groupKind.mid(kindSlash + 1) == key.kind
        && namespacedName.left(nameSlash) == key.ns && namespacedName.mid(nameSlash + 1) == key.name;
    return matches ? parts.at(0) : QString();
}

} // namespace

QJsonObject CachedObject::object() const
{
    return QJsonDocument::fromJson(json).object();
}

ResourceKey ResourceKey::of(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata").toObject();
    const GroupVersionKind gvk = GroupVersionKind::of(object);
    return {gvk.group, gvk.kind, metadata.value(u"namespace").toString(), metadata.value(u"name").toString()};
}

QString ResourceKey::toString() const
{
    return group + u'/' + kind + u'/' + ns + u'/' + name;
}

size_t qHash(const ResourceKey &key, size_t seed)
{
    return qHashMulti(seed, key.group, key.kind, key.ns, key.name);
}

CacheSubscription::CacheSubscription(ClusterCache *cache, QString application)
    : m_cache(cache)
    , m_application(std::move(application))
{ }

CacheSubscription::~CacheSubscription()
{
    if (m_cache)
        m_cache->m_subscriptions.remove(m_application, this);
}

struct ClusterCache::Informer
{
    ApiResource resource;
    std::unique_ptr<Watch> watch;
    QSet<ResourceKey> listed;
    bool synced = false;
    /// The next list must be consistent (after a 410): paged, from etcd.
    bool consistent = false;
    bool stopped = false;
    int failures = 0;
};

QList<ClusterCache::Exclusion> ClusterCache::defaultExclusions()
{
    return {
        {QString(), QStringLiteral("Event")},
        {QStringLiteral("events.k8s.io"), QStringLiteral("*")},
        {QStringLiteral("metrics.k8s.io"), QStringLiteral("*")},
        {QStringLiteral("coordination.k8s.io"), QStringLiteral("Lease")},
        {QStringLiteral("discovery.k8s.io"), QStringLiteral("EndpointSlice")},
        {QStringLiteral("authentication.k8s.io"), QStringLiteral("*")},
        {QStringLiteral("authorization.k8s.io"), QStringLiteral("*")},
        {QString(), QStringLiteral("ComponentStatus")},
    };
}

ClusterCache::ClusterCache(KubeClient *client, const Options &options, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_options(options)
    , m_rediscovery(new QTimer(this))
{
    qRegisterMetaType<CachedObjectPtr>();
    // CRDs arrive and go in bursts: discover once they settle.
    m_rediscovery->setSingleShot(true);
    m_rediscovery->setInterval(300ms);
    connect(m_rediscovery, &QTimer::timeout, this,
            [this] { m_client->discover().then(this, [this](const auto &) { reconcileInformers(); }); });
}

ClusterCache::~ClusterCache()
{
    for (const auto &informer : std::as_const(m_informers))
        informer->stopped = true;
    for (CacheSubscription *subscription : std::as_const(m_subscriptions))
        subscription->m_cache = nullptr;
}

void ClusterCache::start()
{
    m_client->discover().then(this, [this](const Result<QList<ApiResource>, KubeError> &resources) {
        if (!resources) {
            qCWarning(lcKube).noquote() << "cluster cache: discovery failed:" << resources.error().message;
            Q_EMIT resourceFailed(QStringLiteral("discovery"), resources.error());
            QTimer::singleShot(2s, this, &ClusterCache::start);
            return;
        }
        reconcileInformers();
    });
}

bool ClusterCache::excluded(const ApiResource &resource) const
{
    if (!resource.supports(QStringLiteral("list")) || !resource.supports(QStringLiteral("watch")))
        return true;
    return std::any_of(m_options.exclusions.cbegin(), m_options.exclusions.cend(), [&resource](const Exclusion &e) {
        return (e.group == u"*" || e.group == resource.group) && (e.kind == u"*" || e.kind == resource.kind);
    });
}

void ClusterCache::reconcileInformers()
{
    // One informer per group and kind, at the group's most preferred version.
    QHash<QString, ApiResource> wanted;
    QSet<QString> kinds;
    const QList<ApiResource> resources = m_client->resources();
    for (const ApiResource &resource : resources) {
        if (excluded(resource))
            continue;
        const QString key = groupKind(resource.group, resource.kind);
        const auto it = wanted.constFind(key);
        if (it == wanted.cend() || resource.versionPriority < it->versionPriority)
            wanted.insert(key, resource);
        if (resource.group != u"extensions")
            kinds.insert(resource.kind);
    }
    // The legacy "extensions" group serves the same objects as the newer
    // groups (Ingress in networking.k8s.io): keep one copy.
    for (auto it = wanted.begin(); it != wanted.end();) {
        if (it->group == u"extensions" && kinds.contains(it->kind))
            it = wanted.erase(it);
        else
            ++it;
    }

    for (auto it = m_informers.begin(); it != m_informers.end();) {
        if (wanted.contains(it.key())) {
            ++it;
            continue;
        }
        qCInfo(lcKube).noquote() << "cluster cache: no longer watching" << it.key();
        (*it)->stopped = true;
        const ApiResource gone = (*it)->resource;
        {
            std::unique_lock locker(m_lock);
            it = m_informers.erase(it);
        }
        const QList<CachedObjectPtr> objects = this->objects(gone.group, gone.kind);
        for (const CachedObjectPtr &object : objects)
            remove(object->key);
    }
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        if (m_informers.contains(it.key()))
            continue;
        auto informer = std::make_shared<Informer>();
        informer->resource = *it;
        {
            std::unique_lock locker(m_lock);
            m_informers.insert(it.key(), informer);
        }
        list(informer, {});
    }
    checkSynced();
}

void ClusterCache::list(const std::shared_ptr<Informer> &informer, const QString &continueToken)
{
    if (informer->stopped)
        return;
    if (continueToken.isEmpty())
        informer->listed.clear();
    ListOptions options;
    options.continueToken = continueToken;
    if (informer->consistent) {
        options.limit = m_options.pageSize;
    } else {
        // As client-go's reflectors: the first list comes whole from the API
        // server's watch cache ("0": any version it has), not page by page from etcd.
        options.resourceVersion = QStringLiteral("0");
    }
    m_client->list(informer->resource, {}, options).then(this, [this, informer](const KubeResult &page) {
        if (informer->stopped)
            return;
        if (!page) {
            qCInfo(lcKube).noquote() << "cluster cache: listing" << informer->resource.name
                                     << "failed:" << page.error().message;
            Q_EMIT resourceFailed(informer->resource.kind, page.error());
            retry(informer);
            return;
        }
        const QJsonObject metadata = page->value(u"metadata").toObject();
        const QJsonArray items = page->value(u"items").toArray();
        const QString apiVersion = informer->resource.groupVersionKind().apiVersion();
        for (const QJsonValue &item : items) {
            // List items carry no apiVersion and kind of their own.
            QJsonObject object = item.toObject();
            object.insert(QStringLiteral("apiVersion"), apiVersion);
            object.insert(QStringLiteral("kind"), informer->resource.kind);
            informer->listed.insert(ResourceKey::of(object));
            upsert(object);
        }
        const QString next = metadata.value(u"continue").toString();
        if (!next.isEmpty()) {
            list(informer, next);
            return;
        }
        // What the list no longer has was deleted while nobody watched.
        const QList<CachedObjectPtr> known = objects(informer->resource.group, informer->resource.kind);
        for (const CachedObjectPtr &object : known) {
            if (!informer->listed.contains(object->key))
                remove(object->key);
        }
        informer->listed.clear();
        informer->failures = 0;
        informer->synced = true;
        ListOptions from;
        from.resourceVersion = metadata.value(u"resourceVersion").toString();
        from.timeoutSeconds = m_options.watchTimeoutSeconds;
        informer->watch.reset();
        m_client->watch(informer->resource, {}, from).swap(informer->watch);
        watch(informer);
        checkSynced();
    });
}

void ClusterCache::watch(const std::shared_ptr<Informer> &informer)
{
    Watch *stream = informer->watch.get();
    const QString apiVersion = informer->resource.groupVersionKind().apiVersion();
    connect(stream, &Watch::event, this, [this, informer, apiVersion](Watch::EventType type, const QJsonObject &event) {
        if (informer->stopped || type == Watch::EventType::Bookmark)
            return;
        QJsonObject object = event;
        object.insert(QStringLiteral("apiVersion"), apiVersion);
        object.insert(QStringLiteral("kind"), informer->resource.kind);
        if (type == Watch::EventType::Deleted)
            remove(ResourceKey::of(object));
        else
            upsert(object);
        if (informer->resource.kind == u"CustomResourceDefinition")
            m_rediscovery->start();
    });
    // The watch must not be replaced inside its own signal: queue the next step.
    connect(stream, &Watch::closed, this, [this, informer] {
        QTimer::singleShot(0, this, [this, informer] {
            if (informer->stopped)
                return;
            ListOptions from;
            from.resourceVersion = informer->watch->resourceVersion();
            from.timeoutSeconds = m_options.watchTimeoutSeconds;
            if (from.resourceVersion.isEmpty()) {
                list(informer, {});
                return;
            }
            m_client->watch(informer->resource, {}, from).swap(informer->watch);
            watch(informer);
        });
    });
    connect(stream, &Watch::expired, this,
            [this, informer] { QTimer::singleShot(0, this, [this, informer] { list(informer, {}); }); });
    connect(stream, &Watch::failed, this, [this, informer](const KubeError &error) {
        qCInfo(lcKube).noquote() << "cluster cache: watching" << informer->resource.name << "failed:" << error.message;
        retry(informer);
    });
}

void ClusterCache::retry(const std::shared_ptr<Informer> &informer)
{
    const int delay = int(std::min(30000.0, 500.0 * std::pow(2.0, informer->failures++)));
    QTimer::singleShot(delay, this, [this, informer] { list(informer, {}); });
}

void ClusterCache::checkSynced()
{
    if (m_synced || m_informers.isEmpty())
        return;
    for (const auto &informer : std::as_const(m_informers)) {
        if (!informer->synced)
            return;
    }
    m_synced = true;
    qCInfo(lcKube) << "cluster cache: synced" << m_objects.size() << "objects of" << m_informers.size() << "kinds";
    Q_EMIT synced();
}

void ClusterCache::upsert(const QJsonObject &object)
{
    auto cached = std::make_shared<CachedObject>();
    const ResourceKey key = ResourceKey::of(object);
    cached->key = {intern(key.group), intern(key.kind), intern(key.ns), key.name};
    const QJsonObject metadata = object.value(u"metadata").toObject();
    cached->resourceVersion = metadata.value(u"resourceVersion").toString();
    CachedObjectPtr before;
    {
        std::shared_lock locker(m_lock);
        before = m_objects.value(cached->key);
    }
    if (before && before->resourceVersion == cached->resourceVersion)
        return;
    cached->apiVersion = intern(object.value(u"apiVersion").toString());
    cached->uid = metadata.value(u"uid").toString();
    const QJsonArray owners = metadata.value(u"ownerReferences").toArray();
    for (const QJsonValue &value : owners) {
        const QJsonObject owner = value.toObject();
        cached->owners.append({intern(owner.value(u"apiVersion").toString()), intern(owner.value(u"kind").toString()),
                               owner.value(u"name").toString(), owner.value(u"uid").toString(),
                               owner.value(u"controller").toBool()});
    }
    cached->trackedApplication = intern(applicationOfTrackingId(
        metadata.value(u"annotations").toObject().value(trackingAnnotation).toString(), cached->key));
    cached->instanceLabel = intern(metadata.value(u"labels").toObject().value(instanceLabel).toString());
    cached->json = QJsonDocument(object).toJson(QJsonDocument::Compact);

    CachedObjectPtr after = std::move(cached);
    {
        std::unique_lock locker(m_lock);
        if (before)
            unindex(before);
        m_objects.insert(after->key, after);
        index(after);
    }
    notify(before, after);
}

void ClusterCache::remove(const ResourceKey &key)
{
    CachedObjectPtr before;
    {
        std::unique_lock locker(m_lock);
        before = m_objects.take(key);
        if (!before)
            return;
        unindex(before);
    }
    notify(before, nullptr);
}

void ClusterCache::index(const CachedObjectPtr &object)
{
    if (!object->uid.isEmpty())
        m_byUid.insert(object->uid, object);
    for (const OwnerReference &owner : object->owners)
        m_byOwner.insert(owner.uid, object->key);
    if (!object->trackedApplication.isEmpty())
        m_byAnnotation.insert(object->trackedApplication, object->key);
    if (!object->instanceLabel.isEmpty())
        m_byLabel.insert(object->instanceLabel, object->key);
}

void ClusterCache::unindex(const CachedObjectPtr &object)
{
    if (!object->uid.isEmpty())
        m_byUid.remove(object->uid);
    for (const OwnerReference &owner : object->owners)
        m_byOwner.remove(owner.uid, object->key);
    m_byAnnotation.remove(object->trackedApplication, object->key);
    m_byLabel.remove(object->instanceLabel, object->key);
}

QString ClusterCache::intern(const QString &text)
{
    if (text.isEmpty())
        return {};
    const auto it = m_strings.constFind(text);
    if (it != m_strings.cend())
        return *it;
    m_strings.insert(text);
    return text;
}

CachedObjectPtr ClusterCache::parentOf(const CachedObject &object) const
{
    for (const OwnerReference &owner : object.owners) {
        if (CachedObjectPtr parent = m_byUid.value(owner.uid))
            return parent;
    }
    if (object.key.group.isEmpty() && object.key.kind == u"Endpoints")
        return m_objects.value(ResourceKey{QString(), QStringLiteral("Service"), object.key.ns, object.key.name});
    return nullptr;
}

QString ClusterCache::applicationOf(const CachedObject &object) const
{
    std::shared_lock locker(m_lock);
    return applicationOfLocked(object);
}

QString ClusterCache::applicationOfLocked(const CachedObject &object) const
{
    const CachedObject *current = &object;
    CachedObjectPtr hold;
    for (int depth = 0; current && depth < 16; ++depth) {
        if (!current->trackedApplication.isEmpty())
            return current->trackedApplication;
        if (!current->instanceLabel.isEmpty())
            return current->instanceLabel;
        hold = parentOf(*current);
        current = hold.get();
    }
    return {};
}

void ClusterCache::notify(const CachedObjectPtr &before, const CachedObjectPtr &after)
{
    Q_EMIT objectChanged(before, after);
    if (m_subscriptions.isEmpty())
        return;
    QSet<QString> applications;
    {
        std::shared_lock locker(m_lock);
        if (before)
            applications.insert(applicationOfLocked(*before));
        if (after)
            applications.insert(applicationOfLocked(*after));
    }
    applications.remove(QString());
    for (const QString &application : std::as_const(applications)) {
        const QList<CacheSubscription *> subscribers = m_subscriptions.values(application);
        for (CacheSubscription *subscription : subscribers)
            Q_EMIT subscription->changed(before, after);
    }
}

QList<CachedObjectPtr> ClusterCache::objects(const QString &group, const QString &kind) const
{
    std::shared_lock locker(m_lock);
    QList<CachedObjectPtr> found;
    for (const CachedObjectPtr &object : m_objects) {
        if (object->key.kind == kind && object->key.group == group)
            found.append(object);
    }
    return found;
}

QList<CachedObjectPtr> ClusterCache::children(const CachedObject &parent) const
{
    std::shared_lock locker(m_lock);
    QList<CachedObjectPtr> found;
    if (!parent.uid.isEmpty()) {
        const QList<ResourceKey> keys = m_byOwner.values(parent.uid);
        for (const ResourceKey &key : keys) {
            if (CachedObjectPtr child = m_objects.value(key))
                found.append(child);
        }
    }
    if (parent.key.group.isEmpty() && parent.key.kind == u"Service") {
        if (CachedObjectPtr endpoints
            = m_objects.value(ResourceKey{QString(), QStringLiteral("Endpoints"), parent.key.ns, parent.key.name}))
            found.append(endpoints);
    }
    std::sort(found.begin(), found.end(), [](const CachedObjectPtr &a, const CachedObjectPtr &b) {
        return std::tie(a->key.kind, a->key.name) < std::tie(b->key.kind, b->key.name);
    });
    return found;
}

QList<CachedObjectPtr> ClusterCache::trackedBy(const QString &application, TrackingMethod method) const
{
    std::shared_lock locker(m_lock);
    QList<CachedObjectPtr> found;
    const QList<ResourceKey> keys
        = (method == TrackingMethod::Annotation ? m_byAnnotation : m_byLabel).values(application);
    for (const ResourceKey &key : keys) {
        if (CachedObjectPtr object = m_objects.value(key))
            found.append(object);
    }
    return found;
}

QList<ApiResource> ClusterCache::watchedResources() const
{
    std::shared_lock locker(m_lock);
    QList<ApiResource> resources;
    for (const auto &informer : m_informers)
        resources.append(informer->resource);
    return resources;
}

std::optional<bool> ClusterCache::isNamespaced(const QString &group, const QString &kind) const
{
    std::shared_lock locker(m_lock);
    for (const auto &informer : m_informers) {
        if (informer->resource.kind == kind && informer->resource.group == group)
            return informer->resource.namespaced;
    }
    return std::nullopt;
}

qsizetype ClusterCache::size() const
{
    std::shared_lock locker(m_lock);
    return m_objects.size();
}

CachedObjectPtr ClusterCache::get(const ResourceKey &key) const
{
    std::shared_lock locker(m_lock);
    return m_objects.value(key);
}

CachedObjectPtr ClusterCache::byUid(const QString &uid) const
{
    std::shared_lock locker(m_lock);
    return m_byUid.value(uid);
}

std::unique_ptr<CacheSubscription> ClusterCache::subscribe(const QString &application)
{
    std::unique_ptr<CacheSubscription> subscription(new CacheSubscription(this, application));
    m_subscriptions.insert(application, subscription.get());
    return subscription;
}

} // namespace Capstan::Kube
