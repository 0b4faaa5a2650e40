// SPDX-License-Identifier: Apache-2.0
// The addresses shown for an app: an Ingress's rules (TLS hosts as https,
// rules without a host at the load balancer's address), a LoadBalancer
// Service's addresses, and the app's own link annotations.
#include "engine/externalurls.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Capstan;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class ExternalUrlsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ingressRules()
    {
        const QJsonObject ingress
            = parse(R"({"spec":{"tls":[{"hosts":["shop.example.com"]}],"rules":[)"
                    R"({"host":"shop.example.com","http":{"paths":[{"path":"/"},{"path":"/api"}]}},)"
                    R"({"host":"admin.example.com"},)"
                    R"({"http":{"paths":[{"path":"/metrics"}]}}]},)"
                    R"("status":{"loadBalancer":{"ingress":[{"ip":""},{"hostname":"lb.example.net"}]}}})");
        QCOMPARE(Engine::externalUrlsOf(u"networking.k8s.io"_s, u"Ingress"_s, ingress),
                 QStringList({u"https://shop.example.com/"_s, u"https://shop.example.com/api"_s,
                              u"http://admin.example.com"_s, u"http://lb.example.net/metrics"_s}));
        // Without an address, a rule without a host leads nowhere.
        QJsonObject pending = ingress;
        pending.remove(u"status"_s);
        QCOMPARE(Engine::externalUrlsOf(u"networking.k8s.io"_s, u"Ingress"_s, pending).size(), 3);
    }

    void loadBalancerServices()
    {
        const QJsonObject service
            = parse(R"({"spec":{"type":"LoadBalancer"},)"
                    R"("status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.7"},{"hostname":"web.example.net"}]}}})");
        QCOMPARE(Engine::externalUrlsOf({}, u"Service"_s, service),
                 QStringList({u"203.0.113.7"_s, u"web.example.net"_s}));
        QJsonObject clusterIp = service;
        clusterIp.insert(u"spec"_s, parse(R"({"type":"ClusterIP"})"));
        QVERIFY(Engine::externalUrlsOf({}, u"Service"_s, clusterIp).isEmpty());
        QVERIFY(Engine::externalUrlsOf(u"serving.knative.dev"_s, u"Service"_s, service).isEmpty());
        QVERIFY(Engine::externalUrlsOf(u"apps"_s, u"Deployment"_s, service).isEmpty());
    }

    void linkAnnotations()
    {
        const QMap<QString, QString> annotations{
            {u"link.argocd.argoproj.io/dashboard"_s, u"https://grafana.example.com/d/shop"_s},
            {u"link.argocd.argoproj.io/runbook"_s, u"https://wiki.example.com/shop"_s},
            {u"argocd.argoproj.io/refresh"_s, u"hard"_s}};
        QCOMPARE(Engine::linkUrlsOf(annotations),
                 QStringList({u"https://grafana.example.com/d/shop"_s, u"https://wiki.example.com/shop"_s}));
    }
};

QTEST_GUILESS_MAIN(ExternalUrlsTest)
#include "tst_externalurls.moc"
