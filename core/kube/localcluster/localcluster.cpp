// SPDX-License-Identifier: Apache-2.0
#include "localcluster.h"

#include "auth/accesstoken.h"
#include "base/files.h"
#include "base/logging.h"
#include "certificates.h"
#include "kube/kubeclient.h"
#include "nodesimulator.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace Capstan::Kube {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::LocalCluster)
};

constexpr auto pollInterval = 150ms;
constexpr auto stopTimeout = 10s;
const QString serviceClusterIpRange = QStringLiteral("10.96.0.0/16");

bool portIsFree(quint16 port)
{
    QTcpServer probe;
    return port != 0 && probe.listen(QHostAddress::LocalHost, port);
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool processIsAlive(qint64 pid)
{
    return ::kill(pid_t(pid), 0) == 0;
}

/// Whether @p pid is one of ours: a process whose command line names @p directory.
bool processBelongsTo(qint64 pid, const QString &directory)
{
    const QByteArray commandLine = Files::readAll(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return !commandLine.isEmpty() && commandLine.contains(directory.toUtf8());
}

/// Ends the processes a crashed run left behind in @p runDirectory.
void reapStale(const QString &runDirectory, const QString &clusterDirectory)
{
    const QDir run(runDirectory);
    const QStringList pidFiles = run.entryList({QStringLiteral("*.pid")}, QDir::Files);
    for (const QString &name : pidFiles) {
        const qint64 pid = Files::readAll(run.filePath(name)).trimmed().toLongLong();
        if (pid > 0 && processIsAlive(pid) && processBelongsTo(pid, clusterDirectory)) {
            qCWarning(lcKube) << "stopping" << name.chopped(4) << "process" << pid << "left from an earlier run";
            ::kill(pid_t(pid), SIGTERM);
            for (int i = 0; i < 50 && processIsAlive(pid); ++i)
                QThread::msleep(100);
            if (processIsAlive(pid))
                ::kill(pid_t(pid), SIGKILL);
        }
        QFile::remove(run.filePath(name));
    }
}

QByteArray kubeconfig(const QUrl &server, const QByteArray &caCertificate, const QString &user, const QByteArray &token)
{
    const QByteArray ca = caCertificate.toBase64();
    return "apiVersion: v1\n"
           "kind: Config\n"
           "clusters:\n"
           "- name: capstan-local\n"
           "  cluster:\n"
           "    server: "
        + server.toString().toUtf8()
        + "\n"
          "    certificate-authority-data: "
        + ca
        + "\n"
          "users:\n"
          "- name: "
        + user.toUtf8()
        + "\n"
          "  user:\n"
          "    token: "
        + token
        + "\n"
          "contexts:\n"
          "- name: capstan-local\n"
          "  context:\n"
          "    cluster: capstan-local\n"
          "    user: "
        + user.toUtf8()
        + "\n"
          "current-context: capstan-local\n";
}

} // namespace

struct LocalCluster::Component
{
    QString name;
    QString program;
    QProcess *process = nullptr;
    QString logPath;
    QString pidPath;
};

LocalCluster::LocalCluster(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_deadline(new QTimer(this))
{
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        fail(Tr::tr("the local cluster was not ready within %n second(s)", nullptr,
                    int(std::chrono::duration_cast<std::chrono::seconds>(m_options.startTimeout).count())));
    });
}

LocalCluster::~LocalCluster()
{
    stop();
}

QString LocalCluster::kubeconfigPath() const
{
    return m_directory.isEmpty() ? QString() : QDir(m_directory).filePath(QStringLiteral("kubeconfig"));
}

QList<qint64> LocalCluster::processIds() const
{
    QList<qint64> pids;
    for (const auto &component : m_components) {
        if (component->process && component->process->state() != QProcess::NotRunning)
            pids << component->process->processId();
    }
    return pids;
}

void LocalCluster::start(const Options &options)
{
    if (m_state == State::Starting || m_state == State::Running) {
        qCWarning(lcKube) << "the local cluster is running already";
        return;
    }
    stop();
    m_options = options;
    m_errorString.clear();
    m_portRetries = 0;
    setState(State::Starting);
    launch();
}

void LocalCluster::launch()
{
    if (const Result<void> prepared = prepare(); !prepared) {
        fail(prepared.error());
        return;
    }
    m_deadline->start(m_options.startTimeout);
    const quint64 generation = m_generation;

    const QString dir = m_directory;
    auto path = [dir](const QString &name) { return QDir(dir).filePath(name); };
    const QString etcdUrl = QStringLiteral("http://127.0.0.1:%1").arg(m_etcdClientPort);
    const QString peerUrl = QStringLiteral("http://127.0.0.1:%1").arg(m_etcdPeerPort);

    const QString etcdData = m_temporaryEtcd ? m_temporaryEtcd->path() : path(QStringLiteral("etcd"));
    startComponent(*m_components[0],
                   {u"--name=capstan"_s, u"--data-dir=" + etcdData, u"--listen-client-urls=" + etcdUrl,
                    u"--advertise-client-urls=" + etcdUrl, u"--listen-peer-urls=" + peerUrl,
                    u"--initial-advertise-peer-urls=" + peerUrl, u"--initial-cluster=capstan=" + peerUrl,
                    u"--logger=zap"_s, u"--log-level=warn"_s, u"--auto-compaction-mode=periodic"_s,
                    u"--auto-compaction-retention=1h"_s});

    waitFor(QUrl(etcdUrl + u"/health"), "true", [this, path, etcdUrl, generation] {
        startComponent(*m_components[1],
                       {u"--bind-address=127.0.0.1"_s, u"--advertise-address=127.0.0.1"_s,
                        QStringLiteral("--secure-port=%1").arg(m_apiserverPort), u"--insecure-port=0"_s,
                        u"--etcd-servers=" + etcdUrl, u"--cert-dir=" + path(QStringLiteral("pki")),
                        u"--tls-cert-file=" + path(QStringLiteral("pki/apiserver.crt")),
                        u"--tls-private-key-file=" + path(QStringLiteral("pki/apiserver.key")),
                        u"--client-ca-file=" + path(QStringLiteral("pki/ca.crt")),
                        u"--token-auth-file=" + path(QStringLiteral("pki/tokens.csv")),
                        u"--service-account-key-file=" + path(QStringLiteral("pki/sa.pub")),
                        u"--service-account-signing-key-file=" + path(QStringLiteral("pki/sa.key")),
                        u"--service-account-issuer=https://kubernetes.default.svc.cluster.local"_s,
                        u"--service-cluster-ip-range=" + serviceClusterIpRange, u"--authorization-mode=RBAC"_s,
                        u"--allow-privileged=true"_s, u"--enable-priority-and-fairness=false"_s,
                        u"--profiling=false"_s});
        waitFor(m_serverUrl.resolved(QUrl(QStringLiteral("/readyz"))), "ok", [this, path, generation] {
            startComponent(*m_components[2],
                           {u"--kubeconfig=" + path(QStringLiteral("controller-manager.kubeconfig")),
                            u"--service-account-private-key-file=" + path(QStringLiteral("pki/sa.key")),
                            u"--root-ca-file=" + path(QStringLiteral("pki/ca.crt")), u"--leader-elect=false"_s,
                            u"--port=0"_s, u"--secure-port=0"_s, u"--bind-address=127.0.0.1"_s,
                            u"--use-service-account-credentials=false"_s,
                            // Simulated nodes send no heartbeats, and nothing here signs CSRs.
                            u"--controllers=*,-nodelifecycle,-csrsigning"_s, u"--profiling=false"_s});
            // The service-account controller creates "default" in every
            // namespace: its arrival shows the controllers at work.
            waitFor(m_serverUrl.resolved(QUrl(QStringLiteral("/api/v1/namespaces/default/serviceaccounts/default"))),
                    "\"default\"", [this, generation] {
                        if (m_options.simulateNode)
                            startNodeSimulator(generation);
                        else
                            becomeReady(generation);
                    });
        });
    });
}

ClusterConnection LocalCluster::connection() const
{
    ClusterConnection connection;
    connection.contextName = QStringLiteral("capstan-local");
    connection.server = m_serverUrl;
    connection.certificateAuthority = m_caCertificate;
    connection.bearerToken = m_adminToken;
    connection.defaultNamespace = QStringLiteral("default");
    return connection;
}

void LocalCluster::startNodeSimulator(quint64 generation)
{
    if (generation != m_generation)
        return;
    m_client = std::make_unique<KubeClient>(connection());
    NodeSimulator::Options options;
    options.startDelay = m_options.podStartDelay;
    m_simulator = std::make_unique<NodeSimulator>(m_client.get(), options);
    connect(m_simulator.get(), &NodeSimulator::ready, this, [this, generation] { becomeReady(generation); });
    // Queued: failing deletes the simulator, which must not happen inside its own signal.
    connect(
        m_simulator.get(), &NodeSimulator::failed, this,
        [this](const QString &message) { fail(Tr::tr("the node simulator did not start: %1").arg(message)); },
        Qt::QueuedConnection);
    m_simulator->start();
}

void LocalCluster::becomeReady(quint64 generation)
{
    if (generation != m_generation || m_state != State::Starting)
        return;
    m_deadline->stop();
    qCInfo(lcKube).noquote() << "local cluster ready at" << m_serverUrl.toString();
    setState(State::Running);
    Q_EMIT started();
}

Result<void> LocalCluster::prepare()
{
    if (m_options.binaries.etcd.isEmpty()) {
        Result<ControlPlaneBinaries> found = ControlPlaneBinaries::find();
        if (!found)
            return Failure(found.error());
        m_options.binaries = *found;
    }

    if (m_options.mode == Mode::Ephemeral) {
        const QString base = m_options.dataDirectory.isEmpty() ? QDir::tempPath() : m_options.dataDirectory;
        QDir().mkpath(base);
        m_temporary = std::make_unique<QTemporaryDir>(QDir(base).filePath(QStringLiteral("capstan-cluster-XXXXXX")));
        if (!m_temporary->isValid())
            return Failure(Tr::tr("cannot create a temporary folder in %1").arg(base));
        m_directory = m_temporary->path();
        // etcd syncs every write to disk; a throwaway cluster keeps its data in
        // memory where the system offers a tmpfs, for speed.
        const QFileInfo shm(QStringLiteral("/dev/shm"));
        if (shm.isDir() && shm.isWritable()) {
            m_temporaryEtcd = std::make_unique<QTemporaryDir>(QStringLiteral("/dev/shm/capstan-etcd-XXXXXX"));
            if (!m_temporaryEtcd->isValid())
                m_temporaryEtcd.reset();
        }
    } else {
        if (m_options.dataDirectory.isEmpty())
            return Failure(Tr::tr("a persistent local cluster needs a data folder"));
        m_directory = QDir(m_options.dataDirectory).absolutePath();
    }
    const QDir dir(m_directory);
    for (const char *sub : {"pki", "etcd", "run", "logs"}) {
        if (!dir.mkpath(QLatin1String(sub)))
            return Failure(Tr::tr("cannot create %1").arg(dir.filePath(QLatin1String(sub))));
    }
    QFile::setPermissions(dir.filePath(QStringLiteral("etcd")),
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    reapStale(dir.filePath(QStringLiteral("run")), m_directory);

    // The certificate authority and the service-account key outlive restarts,
    // so that tokens and kubeconfigs stay valid; the serving certificate is new each time.
    const QString caCert = dir.filePath(QStringLiteral("pki/ca.crt"));
    const QString caKey = dir.filePath(QStringLiteral("pki/ca.key"));
    Result<CertificateAuthority> ca = QFile::exists(caCert) && QFile::exists(caKey)
        ? CertificateAuthority::load({Files::readAll(caCert), Files::readAll(caKey)})
        : CertificateAuthority::create(QStringLiteral("capstan-local-ca"));
    if (!ca)
        return Failure(ca.error());
    const PemPair caPem = ca->pem();
    m_caCertificate = caPem.certificate;
    if (Result<void> r = Files::writeAtomically(caCert, caPem.certificate, Files::publicFile); !r)
        return r;
    if (Result<void> r = Files::writeAtomically(caKey, caPem.privateKey, Files::privateFile); !r)
        return r;

    CertificateRequest serving;
    serving.commonName = QStringLiteral("kube-apiserver");
    serving.dnsNames
        = {QStringLiteral("localhost"), QStringLiteral("kubernetes"), QStringLiteral("kubernetes.default"),
           QStringLiteral("kubernetes.default.svc"), QStringLiteral("kubernetes.default.svc.cluster.local")};
    serving.ipAddresses = {QHostAddress(QHostAddress::LocalHost), QHostAddress(QStringLiteral("10.96.0.1"))};
    serving.server = true;
    const Result<PemPair> servingPem = ca->issue(serving);
    if (!servingPem)
        return Failure(servingPem.error());
    if (Result<void> r = Files::writeAtomically(dir.filePath(QStringLiteral("pki/apiserver.crt")),
                                                servingPem->certificate, Files::publicFile);
        !r)
        return r;
    if (Result<void> r = Files::writeAtomically(dir.filePath(QStringLiteral("pki/apiserver.key")),
                                                servingPem->privateKey, Files::privateFile);
        !r)
        return r;

    const QString saKey = dir.filePath(QStringLiteral("pki/sa.key"));
    const QString saPub = dir.filePath(QStringLiteral("pki/sa.pub"));
    if (!QFile::exists(saKey) || !QFile::exists(saPub)) {
        const Result<PemKeyPair> keys = generateKeyPair();
        if (!keys)
            return Failure(keys.error());
        if (Result<void> r = Files::writeAtomically(saPub, keys->publicKey, Files::publicFile); !r)
            return r;
        if (Result<void> r = Files::writeAtomically(saKey, keys->privateKey, Files::privateFile); !r)
            return r;
    }

    auto token = [&dir](const QString &name) -> Result<QByteArray> {
        const QString path = dir.filePath(u"pki/" + name + u".token");
        QByteArray value = Files::readAll(path).trimmed();
        if (value.isEmpty()) {
            value = AccessToken::generate();
            if (Result<void> written = Files::writeAtomically(path, value, Files::privateFile); !written)
                return Failure(written.error());
        }
        return value;
    };
    const Result<QByteArray> adminToken = token(QStringLiteral("admin"));
    const Result<QByteArray> controllerToken = token(QStringLiteral("controller-manager"));
    if (!adminToken || !controllerToken)
        return Failure(adminToken ? controllerToken.error() : adminToken.error());
    m_adminToken = *adminToken;
    const QByteArray tokens = m_adminToken + ",admin,capstan-admin,\"system:masters\"\n" + *controllerToken
        + ",system:kube-controller-manager,capstan-controller-manager,\"system:masters\"\n";
    if (Result<void> r
        = Files::writeAtomically(dir.filePath(QStringLiteral("pki/tokens.csv")), tokens, Files::privateFile);
        !r)
        return r;

    // Persistent clusters keep their ports where they can: etcd remembers its peer URL.
    const QString portsPath = dir.filePath(QStringLiteral("ports.json"));
    const QJsonObject saved = QJsonDocument::fromJson(Files::readAll(portsPath)).object();
    auto choose = [&saved](const char *key) {
        const auto port = quint16(saved.value(QLatin1String(key)).toInt());
        return portIsFree(port) ? port : freePort();
    };
    m_etcdClientPort = choose("etcdClient");
    m_etcdPeerPort = choose("etcdPeer");
    m_apiserverPort = choose("apiserver");
    const QJsonObject ports{
        {u"etcdClient"_s, m_etcdClientPort}, {u"etcdPeer"_s, m_etcdPeerPort}, {u"apiserver"_s, m_apiserverPort}};
    if (Result<void> r = Files::writeAtomically(portsPath, QJsonDocument(ports).toJson(), Files::publicFile); !r)
        return r;

    m_serverUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_apiserverPort));
    if (Result<void> r = Files::writeAtomically(
            kubeconfigPath(),
            kubeconfig(m_serverUrl, m_caCertificate, QStringLiteral("capstan-local-admin"), m_adminToken),
            Files::privateFile);
        !r) {
        return r;
    }
    if (Result<void> r
        = Files::writeAtomically(dir.filePath(QStringLiteral("controller-manager.kubeconfig")),
                                 kubeconfig(m_serverUrl, m_caCertificate,
                                            QStringLiteral("system:kube-controller-manager"), *controllerToken),
                                 Files::privateFile);
        !r) {
        return r;
    }

    m_components.clear();
    const std::pair<QString, QString> programs[] = {
        {QStringLiteral("etcd"), m_options.binaries.etcd},
        {QStringLiteral("kube-apiserver"), m_options.binaries.kubeApiserver},
        {QStringLiteral("kube-controller-manager"), m_options.binaries.kubeControllerManager},
    };
    for (const auto &[name, program] : programs) {
        auto component = std::make_shared<Component>();
        component->name = name;
        component->program = program;
        component->logPath = dir.filePath(u"logs/" + name + u".log");
        component->pidPath = dir.filePath(u"run/" + name + u".pid");
        m_components.append(component);
    }
    return {};
}

void LocalCluster::startComponent(Component &component, const QStringList &arguments)
{
    if (m_state != State::Starting)
        return;
    auto *process = new QProcess(this);
    component.process = process;
    process->setProgram(component.program);
    process->setArguments(arguments);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setStandardOutputFile(component.logPath, QIODevice::Append);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QStringList names = environment.keys();
    for (const QString &name : names) {
        // etcd reads its flags from ETCD_* as well.
        if (name.startsWith(u"ETCD") || name == u"KUBECONFIG")
            environment.remove(name);
    }
    process->setProcessEnvironment(environment);
    // The control plane dies with the thread that started it, even on a crash.
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });

    connect(process, &QProcess::finished, this,
            [this, &component](int exitCode) { onComponentExited(component, exitCode); });
    connect(process, &QProcess::errorOccurred, this, [this, &component](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            fail(Tr::tr("cannot start %1 (%2): %3")
                     .arg(component.name, component.program, component.process->errorString()));
        }
    });
    qCDebug(lcKube).noquote() << "starting" << component.program << arguments.join(u' ');
    process->start();
    if (!process->waitForStarted(10000))
        return; // errorOccurred() reports it
    // The pid file lets the next start reap this process after a crash.
    if (Result<void> written
        = Files::writeAtomically(component.pidPath, QByteArray::number(process->processId()), Files::publicFile);
        !written) {
        qCWarning(lcKube).noquote() << written.error();
    }
}

void LocalCluster::waitFor(const QUrl &url, const QByteArray &expected, std::function<void()> next)
{
    const quint64 generation = m_generation;
    QNetworkRequest request(url);
    if (url.scheme() == u"https") {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setCaCertificates(QSslCertificate::fromData(m_caCertificate));
        request.setSslConfiguration(ssl);
        request.setRawHeader("Authorization", "Bearer " + m_adminToken);
    }
    request.setTransferTimeout(5000);
    QNetworkReply *reply = m_network->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, expected, next, generation] {
        reply->deleteLater();
        if (generation != m_generation || m_state != State::Starting)
            return;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200 && reply->readAll().contains(expected)) {
            next();
            return;
        }
        QTimer::singleShot(pollInterval, this, [this, url, expected, next, generation] {
            if (generation == m_generation && m_state == State::Starting)
                waitFor(url, expected, next);
        });
    });
}

QString LocalCluster::logTail(const Component &component) const
{
    QByteArray log = Files::readAll(component.logPath);
    QList<QByteArray> lines = log.trimmed().split('\n');
    if (lines.size() > 8)
        lines = lines.mid(lines.size() - 8);
    return QString::fromUtf8(lines.join('\n'));
}

void LocalCluster::onComponentExited(const Component &component, int exitCode)
{
    QFile::remove(component.pidPath);
    // A port that was free when chosen can be taken by another process before
    // the component binds it: start again on other ports.
    if (m_state == State::Starting && m_portRetries < maxPortRetries
        && Files::readAll(component.logPath).contains("address already in use")) {
        ++m_portRetries;
        qCInfo(lcKube).noquote() << component.name << "found its port taken; starting again on other ports";
        ++m_generation;
        m_deadline->stop();
        stopProcesses();
        // Not from inside the component's own signal: launch() replaces the components.
        QMetaObject::invokeMethod(
            this,
            [this, generation = m_generation] {
                if (generation == m_generation && m_state == State::Starting)
                    launch();
            },
            Qt::QueuedConnection);
        return;
    }
    fail(Tr::tr("%1 exited with code %2; the end of %3:\n%4")
             .arg(component.name)
             .arg(exitCode)
             .arg(component.logPath, logTail(component)));
}

void LocalCluster::fail(const QString &message)
{
    if (m_state == State::Failed)
        return;
    qCWarning(lcKube).noquote() << "local cluster failed:" << message;
    ++m_generation;
    m_deadline->stop();
    stopProcesses();
    m_errorString = message;
    setState(State::Failed);
    Q_EMIT failed(message);
}

void LocalCluster::stop()
{
    ++m_generation;
    m_deadline->stop();
    stopProcesses();
    m_components.clear();
    m_temporaryEtcd.reset();
    m_temporary.reset();
    if (m_state != State::Stopped && m_state != State::Failed)
        qCInfo(lcKube) << "local cluster stopped";
    setState(State::Stopped);
}

void LocalCluster::stopProcesses()
{
    // The simulator's watch and requests go first, while the API server still answers.
    m_simulator.reset();
    m_client.reset();
    // The API server first, etcd last, so that nothing writes to a stopped etcd.
    for (auto it = m_components.rbegin(); it != m_components.rend(); ++it) {
        Component &component = **it;
        if (!component.process)
            continue;
        component.process->disconnect(this);
        if (component.process->state() != QProcess::NotRunning) {
            component.process->terminate();
            if (!component.process->waitForFinished(int(std::chrono::milliseconds(stopTimeout).count()))) {
                qCWarning(lcKube) << component.name << "did not stop within" << stopTimeout.count() << "s; killing it";
                component.process->kill();
                component.process->waitForFinished(2000);
            }
        }
        QFile::remove(component.pidPath);
        // This may run inside one of the process's own signals.
        component.process->deleteLater();
        component.process = nullptr;
    }
}

void LocalCluster::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace Capstan::Kube
