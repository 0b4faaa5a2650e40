// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QString>
#include <QUrl>

#include <optional>

class QCommandLineParser;

namespace Capstan {

/// How the GUI was asked to start: with its own embedded server (the
/// default) or connected to a remote Argo CD or capstan-server.
struct LaunchOptions
{
    /// A remote server; without one the GUI starts its embedded server.
    std::optional<QUrl> server;
    /// Where the embedded server keeps its state.
    QString dataDirectory;
    /// Whether the embedded server starts the local control plane.
    bool localCluster = true;
    /// Whether the first start sets up the sample repository and applications.
    bool samples = true;

    /// Declares the GUI's options on @p parser.
    static void addOptions(QCommandLineParser &parser);
    /// Reads and checks the options of a parser that has parsed the arguments.
    static Result<LaunchOptions> fromParser(const QCommandLineParser &parser);

    /// A server URL as a user writes it: "https://host:port", "http://…", or
    /// a bare "host[:port]", which means HTTPS.
    static Result<QUrl> parseServerUrl(const QString &text);
};

} // namespace Capstan
