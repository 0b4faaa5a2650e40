// SPDX-License-Identifier: Apache-2.0
#include "launchoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace Capstan {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::LaunchOptions)
};

const QString serverOption = QStringLiteral("server");
const QString dataDirOption = QStringLiteral("data-dir");
const QString noLocalClusterOption = QStringLiteral("no-local-cluster");
const QString noSamplesOption = QStringLiteral("no-samples");

QString defaultDataDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("server"));
}

} // namespace

void LaunchOptions::addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        serverOption, Tr::tr("Connect to the Argo CD or capstan-server at URL instead of starting a local server."),
        QStringLiteral("URL")));
    parser.addOption(QCommandLineOption(
        dataDirOption, Tr::tr("Keep the local server's state in DIR (default: %1).").arg(defaultDataDirectory()),
        QStringLiteral("DIR")));
    parser.addOption(QCommandLineOption(noLocalClusterOption,
                                        Tr::tr("Do not start the local control plane with the local server.")));
    parser.addOption(QCommandLineOption(
        noSamplesOption, Tr::tr("Do not set up the sample Git repository and applications on the first start.")));
}

Result<LaunchOptions> LaunchOptions::fromParser(const QCommandLineParser &parser)
{
    if (!parser.positionalArguments().isEmpty()) {
        return Failure(
            Tr::tr("unexpected argument \"%1\" (see --help)").arg(parser.positionalArguments().constFirst()));
    }
    LaunchOptions options;
    if (parser.isSet(serverOption)) {
        Result<QUrl> url = parseServerUrl(parser.value(serverOption));
        if (!url)
            return Failure(Tr::tr("--server: %1").arg(url.error()));
        options.server = std::move(url).value();
    }
    options.dataDirectory = parser.isSet(dataDirOption) ? parser.value(dataDirOption) : defaultDataDirectory();
    options.localCluster = !parser.isSet(noLocalClusterOption);
    options.samples = !parser.isSet(noSamplesOption);
    return options;
}

Result<QUrl> LaunchOptions::parseServerUrl(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return Failure(Tr::tr("no server URL was given"));
    const QString withScheme = trimmed.contains(u"://") ? trimmed : u"https://" + trimmed;
    const QUrl url(withScheme, QUrl::StrictMode);
    if (!url.isValid())
        return Failure(Tr::tr("\"%1\" is not a valid URL: %2").arg(text, url.errorString()));
    if (url.scheme() != u"http" && url.scheme() != u"https")
        return Failure(Tr::tr("\"%1\" is not an http:// or https:// URL").arg(text));
    if (url.host().isEmpty())
        return Failure(Tr::tr("\"%1\" names no host").arg(text));
    if (url.hasQuery() || url.hasFragment())
        return Failure(Tr::tr("\"%1\": a server URL has no query or fragment").arg(text));
    return url;
}

} // namespace Capstan
