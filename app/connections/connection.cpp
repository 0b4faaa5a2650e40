// SPDX-License-Identifier: Apache-2.0
#include "connection.h"

#include "applications/applicationsmodel.h"
#include "applogging.h"
#include "client/apipaths.h"
#include "client/apistream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>
#include <QtConcurrent>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace Capstan {

namespace {

/// Parses an ApplicationList off the GUI thread.
Connection::ApplicationList parseList(const QByteArray &body)
{
    Connection::ApplicationList list;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        list.error = error.errorString();
        return list;
    }
    const QJsonObject root = document.object();
    list.resourceVersion = root.value(u"metadata").toObject().value(u"resourceVersion").toString();
    const QJsonArray items = root.value(u"items").toArray();
    list.applications.reserve(items.size());
    for (const QJsonValue &item : items)
        list.applications.append(ApplicationSummary::fromJson(item.toObject()));
    return list;
}

/// 1 s, 2 s, 4 s … at most a minute.
std::chrono::milliseconds backoff(int attempt)
{
    return std::min<std::chrono::milliseconds>(1s * (1 << std::min(attempt, 6)), 60s);
}

} // namespace

Connection::Connection(Kind kind, const Settings &settings, ApplicationsModel *applications, QObject *parent)
    : QObject(parent)
    , m_kind(kind)
    , m_settings(settings)
    , m_applications(applications)
    , m_client(new ApiClient(this))
{
    m_client->setTrustedFingerprint(settings.trustedFingerprint);
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Connection::connectNow);
    // Watch events are applied at most ten times a second: a burst (a whole
    // refresh cycle) becomes one update per application.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(100);
    connect(&m_flushTimer, &QTimer::timeout, this, &Connection::flushEvents);
    connect(m_client, &ApiClient::certificateRejected, this,
            [this](const QSslCertificate &certificate, bool) { m_refusedCertificate = certificate; });
}

Connection::~Connection()
{
    delete m_stream;
}

void Connection::setName(const QString &name)
{
    if (name == m_settings.name)
        return;
    m_settings.name = name;
    m_applications->setConnectionName(id(), name);
    Q_EMIT settingsChanged();
    Q_EMIT stateChanged();
}

bool Connection::hasWebInterface() const
{
    const VersionMessage &version = m_client->serverVersion();
    return m_kind == Kind::Remote && version.version.startsWith(u'v') && !version.extraBuildInfo.startsWith(u"Qt "_s);
}

void Connection::setState(State state, const QString &message)
{
    if (state == m_state && message == m_message)
        return;
    m_state = state;
    m_message = message;
    Q_EMIT stateChanged();
}

void Connection::setStarting(const QString &message)
{
    setState(State::Starting, message);
}

void Connection::setEndpoint(const QUrl &url, const QByteArray &token)
{
    if (m_settings.url != url) {
        m_settings.url = url;
        if (m_kind == Kind::Remote)
            Q_EMIT settingsChanged();
    }
    m_client->setServer(url, token);
    connectNow();
}

void Connection::setToken(const QByteArray &token)
{
    m_client->setServer(m_settings.url, token);
    connectNow();
}

void Connection::trustRefusedCertificate()
{
    if (m_refusedCertificate.isNull())
        return;
    m_settings.trustedFingerprint = ApiClient::fingerprint(m_refusedCertificate);
    m_client->setTrustedFingerprint(m_settings.trustedFingerprint);
    m_refusedCertificate = QSslCertificate();
    Q_EMIT settingsChanged();
    connectNow();
}

void Connection::stop()
{
    ++m_generation;
    m_retryTimer.stop();
    delete m_stream;
    setState(State::Idle);
}

void Connection::fail(const QString &message)
{
    ++m_generation;
    m_retryTimer.stop();
    setState(State::Failed, message);
    Q_EMIT problem(tr("%1: %2").arg(name(), message), message);
}

void Connection::connectNow()
{
    ++m_generation;
    m_retryTimer.stop();
    delete m_stream;
    if (!m_settings.url.isValid()) {
        setState(State::Failed, tr("No server address is set."));
        return;
    }
    setState(State::Connecting, tr("Connecting to %1…").arg(m_settings.url.toDisplayString()));
    const quint64 generation = m_generation;
    m_client->connectToServer().then(this, [this, generation](ApiClient::State state) {
        if (generation != m_generation)
            return;
        if (state == ApiClient::State::Connected) {
            afterVersion();
            return;
        }
        if (!m_refusedCertificate.isNull()) {
            setState(State::Untrusted, m_client->errorString());
            return;
        }
        // Not an Argo CD API at all, or not reachable: both may change.
        scheduleRetry(m_client->errorString());
    });
}

void Connection::afterVersion()
{
    const quint64 generation = m_generation;
    m_client->getJson(u"/api/v1/session/userinfo"_s)
        .then(this, [this, generation](const Result<QJsonDocument, ApiError> &answer) {
            if (generation != m_generation)
                return;
            if (!answer) {
                failed(answer.error(), true);
                return;
            }
            const QJsonObject info = answer->object();
            if (!info.value(u"loggedIn").toBool()) {
                setState(
                    State::NeedsLogin,
                    tr("%1 does not accept the saved sign-in any more: sign in again.").arg(m_settings.url.host()));
                return;
            }
            m_username = info.value(u"username").toString();
            loadApplications();
        });
}

void Connection::loadApplications()
{
    listApplications([this] {
        m_attempt = 0;
        setState(State::Connected);
        openStream();
    });
}

void Connection::listApplications(const std::function<void()> &then)
{
    const quint64 generation = m_generation;
    m_client->getBytes(u"/api/v1/applications"_s)
        .then(this, [this, generation, then](const Result<QByteArray, ApiError> &answer) {
            if (generation != m_generation)
                return;
            if (!answer) {
                failed(answer.error(), true);
                return;
            }
            // Thousands of applications are megabytes of JSON: parse them on a worker.
            QtConcurrent::run(parseList, *answer).then(this, [this, generation, then](const ApplicationList &list) {
                if (generation != m_generation)
                    return;
                if (!list.error.isEmpty()) {
                    scheduleRetry(tr("%1 answered the application list with invalid JSON: %2")
                                      .arg(m_settings.url.host(), list.error));
                    return;
                }
                flushEvents();
                m_applications->setApplications(id(), name(), newerOf(list));
                m_applicationCount = m_applications->countOf(id());
                m_resourceVersion = list.resourceVersion;
                if (then)
                    then();
                Q_EMIT stateChanged();
            });
        });
}

QList<ApplicationSummary> Connection::newerOf(const ApplicationList &list) const
{
    // The watch may already have brought changes newer than the list: keep
    // those. (Resource versions are etcd revisions, or Capstan's store
    // versions: numbers that grow. Others are taken as they come.)
    bool numeric = false;
    const qint64 listed = list.resourceVersion.toLongLong(&numeric);
    if (!numeric)
        return list.applications;
    QList<ApplicationSummary> merged = list.applications;
    QHash<QString, qsizetype> index;
    for (qsizetype i = 0; i < merged.size(); ++i)
        index.insert(merged.at(i).key(), i);
    for (const ApplicationSummary &current : m_applications->applications(id())) {
        bool ok = false;
        if (current.resourceVersion.toLongLong(&ok) <= listed || !ok)
            continue;
        if (const auto it = index.constFind(current.key()); it != index.cend())
            merged[*it] = current;
        else
            merged.append(current);
    }
    return merged;
}

void Connection::openStream()
{
    delete m_stream;
    QString path = u"/api/v1/stream/applications"_s;
    if (!m_resourceVersion.isEmpty())
        path += u"?resourceVersion="_s + m_resourceVersion;
    m_stream = m_client->openStream(path, this);
    if (!m_stream)
        return;
    connect(m_stream, &ApiStream::received, this, &Connection::received);
    connect(m_stream, &ApiStream::finished, this, &Connection::streamFinished);
    // What changed between the list and the watch's start is in neither:
    // once the watch runs, list again and apply the differences.
    connect(m_stream, &ApiStream::opened, this, [this] { listApplications({}); });
}

void Connection::received(const QJsonObject &result)
{
    const QString type = result.value(u"type").toString();
    const QJsonObject application = result.value(u"application").toObject();
    const ApplicationSummary summary = ApplicationSummary::fromJson(application);
    if (summary.name.isEmpty())
        return;
    if (!summary.resourceVersion.isEmpty())
        m_resourceVersion = summary.resourceVersion;
    if (type == u"DELETED")
        m_pending.insert(summary.key(), std::nullopt);
    else
        m_pending.insert(summary.key(), summary);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void Connection::flushEvents()
{
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it.value())
            m_applications->upsert(id(), name(), *it.value());
        else
            m_applications->remove(id(), it.key());
    }
    m_pending.clear();
    m_applicationCount = m_applications->countOf(id());
    Q_EMIT stateChanged();
}

void Connection::streamFinished(const ApiError &error)
{
    flushEvents();
    if (error.code == GrpcCode::Unauthenticated || error.httpStatus == 401) {
        setState(State::NeedsLogin, tr("The session on %1 ended: sign in again.").arg(m_settings.url.host()));
        return;
    }
    // The server went away or ended the watch: list again (changes only) and watch anew.
    scheduleRetry(error.code == GrpcCode::Ok ? tr("%1 closed the watch.").arg(m_settings.url.host()) : error.message);
}

void Connection::failed(const ApiError &error, bool retry)
{
    if (error.httpStatus == 401 || error.code == GrpcCode::Unauthenticated) {
        if (!m_refusedCertificate.isNull()) {
            setState(State::Untrusted, error.message);
            return;
        }
        setState(State::NeedsLogin, error.message);
        return;
    }
    if (error.httpStatus == 403) {
        setState(State::Failed, error.message);
        Q_EMIT problem(tr("%1: access denied").arg(name()), error.message);
        return;
    }
    if (retry)
        scheduleRetry(error.message);
    else
        setState(State::Failed, error.message);
}

void Connection::scheduleRetry(const QString &message)
{
    const std::chrono::milliseconds delay = backoff(m_attempt++);
    m_nextAttempt = QDeadlineTimer(delay);
    m_retryTimer.start(delay);
    qCInfo(lcApp).noquote() << name() << "failed:" << message << "- trying again in" << delay.count() << "ms";
    setState(State::Waiting, message);
}

QFuture<bool> Connection::canI(const QString &resource, const QString &action, const QString &object)
{
    const QString key = resource + u'\n' + action + u'\n' + object;
    if (const auto it = m_permissions.constFind(key); it != m_permissions.cend() && !it->expiry.hasExpired()) {
        QPromise<bool> promise;
        promise.start();
        promise.addResult(it->allowed);
        promise.finish();
        return promise.future();
    }
    const QString path = u"/api/v1/account/can-i/%1/%2/%3"_s.arg(ApiPaths::encoded(resource), ApiPaths::encoded(action),
                                                                 ApiPaths::encoded(object));
    return m_client->getJson(path).then(this, [this, key](const Result<QJsonDocument, ApiError> &answer) {
        // Argo CD answers {"value": "yes"} or {"value": "no"}.
        const bool allowed = answer && answer->object().value(u"value").toString() == u"yes";
        if (answer)
            m_permissions.insert(key, {allowed, QDeadlineTimer(60s)});
        return allowed;
    });
}

} // namespace Capstan
