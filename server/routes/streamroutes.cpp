// SPDX-License-Identifier: Apache-2.0
// Argo CD's two watch streams: applications, and one application's resource
// tree. Each client is a watch object on the server's thread that lives as
// long as its connection.
#include "applicationaccess.h"
#include "engine/controller.h"
#include "http/fieldselection.h"
#include "http/router.h"
#include "http/stream.h"
#include "routes.h"
#include "serverservices.h"
#include "store/store.h"

#include <QHash>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

using Model::Application;

QString keyOf(const Application &application)
{
    return application.metadata.ns + u'/' + application.metadata.name;
}

/// Ties @p watch to @p stream: it goes when the client does, or with the
/// connection when the server shuts down.
void bindToStream(QObject *watch, Http::Stream &stream)
{
    if (!stream.isOpen()) {
        watch->deleteLater();
        return;
    }
    watch->setParent(stream.connection());
    QObject::connect(&stream, &Http::Stream::closed, watch, &QObject::deleteLater);
}

/// One client of /api/v1/stream/applications: ADDED for every app that
/// matches when it connects (unless it gives a resourceVersion, as Argo CD),
/// then ADDED, MODIFIED and DELETED as the store commits them, each app
/// checked against the filters and the caller's `get` permission, and shrunk
/// to the `fields` it asks for.
class ApplicationWatch : public QObject
{
public:
    ApplicationWatch(std::shared_ptr<const ApplicationAccess> access, Http::Request request, ApplicationFilter filter,
                     std::shared_ptr<Http::Stream> stream)
        : m_access(std::move(access))
        , m_request(std::move(request))
        , m_filter(std::move(filter))
        , m_fields(Http::FieldSelection::parse(m_request.query(u"fields"_s)))
        , m_stream(std::move(stream))
    {
        bindToStream(this, *m_stream);
        Store::Store &store = m_access->services().store();
        // Listen before reading the apps, so that nothing falls between; what
        // the first read already showed is not sent twice.
        connect(&store, &Store::Store::applicationChanged, this,
                [this](Store::ChangeType type, const Application &application) { onChanged(type, application); });
        m_stream->start();
        if (m_request.query(u"resourceVersion"_s).isEmpty() || !m_filter.name().isEmpty()) {
            QList<Application> current = store.applications();
            std::sort(current.begin(), current.end(),
                      [](const Application &a, const Application &b) { return a.metadata.name < b.metadata.name; });
            for (const Application &application : std::as_const(current))
                send(u"ADDED"_s, application);
        }
    }

private:
    void onChanged(Store::ChangeType type, const Application &application)
    {
        const QString key = keyOf(application);
        if (type == Store::ChangeType::Deleted) {
            m_sent.remove(key);
            send(u"DELETED"_s, application);
            return;
        }
        const qint64 version = application.metadata.resourceVersion.toLongLong();
        if (auto it = m_sent.constFind(key); it != m_sent.cend() && *it >= version)
            return; // the first read already had this version
        send(type == Store::ChangeType::Added ? u"ADDED"_s : u"MODIFIED"_s, application);
    }

    void send(const QString &type, const Application &application)
    {
        if (!m_filter.matches(application) || !m_access->isNamespaceEnabled(application.metadata.ns)
            || !m_access->may(m_request, u"get"_s, application))
            return;
        const QString key = keyOf(application);
        if (type != u"DELETED")
            m_sent.insert(key, application.metadata.resourceVersion.toLongLong());
        const QJsonObject event{{u"type"_s, type}, {u"application"_s, application.toKubernetesJson()}};
        if (m_fields.isEmpty())
            return m_stream->send(event);
        // With `fields`, as Argo CD: what the client did not ask for is left
        // out, and a change it cannot see is not sent at all.
        const QJsonObject shown = m_fields.apply({{u"result"_s, event}}).value(u"result").toObject();
        if (type != u"DELETED" && m_lastShown.value(key) == shown)
            return;
        if (type == u"DELETED")
            m_lastShown.remove(key);
        else
            m_lastShown.insert(key, shown);
        m_stream->send(shown);
    }

    std::shared_ptr<const ApplicationAccess> m_access;
    Http::Request m_request;
    ApplicationFilter m_filter;
    Http::FieldSelection m_fields;
    std::shared_ptr<Http::Stream> m_stream;
    QHash<QString, qint64> m_sent;
    /// What the client was last shown of each app, with `fields`.
    QHash<QString, QJsonObject> m_lastShown;
};

/// One client of /api/v1/stream/applications/{name}/resource-tree: the tree
/// at once, then again whenever it changes, from changes of the app's live
/// objects and of the app itself, at most once per coalescing interval.
class ResourceTreeWatch : public QObject
{
public:
    ResourceTreeWatch(std::shared_ptr<const ApplicationAccess> access, Application application,
                      std::shared_ptr<Http::Stream> stream)
        : m_access(std::move(access))
        , m_application(std::move(application))
        , m_stream(std::move(stream))
    {
        bindToStream(this, *m_stream);
        m_coalesce.setSingleShot(true);
        m_coalesce.setInterval(coalescingInterval);
        connect(&m_coalesce, &QTimer::timeout, this, &ResourceTreeWatch::sendTree);
        ServerServices &services = m_access->services();
        connect(&services.controller(), &Engine::Controller::resourcesChanged, this,
                [this](const QString &ns, const QString &name) {
                    if (ns == m_application.metadata.ns && name == m_application.metadata.name)
                        m_coalesce.start();
                });
        connect(&services.store(), &Store::Store::applicationChanged, this,
                [this](Store::ChangeType type, const Application &changed) {
                    if (keyOf(changed) != keyOf(m_application))
                        return;
                    if (type == Store::ChangeType::Deleted) {
                        m_stream->close();
                        return;
                    }
                    m_application = changed;
                    m_coalesce.start();
                });
        m_stream->start();
        sendTree();
    }

private:
    static constexpr std::chrono::milliseconds coalescingInterval{250};

    void sendTree()
    {
        const auto tree = m_access->services().controller().resourceTree(m_application);
        if (!tree) {
            m_stream->fail(ApiError::fromCode(GrpcCode::Unavailable, tree.error()));
            return;
        }
        if (m_last && *m_last == *tree)
            return;
        m_last = *tree;
        m_stream->send(Model::toJson(*tree));
    }

    std::shared_ptr<const ApplicationAccess> m_access;
    Application m_application;
    std::shared_ptr<Http::Stream> m_stream;
    QTimer m_coalesce;
    std::optional<Model::ApplicationTree> m_last;
};

} // namespace

void addStreamRoutes(Http::Router &router, ServerServices &services)
{
    const auto access = std::make_shared<const ApplicationAccess>(services);
    router.addStream(u"/api/v1/stream/applications"_s, Http::Access::Authenticated,
                     [access](const Http::Request &request, std::shared_ptr<Http::Stream> stream) {
                         auto filter = ApplicationFilter::fromQuery(request);
                         if (!filter)
                             return stream->fail(filter.error());
                         new ApplicationWatch(access, request, std::move(filter).value(), std::move(stream));
                     });
    router.addStream(u"/api/v1/stream/applications/{name}/resource-tree"_s, Http::Access::Authenticated,
                     [access](const Http::Request &request, std::shared_ptr<Http::Stream> stream) {
                         auto application = access->appFor(request, u"get"_s);
                         if (!application)
                             return stream->fail(application.error());
                         new ResourceTreeWatch(access, std::move(application).value(), std::move(stream));
                     });
}

} // namespace Capstan::Routes
