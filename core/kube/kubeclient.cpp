// SPDX-License-Identifier: Apache-2.0
#include "kubeclient.h"

#include "base/logging.h"
#include "watch.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QHttp2Configuration>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QPromise>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>
#include <cmath>
#include <deque>

using namespace std::chrono_literals;

namespace Capstan::Kube {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::KubeClient)
};

QSslKey readKey(const QByteArray &pem)
{
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        QSslKey key(pem, algorithm, QSsl::Pem);
        if (!key.isNull())
            return key;
    }
    return {};
}

/// Lists of a big cluster are megabytes: HTTP/2's default 64 KiB windows
/// would make them a long exchange of WINDOW_UPDATEs.
QHttp2Configuration http2Configuration()
{
    QHttp2Configuration configuration;
    configuration.setSessionReceiveWindowSize(64 * 1024 * 1024);
    configuration.setStreamReceiveWindowSize(16 * 1024 * 1024);
    return configuration;
}

QByteArray contentTypeFor(PatchType type)
{
    switch (type) {
    case PatchType::Json:
        return "application/json-patch+json";
    case PatchType::Merge:
        return "application/merge-patch+json";
    case PatchType::StrategicMerge:
        return "application/strategic-merge-patch+json";
    case PatchType::Apply:
        return "application/apply-patch+yaml";
    }
    return {};
}

QList<QPair<QString, QString>> writeQuery(const WriteOptions &options)
{
    QList<QPair<QString, QString>> query;
    if (options.dryRun)
        query.append({QStringLiteral("dryRun"), QStringLiteral("All")});
    if (!options.fieldManager.isEmpty())
        query.append({QStringLiteral("fieldManager"), options.fieldManager});
    if (options.force)
        query.append({QStringLiteral("force"), QStringLiteral("true")});
    if (!options.fieldValidation.isEmpty())
        query.append({QStringLiteral("fieldValidation"), options.fieldValidation});
    return query;
}

} // namespace

// ---------------------------------------------------------------------------

struct KubeClient::Credentials
{
    QByteArray authorization;
    QByteArray clientCertificate;
    QByteArray clientKey;
};

struct KubeClient::Request
{
    QByteArray method;
    QUrl url;
    QByteArray body;
    QByteArray contentType;
    bool idempotent = true;
    int attempt = 0;
    bool credentialsRenewed = false;
    std::shared_ptr<QPromise<Result<QByteArray, KubeError>>> promise;
};

/// Runs an exec credential plugin and keeps its credential until it expires.
class KubeClient::ExecCredentials
{
public:
    ExecCredentials(ExecCredentialPlugin plugin, const ClusterConnection &connection, QObject *context)
        : m_plugin(std::move(plugin))
        , m_connection(connection)
        , m_context(context)
    { }

    void get(std::function<void(Result<Credentials, KubeError>)> callback)
    {
        if (m_cached && (!m_expiry.isValid() || m_expiry > QDateTime::currentDateTimeUtc().addSecs(10))) {
            callback(*m_cached);
            return;
        }
        m_waiters.push_back(std::move(callback));
        if (m_running)
            return;
        m_running = true;
        run();
    }

    void invalidate() { m_cached.reset(); }

private:
    void run()
    {
        auto *process = new QProcess(m_context);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const auto &[name, value] : std::as_const(m_plugin.environment))
            environment.insert(name, value);
        QJsonObject spec{{QStringLiteral("interactive"), false}};
        if (m_plugin.provideClusterInfo) {
            QJsonObject cluster{{QStringLiteral("server"), m_connection.server.toString()}};
            if (!m_connection.certificateAuthority.isEmpty())
                cluster.insert(QStringLiteral("certificate-authority-data"),
                               QString::fromLatin1(m_connection.certificateAuthority.toBase64()));
            if (m_connection.insecureSkipTlsVerify)
                cluster.insert(QStringLiteral("insecure-skip-tls-verify"), true);
            spec.insert(QStringLiteral("cluster"), cluster);
        }
        const QJsonObject info{{QStringLiteral("apiVersion"), m_plugin.apiVersion},
                               {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                               {QStringLiteral("spec"), spec}};
        environment.insert(QStringLiteral("KUBERNETES_EXEC_INFO"),
                           QString::fromUtf8(QJsonDocument(info).toJson(QJsonDocument::Compact)));
        process->setProcessEnvironment(environment);

        auto *deadline = new QTimer(process);
        deadline->setSingleShot(true);
        QObject::connect(deadline, &QTimer::timeout, process, [process] { process->kill(); });
        QObject::connect(
            process, &QProcess::finished, m_context, [this, process](int exitCode, QProcess::ExitStatus status) {
                process->deleteLater();
                if (status != QProcess::NormalExit || exitCode != 0) {
                    const QString err = QString::fromUtf8(process->readAllStandardError()).trimmed();
                    finish(Failure(
                        KubeError::unavailable(Tr::tr("the exec credential plugin \"%1\" failed (exit code %2)%3")
                                                   .arg(m_plugin.command)
                                                   .arg(exitCode)
                                                   .arg(err.isEmpty() ? QString() : u": " + err.left(500)))));
                    return;
                }
                finish(parse(process->readAllStandardOutput()));
            });
        QObject::connect(process, &QProcess::errorOccurred, m_context, [this, process](QProcess::ProcessError error) {
            if (error != QProcess::FailedToStart)
                return;
            process->deleteLater();
            QString message = Tr::tr("cannot run the exec credential plugin \"%1\": %2")
                                  .arg(m_plugin.command, process->errorString());
            if (!m_plugin.installHint.isEmpty())
                message += u"; " + m_plugin.installHint;
            finish(Failure(KubeError::unavailable(message)));
        });
        deadline->start(60s);
        process->start(m_plugin.command, m_plugin.arguments);
    }

    Result<Credentials, KubeError> parse(const QByteArray &output)
    {
        const QJsonObject credential = QJsonDocument::fromJson(output).object();
        if (credential.value(u"kind").toString() != u"ExecCredential")
            return Failure(KubeError::unavailable(
                Tr::tr("the exec credential plugin \"%1\" printed no ExecCredential").arg(m_plugin.command)));
        const QJsonObject status = credential.value(u"status").toObject();
        Credentials credentials;
        if (const QString token = status.value(u"token").toString(); !token.isEmpty())
            credentials.authorization = "Bearer " + token.toUtf8();
        credentials.clientCertificate = status.value(u"clientCertificateData").toString().toUtf8();
        credentials.clientKey = status.value(u"clientKeyData").toString().toUtf8();
        if (credentials.authorization.isEmpty() && credentials.clientCertificate.isEmpty())
            return Failure(KubeError::unavailable(
                Tr::tr("the exec credential plugin \"%1\" gave neither a token nor a certificate")
                    .arg(m_plugin.command)));
        const QString expiry = status.value(u"expirationTimestamp").toString();
        m_expiry = expiry.isEmpty() ? QDateTime() : QDateTime::fromString(expiry, Qt::ISODate);
        return credentials;
    }

    void finish(const Result<Credentials, KubeError> &result)
    {
        m_running = false;
        if (result)
            m_cached = *result;
        auto waiters = std::move(m_waiters);
        m_waiters.clear();
        for (auto &waiter : waiters)
            waiter(result);
    }

    ExecCredentialPlugin m_plugin;
    ClusterConnection m_connection;
    QObject *m_context;
    std::optional<Credentials> m_cached;
    QDateTime m_expiry;
    bool m_running = false;
    std::vector<std::function<void(Result<Credentials, KubeError>)>> m_waiters;
};

/// A token bucket: @c qps tokens a second, at most @c burst saved up.
class KubeClient::RateLimiter
{
public:
    // The timer is the client's child, so it moves to the client's thread with it.
    explicit RateLimiter(QObject *context)
        : m_timer(new QTimer(context))
    {
        m_timer->setSingleShot(true);
        QObject::connect(m_timer, &QTimer::timeout, context, [this] { drain(); });
        m_clock.start();
    }

    void setRate(double qps, int burst)
    {
        m_qps = std::max(qps, 0.1);
        m_burst = std::max(burst, 1);
        m_tokens = std::min(m_tokens, double(m_burst));
    }

    void acquire(std::function<void()> job)
    {
        m_queue.push_back(std::move(job));
        drain();
    }

private:
    void drain()
    {
        const double elapsed = double(m_clock.restart()) / 1000.0;
        m_tokens = std::min(double(m_burst), m_tokens + elapsed * m_qps);
        while (!m_queue.empty() && m_tokens >= 1.0) {
            m_tokens -= 1.0;
            auto job = std::move(m_queue.front());
            m_queue.pop_front();
            job();
        }
        if (!m_queue.empty() && !m_timer->isActive())
            m_timer->start(std::max(1, int((1.0 - m_tokens) / m_qps * 1000.0)));
    }

    double m_qps = 50;
    int m_burst = 100;
    double m_tokens = 100;
    QElapsedTimer m_clock;
    QTimer *m_timer;
    std::deque<std::function<void()>> m_queue;
};

// ---------------------------------------------------------------------------

KubeClient::KubeClient(const ClusterConnection &connection, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_network(new QNetworkAccessManager(this))
    , m_rateLimiter(std::make_unique<RateLimiter>(this))
{
    qRegisterMetaType<KubeError>();
    if (m_connection.exec)
        m_exec = std::make_unique<ExecCredentials>(*m_connection.exec, m_connection, this);
}

KubeClient::~KubeClient() = default;

void KubeClient::setRateLimit(double qps, int burst)
{
    m_rateLimiter->setRate(qps, burst);
}

QUrl KubeClient::urlFor(const QString &path, const QList<QPair<QString, QString>> &query) const
{
    QUrl url = m_connection.server;
    const QString base = url.path().endsWith(u'/') ? url.path().chopped(1) : url.path();
    url.setPath(base + path, QUrl::StrictMode);
    if (!query.isEmpty()) {
        QUrlQuery q;
        for (const auto &[key, value] : query)
            q.addQueryItem(key, QString::fromUtf8(QUrl::toPercentEncoding(value)));
        url.setQuery(q);
    }
    return url;
}

void KubeClient::prepare(const QUrl &url, std::function<void(Result<QNetworkRequest, KubeError>)> ready)
{
    auto build = [this, url](const Credentials &credentials) {
        QNetworkRequest request(url);
        request.setHttp2Configuration(http2Configuration());
        request.setRawHeader("Accept", "application/json");
        request.setRawHeader("User-Agent", "capstan");
        if (!credentials.authorization.isEmpty())
            request.setRawHeader("Authorization", credentials.authorization);
        if (url.scheme() == u"https") {
            QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
            if (!m_connection.certificateAuthority.isEmpty())
                ssl.setCaCertificates(QSslCertificate::fromData(m_connection.certificateAuthority, QSsl::Pem));
            if (m_connection.insecureSkipTlsVerify)
                ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
            if (!credentials.clientCertificate.isEmpty()) {
                ssl.setLocalCertificate(QSslCertificate(credentials.clientCertificate, QSsl::Pem));
                ssl.setPrivateKey(readKey(credentials.clientKey));
            }
            request.setSslConfiguration(ssl);
            if (!m_connection.tlsServerName.isEmpty())
                request.setPeerVerifyName(m_connection.tlsServerName);
        }
        return request;
    };

    if (m_exec) {
        m_exec->get([build, ready](const Result<Credentials, KubeError> &credentials) {
            if (!credentials)
                ready(Failure(credentials.error()));
            else
                ready(build(*credentials));
        });
        return;
    }
    Credentials credentials;
    if (!m_connection.bearerToken.isEmpty()) {
        credentials.authorization = "Bearer " + m_connection.bearerToken;
    } else if (!m_connection.tokenFile.isEmpty()) {
        // Read on every request: projected tokens rotate.
        QFile file(m_connection.tokenFile);
        if (!file.open(QIODevice::ReadOnly)) {
            ready(Failure(KubeError::unavailable(
                Tr::tr("cannot read the token file \"%1\": %2").arg(m_connection.tokenFile, file.errorString()))));
            return;
        }
        credentials.authorization = "Bearer " + file.readAll().trimmed();
    } else if (!m_connection.username.isEmpty()) {
        credentials.authorization
            = "Basic " + (m_connection.username + u':' + m_connection.password).toUtf8().toBase64();
    }
    credentials.clientCertificate = m_connection.clientCertificate;
    credentials.clientKey = m_connection.clientKey;
    ready(build(credentials));
}

QFuture<KubeResult> KubeClient::send(const QByteArray &method, const QString &path,
                                     const QList<QPair<QString, QString>> &query, const QByteArray &body,
                                     const QByteArray &contentType, bool idempotent)
{
    auto request = std::make_shared<Request>();
    request->method = method;
    request->url = urlFor(path, query);
    request->body = body;
    request->contentType = contentType;
    request->idempotent = idempotent;
    request->promise = std::make_shared<QPromise<Result<QByteArray, KubeError>>>();
    request->promise->start();
    QFuture<Result<QByteArray, KubeError>> raw = request->promise->future();
    dispatch(request);
    return raw.then([](const Result<QByteArray, KubeError> &result) -> KubeResult {
        if (!result)
            return Failure(result.error());
        if (result->trimmed().isEmpty())
            return QJsonObject();
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(*result, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            KubeError invalid;
            invalid.message = Tr::tr("the API server's answer is not a JSON object: %1").arg(error.errorString());
            return Failure(invalid);
        }
        return document.object();
    });
}

void KubeClient::dispatch(const std::shared_ptr<Request> &request)
{
    m_rateLimiter->acquire([this, request] {
        prepare(request->url, [this, request](const Result<QNetworkRequest, KubeError> &prepared) {
            if (!prepared) {
                request->promise->addResult(Failure(prepared.error()));
                request->promise->finish();
                return;
            }
            QNetworkRequest networkRequest = *prepared;
            networkRequest.setTransferTimeout(int(m_requestTimeout.count()));
            if (!request->contentType.isEmpty())
                networkRequest.setHeader(QNetworkRequest::ContentTypeHeader, request->contentType);
            QNetworkReply *reply = m_network->sendCustomRequest(networkRequest, request->method, request->body);
            connect(reply, &QNetworkReply::finished, this, [this, request, reply] {
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray body = reply->readAll();
                if (status >= 200 && status < 300) {
                    request->promise->addResult(body);
                    request->promise->finish();
                    return;
                }
                KubeError error;
                if (status == 0) {
                    const bool tls = reply->error() == QNetworkReply::SslHandshakeFailedError;
                    error = KubeError::unavailable(
                        Tr::tr("cannot reach %1: %2").arg(m_connection.server.toDisplayString(), reply->errorString()));
                    if (tls)
                        error.reason = KubeError::Reason::TlsFailure;
                } else {
                    error = KubeError::fromReply(status, body);
                }

                // A rejected exec credential may have been revoked early: renew it once.
                if (status == 401 && m_exec && !request->credentialsRenewed) {
                    request->credentialsRenewed = true;
                    m_exec->invalidate();
                    dispatch(request);
                    return;
                }
                const bool retry = (request->idempotent && error.isTransient())
                    || error.reason == KubeError::Reason::TooManyRequests;
                if (retry && ++request->attempt < m_maxAttempts) {
                    int delay = int(std::min(10000.0, 200.0 * std::pow(2.0, request->attempt - 1)));
                    delay += int(QRandomGenerator::global()->bounded(delay / 4 + 1));
                    if (const QByteArray after = reply->rawHeader("Retry-After"); !after.isEmpty())
                        delay = std::max(delay, after.toInt() * 1000);
                    qCDebug(lcKube).noquote() << request->method << request->url.path() << "failed:" << error.message
                                              << "- trying again in" << delay << "ms";
                    QTimer::singleShot(delay, this, [this, request] { dispatch(request); });
                    return;
                }
                request->promise->addResult(Failure(error));
                request->promise->finish();
            });
        });
    });
}

// Discovery ------------------------------------------------------------------

QFuture<Result<QList<ApiResource>, KubeError>> KubeClient::discover()
{
    struct State
    {
        QPromise<Result<QList<ApiResource>, KubeError>> promise;
        QList<ApiResource> resources;
        int pending = 0;
        std::optional<KubeError> error;
    };
    auto state = std::make_shared<State>();
    state->promise.start();
    QFuture<Result<QList<ApiResource>, KubeError>> future = state->promise.future();

    auto complete = [this, state] {
        if (--state->pending > 0)
            return;
        if (state->resources.isEmpty() && state->error) {
            state->promise.addResult(Failure(*state->error));
            state->promise.finish();
            return;
        }
        std::sort(state->resources.begin(), state->resources.end(), [](const ApiResource &a, const ApiResource &b) {
            return std::tie(a.group, a.version, a.name) < std::tie(b.group, b.version, b.name);
        });
        const bool changed = [&] {
            if (state->resources.size() != m_resources.size())
                return true;
            for (qsizetype i = 0; i < m_resources.size(); ++i) {
                if (m_resources[i].groupVersionKind() != state->resources[i].groupVersionKind())
                    return true;
            }
            return false;
        }();
        m_resources = state->resources;
        m_resourceIndex.clear();
        for (qsizetype i = 0; i < m_resources.size(); ++i)
            m_resourceIndex.insert(m_resources[i].groupVersionKind(), i);
        state->promise.addResult(m_resources);
        state->promise.finish();
        if (changed)
            Q_EMIT discoveryChanged();
    };

    auto readGroupVersion = [this, state, complete](const QString &group, const QString &version, int priority) {
        ++state->pending;
        const QString path
            = group.isEmpty() ? QString(u"/api/" + version) : QString(u"/apis/" + group + u'/' + version);
        getRaw(path).then(this, [state, complete, group, version, priority](const KubeResult &result) {
            if (!result) {
                // An aggregated API that is down costs its own group only, as in client-go.
                qCInfo(lcKube).noquote() << "discovery of" << (group.isEmpty() ? version : group + u'/' + version)
                                         << "failed:" << result.error().message;
                state->error = result.error();
            } else {
                const QJsonArray resources = result->value(u"resources").toArray();
                for (const QJsonValue &value : resources) {
                    const QJsonObject r = value.toObject();
                    const QString name = r.value(u"name").toString();
                    if (name.contains(u'/'))
                        continue; // a subresource
                    ApiResource resource;
                    resource.group = group;
                    resource.version = version;
                    resource.kind = r.value(u"kind").toString();
                    resource.name = name;
                    resource.namespaced = r.value(u"namespaced").toBool();
                    resource.versionPriority = priority;
                    const QJsonArray verbs = r.value(u"verbs").toArray();
                    for (const QJsonValue &verb : verbs)
                        resource.verbs << verb.toString();
                    state->resources.append(resource);
                }
            }
            complete();
        });
    };

    state->pending = 2; // /api and /apis
    getRaw(QStringLiteral("/api")).then(this, [state, complete, readGroupVersion](const KubeResult &result) {
        if (!result) {
            state->error = result.error();
        } else {
            const QJsonArray versions = result->value(u"versions").toArray();
            for (qsizetype i = 0; i < versions.size(); ++i)
                readGroupVersion(QString(), versions.at(i).toString(), int(i));
        }
        complete();
    });
    getRaw(QStringLiteral("/apis")).then(this, [state, complete, readGroupVersion](const KubeResult &result) {
        if (!result) {
            state->error = result.error();
        } else {
            const QJsonArray groups = result->value(u"groups").toArray();
            for (const QJsonValue &group : groups) {
                // The preferred version first, then the others in the server's order.
                const QJsonObject g = group.toObject();
                const QString preferred = g.value(u"preferredVersion").toObject().value(u"version").toString();
                const QJsonArray versions = g.value(u"versions").toArray();
                int priority = 1;
                for (const QJsonValue &version : versions) {
                    const QString v = version.toObject().value(u"version").toString();
                    readGroupVersion(g.value(u"name").toString(), v, v == preferred ? 0 : priority++);
                }
            }
        }
        complete();
    });
    return future;
}

std::optional<ApiResource> KubeClient::resourceFor(const GroupVersionKind &gvk) const
{
    const auto it = m_resourceIndex.constFind(gvk);
    if (it == m_resourceIndex.cend())
        return std::nullopt;
    return m_resources.at(*it);
}

QFuture<Result<ApiResource, KubeError>> KubeClient::resolve(const GroupVersionKind &gvk)
{
    if (std::optional<ApiResource> known = resourceFor(gvk))
        return QtFuture::makeReadyFuture(Result<ApiResource, KubeError>(*known));
    return discover().then(
        this, [this, gvk](const Result<QList<ApiResource>, KubeError> &discovered) -> Result<ApiResource, KubeError> {
            if (!discovered)
                return Failure(discovered.error());
            if (std::optional<ApiResource> found = resourceFor(gvk))
                return *found;
            KubeError error;
            error.reason = KubeError::Reason::NotFound;
            error.httpStatus = 404;
            error.message = Tr::tr("the cluster has no resource of kind %1").arg(gvk.toString());
            return Failure(error);
        });
}

// Verbs ----------------------------------------------------------------------

QFuture<KubeResult> KubeClient::get(const ApiResource &resource, const QString &ns, const QString &name)
{
    return send("GET", resource.objectPath(ns, name), {});
}

QFuture<KubeResult> KubeClient::list(const ApiResource &resource, const QString &ns, const ListOptions &options)
{
    QList<QPair<QString, QString>> query;
    if (!options.labelSelector.isEmpty())
        query.append({QStringLiteral("labelSelector"), options.labelSelector});
    if (!options.fieldSelector.isEmpty())
        query.append({QStringLiteral("fieldSelector"), options.fieldSelector});
    if (options.limit > 0)
        query.append({QStringLiteral("limit"), QString::number(options.limit)});
    if (!options.continueToken.isEmpty())
        query.append({QStringLiteral("continue"), options.continueToken});
    if (!options.resourceVersion.isEmpty())
        query.append({QStringLiteral("resourceVersion"), options.resourceVersion});
    return send("GET", resource.collectionPath(ns), query);
}

QFuture<KubeResult> KubeClient::create(const ApiResource &resource, const QString &ns, const QJsonObject &object,
                                       const WriteOptions &options)
{
    return send("POST", resource.collectionPath(ns.isEmpty() ? namespaceOf(object) : ns), writeQuery(options),
                QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json", false);
}

QFuture<KubeResult> KubeClient::update(const ApiResource &resource, const QString &ns, const QJsonObject &object,
                                       const WriteOptions &options, const QString &subresource)
{
    return send("PUT", resource.objectPath(ns.isEmpty() ? namespaceOf(object) : ns, nameOf(object), subresource),
                writeQuery(options), QJsonDocument(object).toJson(QJsonDocument::Compact), "application/json", false);
}

QFuture<KubeResult> KubeClient::patch(const ApiResource &resource, const QString &ns, const QString &name,
                                      PatchType type, const QByteArray &body, const WriteOptions &options,
                                      const QString &subresource)
{
    return send("PATCH", resource.objectPath(ns, name, subresource), writeQuery(options), body, contentTypeFor(type),
                false);
}

QFuture<KubeResult> KubeClient::remove(const ApiResource &resource, const QString &ns, const QString &name,
                                       const DeleteOptions &options)
{
    QJsonObject deleteOptions{{QStringLiteral("kind"), QStringLiteral("DeleteOptions")},
                              {QStringLiteral("apiVersion"), QStringLiteral("v1")}};
    switch (options.propagation) {
    case PropagationPolicy::Default:
        break;
    case PropagationPolicy::Foreground:
        deleteOptions.insert(QStringLiteral("propagationPolicy"), QStringLiteral("Foreground"));
        break;
    case PropagationPolicy::Background:
        deleteOptions.insert(QStringLiteral("propagationPolicy"), QStringLiteral("Background"));
        break;
    case PropagationPolicy::Orphan:
        deleteOptions.insert(QStringLiteral("propagationPolicy"), QStringLiteral("Orphan"));
        break;
    }
    if (options.gracePeriodSeconds)
        deleteOptions.insert(QStringLiteral("gracePeriodSeconds"), *options.gracePeriodSeconds);
    if (options.dryRun)
        deleteOptions.insert(QStringLiteral("dryRun"), QJsonArray{QStringLiteral("All")});
    return send("DELETE", resource.objectPath(ns, name), {},
                QJsonDocument(deleteOptions).toJson(QJsonDocument::Compact), "application/json", false);
}

QFuture<KubeResult> KubeClient::post(const QString &path, const QJsonObject &body)
{
    return send("POST", path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", false);
}

QFuture<KubeResult> KubeClient::getRaw(const QString &path)
{
    const qsizetype queryStart = path.indexOf(u'?');
    QList<QPair<QString, QString>> query;
    if (queryStart >= 0) {
        const QUrlQuery q(path.mid(queryStart + 1));
        query = q.queryItems(QUrl::FullyDecoded);
    }
    return send("GET", path.left(queryStart), query);
}

std::unique_ptr<Watch> KubeClient::watch(const ApiResource &resource, const QString &ns, const ListOptions &options)
{
    QList<QPair<QString, QString>> query{{QStringLiteral("watch"), QStringLiteral("1")}};
    if (!options.labelSelector.isEmpty())
        query.append({QStringLiteral("labelSelector"), options.labelSelector});
    if (!options.fieldSelector.isEmpty())
        query.append({QStringLiteral("fieldSelector"), options.fieldSelector});
    if (!options.resourceVersion.isEmpty())
        query.append({QStringLiteral("resourceVersion"), options.resourceVersion});
    if (options.allowBookmarks)
        query.append({QStringLiteral("allowWatchBookmarks"), QStringLiteral("true")});
    if (options.timeoutSeconds > 0)
        query.append({QStringLiteral("timeoutSeconds"), QString::number(options.timeoutSeconds)});
    std::unique_ptr<Watch> watch(new Watch(this, urlFor(resource.collectionPath(ns), query)));
    watch->start();
    return watch;
}

} // namespace Capstan::Kube
