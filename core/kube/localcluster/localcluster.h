// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "controlplanebinaries.h"
#include "kube/kubeconfig.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QUrl>

#include <chrono>
#include <memory>

class QNetworkAccessManager;
class QProcess;
class QTemporaryDir;
class QTimer;

namespace Capstan::Kube {

class KubeClient;
class NodeSimulator;

/// Capstan's embedded default cluster: real etcd, kube-apiserver and
/// kube-controller-manager processes on free loopback ports, with their own
/// certificates, a static admin token (system:masters) and a kubeconfig.
///
/// Persistent clusters keep etcd's data, certificates and tokens in their data
/// folder across restarts; ephemeral ones live in a temporary folder that goes
/// with them, and keep etcd's data on /dev/shm where there is one. The
/// processes die with the process that started them, and a start first reaps
/// what a crashed run left behind in the same folder.
///
/// Starting is asynchronous (started() or failed()); stopping waits for the
/// processes, a few seconds at most, so it belongs on a worker thread.
class LocalCluster : public QObject
{
    Q_OBJECT

public:
    enum class Mode {
        Persistent,
        Ephemeral,
    };
    enum class State {
        Stopped,
        Starting,
        Running,
        Failed,
    };
    Q_ENUM(State)

    struct Options
    {
        Mode mode = Mode::Ephemeral;
        /// Persistent: the cluster's folder. Ephemeral: where its temporary
        /// folder goes (the system's temporary folder if empty).
        QString dataDirectory;
        ControlPlaneBinaries binaries;
        std::chrono::milliseconds startTimeout = std::chrono::seconds(120);
        /// Run the node simulator (a Ready node whose pods run), as the
        /// embedded default does.
        bool simulateNode = true;
        /// How long the simulated node takes to start a pod.
        std::chrono::milliseconds podStartDelay = std::chrono::milliseconds(500);
    };

    explicit LocalCluster(QObject *parent = nullptr);
    /// Stops the processes.
    ~LocalCluster() override;

    void start(const Options &options);
    /// Stops the processes, the API server first, and waits for them.
    void stop();

    State state() const { return m_state; }
    QString errorString() const { return m_errorString; }

    /// The folder with the cluster's files (kubeconfig, pki/, logs/, etcd/).
    QString directory() const { return m_directory; }
    /// A kubeconfig with the admin token, for kubectl and for Capstan.
    QString kubeconfigPath() const;
    QUrl serverUrl() const { return m_serverUrl; }
    QByteArray adminToken() const { return m_adminToken; }
    /// The CA that signed the API server's certificate, PEM.
    QByteArray caCertificate() const { return m_caCertificate; }
    /// How to reach the cluster as its admin.
    ClusterConnection connection() const;
    /// The process ids of etcd, kube-apiserver and kube-controller-manager, while running.
    QList<qint64> processIds() const;

Q_SIGNALS:
    void stateChanged(Capstan::Kube::LocalCluster::State state);
    void started();
    void failed(const QString &message);

private:
    struct Component;

    /// Prepares the folder and ports and starts the components in order.
    void launch();
    Result<void> prepare();
    void startComponent(Component &component, const QStringList &arguments);
    void waitFor(const QUrl &url, const QByteArray &expected, std::function<void()> next);
    void fail(const QString &message);
    void stopProcesses();
    void setState(State state);
    QString logTail(const Component &component) const;
    void onComponentExited(const Component &component, int exitCode);
    void startNodeSimulator(quint64 generation);
    void becomeReady(quint64 generation);

    Options m_options;
    State m_state = State::Stopped;
    QString m_errorString;
    QString m_directory;
    std::unique_ptr<QTemporaryDir> m_temporary;
    std::unique_ptr<QTemporaryDir> m_temporaryEtcd;
    QList<std::shared_ptr<Component>> m_components;
    QNetworkAccessManager *m_network;
    std::unique_ptr<KubeClient> m_client;
    std::unique_ptr<NodeSimulator> m_simulator;
    QTimer *m_deadline;
    QUrl m_serverUrl;
    QByteArray m_adminToken;
    QByteArray m_caCertificate;
    quint16 m_etcdClientPort = 0;
    quint16 m_etcdPeerPort = 0;
    quint16 m_apiserverPort = 0;
    // Bumped by stop(): pending readiness checks of an older run are dropped.
    quint64 m_generation = 0;
    /// Starts again after a component found its port taken, up to maxPortRetries.
    int m_portRetries = 0;
    static constexpr int maxPortRetries = 3;
};

} // namespace Capstan::Kube
