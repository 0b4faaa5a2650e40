// SPDX-License-Identifier: Apache-2.0
// capstan-server: Capstan's engine behind Argo CD's REST API, without a GUI.
#include "apiserver.h"
#include "base/buildinfo.h"
#include "kube/localcluster/localcluster.h"
#include "listenaddress.h"
#include "serverlogging.h"
#include "serverservices.h"
#include "store/datadirectory.h"
#include "unixsignalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

#include <csignal>
#include <cstdio>

using namespace Capstan;

namespace {

int fail(const QString &message, int exitCode = 1)
{
    std::fprintf(stderr, "capstan-server: %s\n", qUtf8Printable(message));
    return exitCode;
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
    parser.addOptions({listenOption, dataDirOption, localClusterOption});
    parser.process(app);

    if (!parser.positionalArguments().isEmpty()) {
        return fail(QCoreApplication::translate("main", "unexpected argument \"%1\" (see --help)")
                        .arg(parser.positionalArguments().constFirst()),
                    2);
    }
    const Result<ListenAddress> listen = ListenAddress::parse(parser.value(listenOption));
    if (!listen)
        return fail(QCoreApplication::translate("main", "--listen: %1").arg(listen.error()), 2);

    const QString dataDir = parser.isSet(dataDirOption)
        ? parser.value(dataDirOption)
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const Result<std::unique_ptr<DataDirectory>> dataDirectory = DataDirectory::open(dataDir);
    if (!dataDirectory)
        return fail(QCoreApplication::translate("main", "--data-dir: %1").arg(dataDirectory.error()));

    auto services = ServerServices::open((*dataDirectory)->path(), {});
    if (!services)
        return fail(services.error());
    ApiServer server;
    (*services)->addRoutes(server);
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
        QObject::connect(&localCluster, &Kube::LocalCluster::failed, &app, [](const QString &message) {
            // The API keeps serving; the cluster's failure is the engine's to report.
            qCCritical(lcServer).noquote() << "the local cluster did not start:" << message;
        });
        Kube::LocalCluster::Options options;
        options.mode = Kube::LocalCluster::Mode::Persistent;
        options.dataDirectory = QDir((*dataDirectory)->path()).filePath(QStringLiteral("local-cluster"));
        options.binaries = *binaries;
        localCluster.start(options);
    } else {
        (*services)->startEngine(std::nullopt);
    }

    // The engine stops before the local cluster it works on.
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &app, [&services] { (*services)->stopEngine(); });

    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &app, [](int signalNumber) {
        qCInfo(lcServer) << "stopping on signal" << signalNumber;
        QCoreApplication::quit();
    });
    return app.exec();
}
