// SPDX-License-Identifier: Apache-2.0
#include "auth/sessionmanager.h"
#include "http/router.h"
#include "routes.h"
#include "serverservices.h"

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

void addSettingsRoutes(Http::Router &router, ServerServices &services)
{
    router.add("GET", u"/api/v1/settings"_s, Http::Access::Public, [&services](const Http::Request &request) {
        const QMap<QString, QString> &config = services.settings().configMap;
        QJsonObject settings{
            {u"appLabelKey"_s, config.value(u"application.instanceLabelKey"_s, u"app.kubernetes.io/instance"_s)},
            {u"googleAnalytics"_s, QJsonObject{{u"anonymizeUsers"_s, true}}},
            {u"kustomizeOptions"_s, QJsonObject()},
            {u"help"_s, QJsonObject()},
        };
        if (const QString url = config.value(u"url"_s); !url.isEmpty())
            settings.insert(u"url"_s, url);
        if (const QString method = config.value(u"application.resourceTrackingMethod"_s); !method.isEmpty())
            settings.insert(u"trackingMethod"_s, method);
        if (config.value(u"statusbadge.enabled"_s) == u"true")
            settings.insert(u"statusBadgeEnabled"_s, true);
        // Only the signed-in see the rest, as in Argo CD.
        if (request.claims) {
            settings.insert(u"controllerNamespace"_s, u"argocd"_s);
            settings.insert(u"passwordPattern"_s, services.sessions().settings().passwordPattern);
        }
        return Http::ready(Http::Response::json(settings));
    });
}

} // namespace Capstan::Routes
