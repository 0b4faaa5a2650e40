// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "request.h"
#include "response.h"
#include "workerpool.h"

#include <QFuture>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QTcpSocket;

namespace Capstan::Http {

class Stream;

/// Who may call a route.
enum class Access {
    /// Anyone; the caller is still identified when a valid token comes along.
    Public,
    /// Only callers with a valid token (401 otherwise).
    Authenticated,
};

/// Routes by method and path pattern: `/api/v1/applications/{name}/sync`.
/// A `{name}` part matches one path segment, percent-decoded after the path
/// is split, so a parameter may hold an encoded '/' (repository URLs); a
/// final `{name*}` part takes the rest of the path.
class Router
{
public:
    using Handler = std::function<QFuture<Response>(const Request &)>;
    /// A long-lived answer: the handler owns the stream and writes to it until
    /// it ends or the client goes away.
    using StreamHandler = std::function<void(const Request &, std::shared_ptr<Stream>)>;

    struct Route
    {
        QByteArray method;
        QStringList segments;
        Access access = Access::Authenticated;
        Handler handler;
        StreamHandler streamHandler;
    };

    void add(QByteArrayView method, const QString &pattern, Access access, Handler handler);
    void addStream(const QString &pattern, Access access, StreamHandler handler);

    struct Match
    {
        const Route *route = nullptr;
        QHash<QString, QString> parameters;
        /// Some route has this path, but not this method (405).
        bool otherMethod = false;
    };
    Match match(QByteArrayView method, const QUrl &url) const;
    /// Every route, in the order added: the table of what is served.
    const std::vector<Route> &routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
};

/// A ready future, for handlers that answer at once.
QFuture<Response> ready(Response response);

/// A handler that answers at once from @p function (`Response(const Request &)`).
template<typename Function>
Router::Handler immediately(Function function)
{
    return [function = std::move(function)](const Request &request) { return ready(function(request)); };
}

/// A handler whose @p function runs on the routes' worker pool, for work
/// that waits: database writes, Git, the cluster. The answer comes back to
/// the server's thread through the future.
template<typename Function>
Router::Handler onThreadPool(Function function)
{
    return [function = std::move(function)](const Request &request) {
        return WorkerPool::shared().run([function, request] { return function(request); });
    };
}

} // namespace Capstan::Http
