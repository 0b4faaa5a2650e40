// SPDX-License-Identifier: Apache-2.0
// capstan-server: Capstan's engine behind Argo CD's REST API, without a GUI.
#include "apiserver.h"
#include "base/buildinfo.h"
#include "kube/kubeconfig.h"
#include "kube/localcluster/localcluster.h"
#include "listenaddress.h"
#include "model/duration.h"
#include "serverconfiguration.h"
#include "serverlogging.h"
#include "serverservices.h"
#include "store/datadirectory.h"
#include "unixsignalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTimer>

#include <csignal>
#include <cstdio>

using namespace Capstan;

namespace {

int fail(const QString &message, int exitCode = 1)
{
    std::fprintf(stderr, "capstan-server: %s\n", qUtf8Printable(message));
    return exitCode;
}

/// One JSON object per log line: time, level, category and message.
void jsonLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    static const char *const levels[] = {"debug", "warning", "error", "fatal", "info"};
    const QJsonObject line{
        {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("level"), QLatin1String(levels[type])},
        {QStringLiteral("category"), QLatin1String(context.category ? context.category : "default")},
        {QStringLiteral("msg"), message},
    };
    const QByteArray text = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
    std::fflush(stderr);
}

/// Logging filter rules that show @p level and above.
std::optional<QString> filterRulesFor(const QString &level)
{
    if (level == u"debug")
        return QStringLiteral("capstan.*.debug=true");
    if (level == u"info")
        return QStringLiteral("capstan.*.debug=false");
    if (level == u"warn")
        return QStringLiteral("capstan.*.debug=false\ncapstan.*.info=false");
    if (level == u"error")
        return QStringLiteral("capstan.*.debug=false\ncapstan.*.info=false\ncapstan.*.warning=false");
    return std::nullopt;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("capstan-server"));
    QCoreApplication::setApplicationVersion(BuildInfo::displayVersion());
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-category}%{category}: %{endif}"
                                      "%{if-warning}warning: %{endif}%{if-critical}error: %{endif}%{message}"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Serves Capstan over Argo CD's REST API (/api/v1)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listenOption(
        QStringLiteral("listen"),
        QCoreApplication::translate("main", "Listen on ADDR:PORT; port 0 picks a free port (default: %1).")
            .arg(ListenAddress().toString()),
        QStringLiteral("ADDR:PORT"), ListenAddress().toString());
    const QCommandLineOption dataDirOption(
        QStringLiteral("data-dir"),
        QCoreApplication::translate("main", "Keep the server's state in DIR (default: %1).")
            .arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
        QStringLiteral("DIR"));
    const QCommandLineOption localClusterOption(
        QStringLiteral("local-cluster"),
        QCoreApplication::translate("main",
                                    "Start the local control plane (etcd, kube-apiserver, "
                                    "kube-controller-manager) on loopback, with its state in the data folder."));
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QCoreApplication::translate("main",
                                    "Read Argo CD's settings from FILE: YAML or JSON with the ConfigMaps argocd-cm "
                                    "and argocd-rbac-cm (accounts, RBAC policy, …)."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsCertificateOption(
        QStringLiteral("tls-cert"),
        QCoreApplication::translate("main", "Serve HTTPS with the PEM certificate chain in FILE (with --tls-key)."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKeyOption(QStringLiteral("tls-key"),
                                          QCoreApplication::translate("main", "The PEM private key of --tls-cert."),
                                          QStringLiteral("FILE"));
    const QCommandLineOption insecureOption(
        QStringLiteral("insecure"),
        QCoreApplication::translate("main",
                                    "Serve plain HTTP, without TLS. Only on a loopback address, unless "
                                    "--insecure-any-address is given too."));
    const QCommandLineOption insecureAnyAddressOption(
        QStringLiteral("insecure-any-address"),
        QCoreApplication::translate("main", "Allow --insecure on an address other hosts can reach."));
    const QCommandLineOption kubeconfigOption(
        QStringLiteral("kubeconfig"),
        QCoreApplication::translate("main",
                                    "Serve the cluster of FILE's current context (or --context) as in-cluster, "
                                    "instead of the local control plane."),
        QStringLiteral("FILE"));
    const QCommandLineOption contextOption(QStringLiteral("context"),
                                           QCoreApplication::translate("main", "The context of --kubeconfig to use."),
                                           QStringLiteral("NAME"));
    const QCommandLineOption reconciliationOption(
        QStringLiteral("reconciliation-timeout"),
        QCoreApplication::translate("main", "Compare every app again this often, as 180s or 3m (default: 180s)."),
        QStringLiteral("DURATION"), QStringLiteral("180s"));
    const QCommandLineOption logLevelOption(
        QStringLiteral("log-level"), QCoreApplication::translate("main", "debug, info, warn or error (default: info)."),
        QStringLiteral("LEVEL"), QStringLiteral("info"));
    const QCommandLineOption logFormatOption(
        QStringLiteral("log-format"),
        QCoreApplication::translate("main", "text, or json for one JSON object per line (default: text)."),
        QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption localRepositoriesOption(
        QStringLiteral("allow-local-repositories"),
        QCoreApplication::translate("main",
                                    "Serve Git repositories on this machine (file:// URLs and paths) that lie below "
                                    "DIR; repeat it, or separate folders with commas. Without it none are served."),
        QStringLiteral("DIR"));
    parser.addOptions({listenOption, dataDirOption, localClusterOption, configOption, tlsCertificateOption,
                       tlsKeyOption, insecureOption, insecureAnyAddressOption, kubeconfigOption, contextOption,
                       reconciliationOption, logLevelOption, logFormatOption, localRepositoriesOption});
    parser.process(app);

    if (!parser.positionalArguments().isEmpty()) {
        return fail(QCoreApplication::translate("main", "unexpected argument \"%1\" (see --help)")
                        .arg(parser.positionalArguments().constFirst()),
                    2);
    }
    const Result<ListenAddress> listen = ListenAddress::parse(parser.value(listenOption));
    if (!listen)
        return fail(QCoreApplication::translate("main", "--listen: %1").arg(listen.error()), 2);

    // Everything the command line says is checked before anything starts.
    const QString logFormat = parser.value(logFormatOption);
    if (logFormat != u"text" && logFormat != u"json")
        return fail(QCoreApplication::translate("main", "--log-format: \"%1\" is not text or json").arg(logFormat), 2);
    const std::optional<QString> filterRules = filterRulesFor(parser.value(logLevelOption));
    if (!filterRules)
        return fail(QCoreApplication::translate("main", "--log-level: \"%1\" is not debug, info, warn or error")
                        .arg(parser.value(logLevelOption)),
                    2);
    QLoggingCategory::setFilterRules(*filterRules);
    if (logFormat == u"json")
        qInstallMessageHandler(jsonLog);
    const std::optional<std::chrono::milliseconds> reconciliation
        = Model::parseDuration(parser.value(reconciliationOption));
    if (!reconciliation || reconciliation->count() < 1000)
        return fail(QCoreApplication::translate("main",
                                                "--reconciliation-timeout: \"%1\" is not a duration of a "
                                                "second or more, as 180s or 3m")
                        .arg(parser.value(reconciliationOption)),
                    2);
    if (parser.isSet(tlsCertificateOption) != parser.isSet(tlsKeyOption))
        return fail(QCoreApplication::translate("main", "--tls-cert and --tls-key go together"), 2);
    if (parser.isSet(insecureOption) && parser.isSet(tlsCertificateOption))
        return fail(QCoreApplication::translate("main", "--insecure serves no TLS: leave out --tls-cert"), 2);
    if (parser.isSet(insecureOption) && !listen->address.isLoopback() && !parser.isSet(insecureAnyAddressOption))
        return fail(QCoreApplication::translate("main",
                                                "--insecure serves plain HTTP, which only loopback addresses get; "
                                                "add --insecure-any-address to serve it on %1")
                        .arg(listen->address.toString()),
                    2);
    if (parser.isSet(kubeconfigOption) && parser.isSet(localClusterOption))
        return fail(QCoreApplication::translate("main", "--kubeconfig and --local-cluster exclude each other"), 2);
    if (parser.isSet(contextOption) && !parser.isSet(kubeconfigOption))
        return fail(QCoreApplication::translate("main", "--context needs --kubeconfig"), 2);
    std::optional<Kube::ClusterConnection> kubeconfigCluster;
    if (parser.isSet(kubeconfigOption)) {
        const auto kubeconfig = Kube::Kubeconfig::load({parser.value(kubeconfigOption)});
        if (!kubeconfig)
            return fail(QCoreApplication::translate("main", "--kubeconfig: %1").arg(kubeconfig.error()));
        auto connection = kubeconfig->connection(parser.value(contextOption));
        if (!connection)
            return fail(QCoreApplication::translate("main", "--kubeconfig: %1").arg(connection.error()));
        kubeconfigCluster = *connection;
    }
    std::optional<QSslConfiguration> givenTls;
    if (parser.isSet(tlsCertificateOption)) {
        const auto tls = ServerTls::fromFiles(parser.value(tlsCertificateOption), parser.value(tlsKeyOption));
        if (!tls)
            return fail(QCoreApplication::translate("main", "--tls-cert: %1").arg(tls.error()));
        givenTls = *tls;
    }
    ServerSettings settings;
    if (parser.isSet(configOption)) {
        auto read = readServerConfiguration(parser.value(configOption));
        if (!read)
            return fail(QCoreApplication::translate("main", "--config: %1").arg(read.error()));
        settings = *read;
    }
    settings.reconciliationTimeout = std::chrono::duration_cast<std::chrono::seconds>(*reconciliation);
    settings.secure = !parser.isSet(insecureOption);
    QStringList repositoryFolders;
    for (const QString &value : parser.values(localRepositoriesOption)) {
        for (const QString &folder : value.split(u',', Qt::SkipEmptyParts)) {
            if (!QFileInfo(folder).isDir())
                return fail(
                    QCoreApplication::translate("main", "--allow-local-repositories: '%1' is not a folder").arg(folder),
                    2);
            repositoryFolders.append(folder);
        }
    }
    settings.localRepositories = Source::LocalRepositories::within(
        repositoryFolders,
        QCoreApplication::translate("main",
                                    "start capstan-server with --allow-local-repositories DIR to serve the "
                                    "repositories below DIR"));

    const QString dataDir = parser.isSet(dataDirOption)
        ? parser.value(dataDirOption)
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const Result<std::unique_ptr<DataDirectory>> dataDirectory = DataDirectory::open(dataDir);
    if (!dataDirectory)
        return fail(QCoreApplication::translate("main", "--data-dir: %1").arg(dataDirectory.error()));

    auto services = ServerServices::open((*dataDirectory)->path(), settings);
    if (!services)
        return fail(services.error());
    ApiServer server;
    (*services)->addRoutes(server);
    if (givenTls) {
        server.setTlsConfiguration(*givenTls);
    } else if (!parser.isSet(insecureOption)) {
        const QStringList hosts = listen->address.isLoopback() || listen->address == QHostAddress::Any
                || listen->address == QHostAddress::AnyIPv4 || listen->address == QHostAddress::AnyIPv6
            ? QStringList()
            : QStringList{listen->address.toString()};
        const auto tls = ServerTls::selfSigned(QDir((*dataDirectory)->path()).filePath(QStringLiteral("tls")), hosts);
        if (!tls)
            return fail(QCoreApplication::translate("main", "TLS: %1").arg(tls.error()));
        server.setTlsConfiguration(*tls);
    }
    if (const Result<quint16> port = server.listen(listen->address, listen->port); !port)
        return fail(port.error());
    // Argo CD's initial admin secret: shown until admin's password changes.
    if (const QString initial = (*services)->initialAdminPassword(); !initial.isEmpty()) {
        std::fprintf(stdout, "%s\n",
                     qUtf8Printable(QCoreApplication::translate("main",
                                                                "admin's initial password: %1 (kept in %2 "
                                                                "until it is changed)")
                                        .arg(initial, (*services)->initialAdminPasswordFile())));
        std::fflush(stdout);
    }
    qCInfo(lcServer).noquote() << "capstan-server" << BuildInfo::displayVersion() << "keeps its state in"
                               << (*dataDirectory)->path();

    Kube::LocalCluster localCluster;
    if (parser.isSet(localClusterOption)) {
        const Result<Kube::ControlPlaneBinaries> binaries = Kube::ControlPlaneBinaries::find();
        if (!binaries)
            return fail(QCoreApplication::translate("main", "--local-cluster: %1").arg(binaries.error()));
        QObject::connect(&localCluster, &Kube::LocalCluster::started, &app, [&localCluster, &services] {
            qCInfo(lcServer).noquote() << "local cluster ready; kubeconfig:" << localCluster.kubeconfigPath();
            (*services)->startEngine(localCluster.connection());
        });
        QObject::connect(&localCluster, &Kube::LocalCluster::failed, &app, [&services](const QString &message) {
            // The API keeps serving; /healthz and the in-cluster destination say why.
            qCCritical(lcServer).noquote() << "the local cluster did not start:" << message;
            (*services)->setNotReady(QStringLiteral("the local cluster did not start: ") + message);
        });
        (*services)->setNotReady(QStringLiteral("the local cluster is still starting"));
        Kube::LocalCluster::Options options;
        options.mode = Kube::LocalCluster::Mode::Persistent;
        options.dataDirectory = QDir((*dataDirectory)->path()).filePath(QStringLiteral("local-cluster"));
        options.binaries = *binaries;
        localCluster.start(options);
    } else {
        (*services)->startEngine(kubeconfigCluster);
    }

    // The engine stops before the local cluster it works on.
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &app, [&services] { (*services)->stopEngine(); });

    // Graceful shutdown: no new connections, the requests read are answered
    // (for at most 10 s), then the engine stops, persisting any operation in
    // progress for the next start.
    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM});
    QTimer drain;
    drain.setInterval(50);
    QElapsedTimer draining;
    QObject::connect(&drain, &QTimer::timeout, &app, [&server, &draining] {
        if (server.pendingRequests() == 0 || draining.hasExpired(10000)) {
            qCInfo(lcServer) << "stopped;" << server.pendingRequests() << "requests left unanswered";
            QCoreApplication::quit();
        }
    });
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &app,
                     [&server, &drain, &draining](int signalNumber) {
                         if (drain.isActive())
                             return;
                         qCInfo(lcServer) << "stopping on signal" << signalNumber << "with" << server.pendingRequests()
                                          << "requests in progress";
                         server.stopListening();
                         draining.start();
                         drain.start();
                     });
    return app.exec();
}
