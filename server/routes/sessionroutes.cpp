// SPDX-License-Identifier: Apache-2.0
#include "auth/sessionmanager.h"
#include "http/decode.h"
#include "http/router.h"
#include "http/workerpool.h"
#include "routes.h"
#include "serverservices.h"

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

/// session.SessionCreateRequest.
struct SessionCreateRequest
{
    QString username;
    QString password;
    QString token;

    static void describe(auto &self, auto &f)
    {
        f.field(u"username", self.username);
        f.field(u"password", self.password);
        f.field(u"token", self.token);
    }
};

/// Argo CD's cookie: a session cookie, not readable by scripts.
QByteArray tokenCookie(const QByteArray &token, bool secure)
{
    QByteArray cookie = "argocd.token=" + token + "; path=/; SameSite=lax; httpOnly";
    if (token.isEmpty())
        cookie += "; Max-Age=0";
    if (secure)
        cookie += "; Secure";
    return cookie;
}

} // namespace

void addSessionRoutes(Http::Router &router, ServerServices &services)
{
    router.add("POST", u"/api/v1/session"_s, Http::Access::Public, [&services](const Http::Request &request) {
        const auto json = request.jsonBody();
        if (!json)
            return Http::ready(Http::Response::error(json.error()));
        const auto body = Http::decode<SessionCreateRequest>(*json);
        if (!body)
            return Http::ready(Http::Response::error(body.error()));
        if (!body->token.isEmpty())
            return Http::ready(Http::Response::error(
                GrpcCode::Unauthenticated,
                u"token-based session creation no longer supported. please upgrade argocd cli to v0.7+"_s));
        const QString username = body->username;
        const QString password = body->password;
        // bcrypt and the time floor of every check: off the server's thread.
        return Http::WorkerPool::shared().run([&services, username, password] {
            const auto token = services.sessions().login(username, password);
            if (!token)
                return Http::Response::error(token.error());
            Http::Response response = Http::Response::json({{u"token"_s, QString::fromLatin1(*token)}});
            response.headers.append({"Set-Cookie", tokenCookie(*token, services.settings().secure)});
            return response;
        });
    });

    // Logout: unlike Argo CD's gRPC method, which does nothing, this revokes
    // the caller's token, as its /auth/logout does.
    router.add("DELETE", u"/api/v1/session"_s, Http::Access::Public, [&services](const Http::Request &request) {
        if (request.claims && !request.claims->id.isEmpty()) {
            if (auto revoked = services.sessions().revoke(*request.claims); !revoked)
                return Http::ready(Http::Response::error(GrpcCode::Internal, revoked.error()));
        }
        Http::Response response = Http::Response::json(QJsonObject());
        response.headers.append({"Set-Cookie", tokenCookie({}, services.settings().secure)});
        return Http::ready(response);
    });

    router.add("GET", u"/api/v1/session/userinfo"_s, Http::Access::Public, [](const Http::Request &request) {
        if (!request.claims)
            return Http::ready(Http::Response::json(QJsonObject()));
        return Http::ready(Http::Response::json(
            {{u"loggedIn"_s, true}, {u"username"_s, request.claims->subject}, {u"iss"_s, request.claims->issuer}}));
    });
}

} // namespace Capstan::Routes
