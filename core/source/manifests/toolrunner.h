// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/sourceerror.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <chrono>

namespace Capstan::Source {

/// Where the external tools are and how far they may go.
struct ToolSettings
{
    /// Per run; a tool still running after this is killed.
    std::chrono::milliseconds timeout{std::chrono::seconds(90)};
    /// Standard output beyond this fails the run and kills the tool.
    qint64 maxOutputBytes = 256LL * 1024 * 1024;
    /// Explicit programs; empty means looking the name up on PATH.
    QString helmPath;
    QString kustomizePath;
    QString kubectlPath;
};

/// One run of an external tool.
struct ToolRun
{
    /// What the user knows the tool as, for messages: "helm template".
    QString displayName;
    /// An absolute path: tools are never started through a shell.
    QString program;
    QStringList arguments;
    QString workingDirectory;
    /// A private, empty folder used as HOME and TMPDIR.
    QString homeDirectory;
    /// Added to the scrubbed environment.
    QMap<QString, QString> environment;
    /// Replaced by "" in error messages, so they show repository paths.
    QString hidePrefix;
};

/// Runs tools in isolation: no shell, an environment with nothing but PATH,
/// HOME, TMPDIR, LANG and the run's own variables, a time limit and an output
/// limit. The tool gets its own process group, so a tool's children die
/// with it. Blocks the calling (worker) thread.
class ToolRunner
{
public:
    explicit ToolRunner(ToolSettings settings = {});

    /// Standard output, or why the tool failed.
    Result<QByteArray, SourceError> run(const ToolRun &run) const;

    /// The absolute path of a tool: the configured one, or name on PATH.
    std::optional<QString> find(const QString &name) const;

    const ToolSettings &settings() const { return m_settings; }

private:
    ToolSettings m_settings;
};

/// The versions of the installed tools, for Argo CD's VersionMessage; empty
/// when a tool is absent.
struct ToolVersions
{
    QString kustomize;
    QString helm;
    QString kubectl;

    static ToolVersions detect(const ToolRunner &runner);
    /// Those on PATH, detected once per process.
    static const ToolVersions &installed();
};

} // namespace Capstan::Source
