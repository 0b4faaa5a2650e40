// SPDX-License-Identifier: Apache-2.0
#include "http/router.h"
#include "routes.h"
#include "serverservices.h"

using namespace Qt::StringLiterals;

namespace Capstan::Routes {

namespace {

Http::Response text(int status, const QString &body)
{
    Http::Response response;
    response.status = status;
    response.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    response.body = body.toUtf8() + '\n';
    return response;
}

} // namespace

void addHealthRoutes(Http::Router &router, ServerServices &services)
{
    // argocd-server's readiness probe: "ok" once the server can do what it is
    // asked, else 503 and why not. Its liveness probe's `full=true`, which
    // also reads the clusters, is answered alike: the store is in memory.
    router.add("GET", u"/healthz"_s, Http::Access::Public, [&services](const Http::Request &) {
        if (const QString reason = services.notReadyReason(); !reason.isEmpty())
            return Http::ready(text(503, reason));
        return Http::ready(text(200, u"ok"_s));
    });
}

} // namespace Capstan::Routes
