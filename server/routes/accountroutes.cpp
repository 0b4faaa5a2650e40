// SPDX-License-Identifier: Apache-2.0
#include "auth/accounts.h"
#include "auth/authorizer.h"
#include "auth/rbac.h"
#include "auth/sessionmanager.h"
#include "http/decode.h"
#include "http/router.h"
#include "http/workerpool.h"
#include "routes.h"
#include "serverservices.h"

#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

/// account.UpdatePasswordRequest.
struct UpdatePasswordRequest
{
    QString newPassword;
    QString currentPassword;
    QString name;

    static void describe(auto &self, auto &f)
    {
        f.field(u"newPassword", self.newPassword);
        f.field(u"currentPassword", self.currentPassword);
        f.field(u"name", self.name);
    }
};

/// account.CreateTokenRequest.
struct CreateTokenRequest
{
    QString name;
    qint64 expiresIn = 0;
    QString id;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"expiresIn", self.expiresIn);
        f.field(u"id", self.id);
    }
};

/// Argo CD lets a local user see and change its own account without RBAC.
bool isSelf(const Http::Request &request, const QString &name)
{
    return request.claims && !request.claims->isProjectToken() && request.claims->subject == name
        && request.claims->issuer == Auth::issuer;
}

Result<void, ApiError> checkAccount(const ServerServices &services, const Http::Request &request, const QString &action,
                                    const QString &name)
{
    if (isSelf(request, name))
        return {};
    return services.authorizer().check(request.claims, u"accounts"_s, action, name);
}

} // namespace

void addAccountRoutes(Http::Router &router, ServerServices &services)
{
    router.add("GET", u"/api/v1/account"_s, Http::Access::Authenticated, [&services](const Http::Request &request) {
        QJsonArray items;
        for (const Auth::Account &account : services.accounts().accounts()) {
            if (isSelf(request, account.name)
                || services.authorizer().enforce(request.claims, u"accounts"_s, u"get"_s, account.name))
                items.append(account.toJson());
        }
        QJsonObject list;
        if (!items.isEmpty())
            list.insert(u"items"_s, items);
        return Http::ready(Http::Response::json(list));
    });

    router.add("GET", u"/api/v1/account/can-i/{resource}/{action}/{subresource*}"_s, Http::Access::Authenticated,
               [&services](const Http::Request &request) {
                   const QString resource = request.parameter(u"resource"_s);
                   const QString action = request.parameter(u"action"_s);
                   if (!Auth::Rbac::actions().contains(action))
                       return Http::ready(Http::Response::error(
                           GrpcCode::InvalidArgument,
                           u"[%1] does not contain %2"_s.arg(Auth::Rbac::actions().join(u' '), action)));
                   if (!Auth::Rbac::resources().contains(resource))
                       return Http::ready(Http::Response::error(
                           GrpcCode::InvalidArgument,
                           u"[%1] does not contain %2"_s.arg(Auth::Rbac::resources().join(u' '), resource)));
                   QString object = request.parameter(u"subresource"_s);
                   // "<project>/argocd/<app>" is the app of the control plane's namespace: "<project>/<app>".
                   const QStringList parts = object.split(u'/');
                   if (parts.size() == 3 && Auth::Rbac::projectOf({resource, action, object}) == parts.first())
                       object = Auth::Authorizer::applicationObject(parts.at(0), parts.at(1), parts.at(2));
                   const bool allowed = services.authorizer().enforce(request.claims, resource, action, object);
                   return Http::ready(Http::Response::json({{u"value"_s, allowed ? u"yes"_s : u"no"_s}}));
               });

    router.add("PUT", u"/api/v1/account/password"_s, Http::Access::Authenticated,
               [&services](const Http::Request &request) {
                   const auto body = Http::decodeBody<UpdatePasswordRequest>(request);
                   if (!body)
                       return Http::ready(Http::Response::error(body.error()));
                   const QString caller = request.claims->subject;
                   const QString name = body->name;
                   const QString target = name.isEmpty() ? caller : name;
                   if (target != caller || request.claims->issuer != Auth::issuer) {
                       if (auto allowed = services.authorizer().check(request.claims, u"accounts"_s, u"update"_s, name);
                           !allowed)
                           return Http::ready(Http::Response::error(allowed.error()));
                   }
                   if (name.isEmpty() && request.claims->isProjectToken())
                       return Http::ready(Http::Response::error(
                           GrpcCode::InvalidArgument,
                           u"password can only be changed for local users, not user \"%1\""_s.arg(caller)));
                   const QString current = body->currentPassword;
                   const QString fresh = body->newPassword;
                   return Http::WorkerPool::shared().run([&services, caller, current, target, fresh] {
                       if (auto changed = services.sessions().changePassword(caller, current, target, fresh); !changed)
                           return Http::Response::error(changed.error());
                       return Http::Response::json(QJsonObject());
                   });
               });

    router.add("GET", u"/api/v1/account/{name}"_s, Http::Access::Authenticated,
               [&services](const Http::Request &request) {
                   const QString name = request.parameter(u"name"_s);
                   if (auto allowed = checkAccount(services, request, u"get"_s, name); !allowed)
                       return Http::ready(Http::Response::error(allowed.error()));
                   const auto account = services.accounts().account(name);
                   if (!account)
                       return Http::ready(Http::Response::error(
                           GrpcCode::NotFound, u"failed to get account %1: account '%1' does not exist"_s.arg(name)));
                   return Http::ready(Http::Response::json(account->toJson()));
               });

    router.add(
        "POST", u"/api/v1/account/{name}/token"_s, Http::Access::Authenticated,
        [&services](const Http::Request &request) {
            const QString name = request.parameter(u"name"_s);
            if (auto allowed = checkAccount(services, request, u"update"_s, name); !allowed)
                return Http::ready(Http::Response::error(allowed.error()));
            const auto body = Http::decodeBody<CreateTokenRequest>(request);
            if (!body)
                return Http::ready(Http::Response::error(body.error()));
            QString id = body->id;
            if (id.isEmpty())
                id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            const qint64 seconds = std::max<qint64>(0, body->expiresIn);
            const qint64 now = QDateTime::currentSecsSinceEpoch();
            if (auto added = services.accounts().addToken(name, {id, now, seconds > 0 ? now + seconds : 0}); !added)
                return Http::ready(Http::Response::error(added.error()));
            const QByteArray token = services.sessions().create(name + u":apiKey"_s, seconds, id);
            return Http::ready(Http::Response::json({{u"token"_s, QString::fromLatin1(token)}}));
        });

    router.add("DELETE", u"/api/v1/account/{name}/token/{id}"_s, Http::Access::Authenticated,
               [&services](const Http::Request &request) {
                   const QString name = request.parameter(u"name"_s);
                   if (auto allowed = checkAccount(services, request, u"update"_s, name); !allowed)
                       return Http::ready(Http::Response::error(allowed.error()));
                   if (auto removed = services.accounts().removeToken(name, request.parameter(u"id"_s)); !removed)
                       return Http::ready(Http::Response::error(removed.error()));
                   return Http::ready(Http::Response::json(QJsonObject()));
               });
}

} // namespace Capstan::Routes
