// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "kube/apiresource.h"
#include "kube/kubeerror.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <chrono>
#include <memory>
#include <optional>

namespace Capstan::Kube {

class KubeClient;
class Watch;

/// Stands in for the kubelet (and the scheduler) of one node of the local
/// cluster, in the spirit of kwok: nothing runs, but the API sees what a
/// working node would report, so that Deployments become Available and Jobs
/// Complete.
///
/// - It registers one Ready Node.
/// - It binds every pending pod to that Node.
/// - After a delay it reports a bound pod Running and Ready, with a pod IP and
///   running containers; a pod with restartPolicy Never then Succeeds, its
///   containers terminated with exit code 0.
/// - It confirms the deletion of its pods at once, as a kubelet would once
///   the containers stopped.
/// - It is the cluster's load balancer: every Ingress and every Service of type
///   LoadBalancer gets the node's address, 127.0.0.1, as its ingress.
///
/// It is meant for the local control plane only, where no real node exists.
class NodeSimulator : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString nodeName = QStringLiteral("capstan-local");
        /// From binding to Running, and from Running to Succeeded.
        std::chrono::milliseconds startDelay = std::chrono::milliseconds(500);
    };

    NodeSimulator(KubeClient *client, const Options &options, QObject *parent = nullptr);
    ~NodeSimulator() override;

    /// Registers the node and starts watching pods; ends in ready() or failed().
    void start();

Q_SIGNALS:
    void ready();
    void failed(const QString &message);

private:
    void registerNode();
    void listPods();
    void watchPods(const QString &resourceVersion);
    void handle(const QJsonObject &pod);
    void bind(const QString &ns, const QString &name);
    void reportRunning(const QString &ns, const QString &name);
    void reportSucceeded(const QString &ns, const QString &name);
    void assignLoadBalancers();
    void assignLoadBalancers(const ApiResource &resource, bool servicesOnly);
    QJsonObject nodeObject() const;

    KubeClient *m_client;
    Options m_options;
    ApiResource m_pods;
    ApiResource m_nodes;
    std::optional<ApiResource> m_ingresses;
    ApiResource m_services;
    int m_pendingLists = 0;
    std::unique_ptr<Watch> m_watch;
    /// Pods that have been acted on, by namespace/name and the step taken.
    QHash<QString, int> m_steps;
    int m_nextPodIp = 2;
    bool m_ready = false;
};

} // namespace Capstan::Kube
