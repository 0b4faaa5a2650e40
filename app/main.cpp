// SPDX-License-Identifier: Apache-2.0
// capstan: the desktop console.
#include "base/buildinfo.h"
#include "launchoptions.h"
#include "mainwindow.h"
#include "quickgraphics.h"
#include "translations.h"
#include "unixsignalwatcher.h"

#include <QApplication>
#include <QCommandLineParser>

#include <csignal>
#include <cstdio>
#include <optional>

using namespace Capstan;

namespace {

void describeApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("capstan"));
    QCoreApplication::setApplicationVersion(BuildInfo::displayVersion());
    installTranslations(QLocale());
}

/// Reads the command line without a display, so that --help, --version and
/// mistakes work on a console; exits for those.
std::optional<LaunchOptions> readCommandLine(int &argc, char *argv[], int &exitCode)
{
    QCoreApplication console(argc, argv);
    describeApplication();
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "A desktop GitOps console for Kubernetes."));
    parser.addHelpOption();
    parser.addVersionOption();
    LaunchOptions::addOptions(parser);
    parser.process(console);

    Result<LaunchOptions> options = LaunchOptions::fromParser(parser);
    if (!options) {
        std::fprintf(stderr, "capstan: %s\n", qUtf8Printable(options.error()));
        exitCode = 2;
        return std::nullopt;
    }
    return std::move(options).value();
}

} // namespace

int main(int argc, char *argv[])
{
    int exitCode = 0;
    const std::optional<LaunchOptions> options = readCommandLine(argc, argv, exitCode);
    if (!options)
        return exitCode;

    QApplication app(argc, argv);
    describeApplication();
    QGuiApplication::setDesktopFileName(BuildInfo::applicationId());
    chooseQuickGraphicsApi();

    MainWindow window(*options);
    window.show();

    // A session that ends, or Ctrl+C, quits as the menu does: the embedded
    // server and the local cluster stop cleanly.
    UnixSignalWatcher signalWatcher({SIGINT, SIGTERM});
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &app, &QApplication::quit);
    return app.exec();
}
