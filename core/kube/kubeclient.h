// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "apiresource.h"
#include "base/result.h"
#include "kubeconfig.h"
#include "kubeerror.h"

#include <QFuture>
#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkRequest;

namespace Capstan::Kube {

class Watch;

/// How a list or a watch selects objects.
struct ListOptions
{
    QString labelSelector;
    QString fieldSelector;
    /// Page size; 0 means everything at once.
    int limit = 0;
    QString continueToken;
    /// List: "0" for any cached version; watch: the version to continue from.
    QString resourceVersion;
    /// Watch: ask for BOOKMARK events.
    bool allowBookmarks = true;
    /// Watch: how long the server keeps the stream open; 0 means its default.
    int timeoutSeconds = 0;
};

/// How a write is made.
struct WriteOptions
{
    /// dryRun=All: validated and defaulted by the server, not stored.
    bool dryRun = false;
    QString fieldManager;
    /// Server-side apply: take fields over from other managers.
    bool force = false;
    /// "Strict", "Warn" or "Ignore"; servers older than 1.25 ignore it.
    QString fieldValidation;
};

enum class PatchType {
    /// RFC 6902 JSON patch.
    Json,
    /// RFC 7386 JSON merge patch.
    Merge,
    /// Kubernetes' strategic merge patch.
    StrategicMerge,
    /// Server-side apply; needs a field manager.
    Apply,
};

enum class PropagationPolicy {
    Default,
    Foreground,
    Background,
    Orphan,
};

/// How a delete is made.
struct DeleteOptions
{
    PropagationPolicy propagation = PropagationPolicy::Default;
    /// Seconds a pod has to stop; 0 deletes at once.
    std::optional<int> gracePeriodSeconds;
    bool dryRun = false;
};

using KubeResult = Result<QJsonObject, KubeError>;

/// An asynchronous client of one Kubernetes API server, on the event loop of
/// the thread it lives in (a worker thread is fine; nothing blocks).
///
/// It authenticates as the kubeconfig says (bearer token, token file, client
/// certificate, basic auth, or an exec plugin whose credential is cached until
/// it expires), verifies TLS unless told not to, keeps connections alive,
/// limits itself to a rate (QPS with a burst), and retries with exponential
/// backoff: reads on 429, 5xx and connection failures; writes on 429 only,
/// since a write that reached the server may have happened.
class KubeClient : public QObject
{
    Q_OBJECT

public:
    explicit KubeClient(const ClusterConnection &connection, QObject *parent = nullptr);
    ~KubeClient() override;

    const ClusterConnection &connection() const { return m_connection; }

    /// Requests per second, with bursts of up to @p burst.
    void setRateLimit(double qps, int burst);
    /// How many times a request is tried at most.
    void setMaxAttempts(int attempts) { m_maxAttempts = attempts; }
    void setRequestTimeout(std::chrono::milliseconds timeout) { m_requestTimeout = timeout; }

    // Discovery

    /// Reads /api and /apis and every group version's resources.
    QFuture<Result<QList<ApiResource>, KubeError>> discover();
    /// What the last discovery found.
    QList<ApiResource> resources() const { return m_resources; }
    /// The resource of @p gvk, if the last discovery found it.
    std::optional<ApiResource> resourceFor(const GroupVersionKind &gvk) const;
    /// The resource of @p gvk, discovering again first if it is not known yet
    /// (a CRD may just have been created).
    QFuture<Result<ApiResource, KubeError>> resolve(const GroupVersionKind &gvk);

    // Verbs

    QFuture<KubeResult> get(const ApiResource &resource, const QString &ns, const QString &name);
    /// One page (or all) of a collection; items[] and metadata.continue as the server sends them.
    QFuture<KubeResult> list(const ApiResource &resource, const QString &ns, const ListOptions &options = {});
    QFuture<KubeResult> create(const ApiResource &resource, const QString &ns, const QJsonObject &object,
                               const WriteOptions &options = {});
    /// PUT: fails with Conflict when metadata.resourceVersion is stale.
    QFuture<KubeResult> update(const ApiResource &resource, const QString &ns, const QJsonObject &object,
                               const WriteOptions &options = {}, const QString &subresource = {});
    QFuture<KubeResult> patch(const ApiResource &resource, const QString &ns, const QString &name, PatchType type,
                              const QByteArray &body, const WriteOptions &options = {},
                              const QString &subresource = {});
    QFuture<KubeResult> remove(const ApiResource &resource, const QString &ns, const QString &name,
                               const DeleteOptions &options = {});
    /// POST to a subresource, such as pods/binding.
    QFuture<KubeResult> post(const QString &path, const QJsonObject &body);
    /// GET of any path, as `kubectl get --raw`.
    QFuture<KubeResult> getRaw(const QString &path);

    /// Streams changes; the Watch belongs to the caller.
    std::unique_ptr<Watch> watch(const ApiResource &resource, const QString &ns, const ListOptions &options = {});

Q_SIGNALS:
    void discoveryChanged();

private:
    friend class Watch;
    struct Request;
    struct Credentials;
    class ExecCredentials;
    class RateLimiter;

    QFuture<KubeResult> send(const QByteArray &method, const QString &path, const QList<QPair<QString, QString>> &query,
                             const QByteArray &body = {}, const QByteArray &contentType = {}, bool idempotent = true);
    void dispatch(const std::shared_ptr<Request> &request);
    void transmit(const std::shared_ptr<Request> &request, const Credentials &credentials);
    /// Calls @p ready with a request for @p url that carries credentials, or an error.
    void prepare(const QUrl &url, std::function<void(Result<QNetworkRequest, KubeError>)> ready);
    QUrl urlFor(const QString &path, const QList<QPair<QString, QString>> &query) const;

    ClusterConnection m_connection;
    QNetworkAccessManager *m_network;
    std::unique_ptr<ExecCredentials> m_exec;
    std::unique_ptr<RateLimiter> m_rateLimiter;
    int m_maxAttempts = 5;
    std::chrono::milliseconds m_requestTimeout{std::chrono::seconds(60)};
    QList<ApiResource> m_resources;
    QHash<GroupVersionKind, qsizetype> m_resourceIndex;
};

} // namespace Capstan::Kube
