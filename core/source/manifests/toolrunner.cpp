// SPDX-License-Identifier: Apache-2.0
#include "toolrunner.h"

#include "base/logging.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <csignal>
#include <mutex>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::ToolRunner)
};

constexpr qint64 maxErrorBytes = 64 * 1024;

QString tail(QString text, qsizetype size)
{
    text = text.trimmed();
    return text.size() > size ? u"…"_s + text.right(size) : text;
}

} // namespace

ToolRunner::ToolRunner(ToolSettings settings)
    : m_settings(std::move(settings))
{ }

std::optional<QString> ToolRunner::find(const QString &name) const
{
    QString configured;
    if (name == u"helm")
        configured = m_settings.helmPath;
    else if (name == u"kustomize")
        configured = m_settings.kustomizePath;
    else if (name == u"kubectl")
        configured = m_settings.kubectlPath;
    if (!configured.isEmpty()) {
        const QFileInfo info(configured);
        if (info.isFile() && info.isExecutable())
            return info.absoluteFilePath();
        return std::nullopt;
    }
    const QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty())
        return std::nullopt;
    return found;
}

Result<QByteArray, SourceError> ToolRunner::run(const ToolRun &run) const
{
    QProcessEnvironment environment;
    environment.insert(u"PATH"_s, QFileInfo(run.program).absolutePath() + u":/usr/local/bin:/usr/bin:/bin"_s);
    environment.insert(u"HOME"_s, run.homeDirectory);
    environment.insert(u"TMPDIR"_s, run.homeDirectory);
    environment.insert(u"LANG"_s, u"C.UTF-8"_s);
    for (auto it = run.environment.cbegin(); it != run.environment.cend(); ++it)
        environment.insert(it.key(), it.value());

    QProcess process;
    process.setProgram(run.program);
    process.setArguments(run.arguments);
    process.setWorkingDirectory(run.workingDirectory);
    process.setProcessEnvironment(environment);
    process.setStandardInputFile(QProcess::nullDevice());
    // Its own process group, so that killing it kills what it started too.
    process.setChildProcessModifier([] { ::setpgid(0, 0); });

    const auto clean = [&](const QString &text) {
        QString result = text;
        if (!run.hidePrefix.isEmpty())
            result.replace(run.hidePrefix + u'/', QString()).replace(run.hidePrefix, u"."_s);
        return result;
    };
    qint64 pid = 0;
    const auto killGroup = [&] {
        if (pid > 0)
            ::kill(-pid_t(pid), SIGKILL);
        process.kill();
        process.waitForFinished(5000);
    };

    QElapsedTimer clock;
    clock.start();
    process.start();
    if (!process.waitForStarted(10'000))
        return Failure(
            SourceError::make(SourceError::Reason::ToolFailed,
                              Tr::tr("%1 could not be started: %2").arg(run.displayName, process.errorString())));
    pid = process.processId();
    qCDebug(lcSource) << "started" << run.displayName << "pid" << pid;

    QByteArray output;
    QByteArray errors;
    const QDeadlineTimer deadline(m_settings.timeout);
    while (process.state() != QProcess::NotRunning) {
        if (deadline.hasExpired()) {
            killGroup();
            const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(m_settings.timeout).count();
            return Failure(SourceError::make(SourceError::Reason::ToolTimedOut,
                                             Tr::tr("%1 did not finish within %2 s and was stopped.")
                                                 .arg(run.displayName)
                                                 .arg(qMax<qint64>(seconds, 1))));
        }
        process.waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), 200)));
        output += process.readAllStandardOutput();
        const QByteArray more = process.readAllStandardError();
        if (errors.size() < maxErrorBytes)
            errors += more.left(maxErrorBytes - errors.size());
        if (output.size() > m_settings.maxOutputBytes) {
            killGroup();
            return Failure(SourceError::make(SourceError::Reason::OutputTooLarge,
                                             Tr::tr("%1 produced more than %2 MB of output and was stopped.")
                                                 .arg(run.displayName)
                                                 .arg(m_settings.maxOutputBytes / (1024 * 1024))));
        }
    }
    output += process.readAllStandardOutput();
    errors += process.readAllStandardError().left(qMax<qint64>(0, maxErrorBytes - errors.size()));
    // Children that outlived the tool die with its group.
    if (pid > 0)
        ::kill(-pid_t(pid), SIGKILL);
    qCDebug(lcSource) << run.displayName << "finished in" << clock.elapsed() << "ms";
    if (output.size() > m_settings.maxOutputBytes)
        return Failure(SourceError::make(SourceError::Reason::OutputTooLarge,
                                         Tr::tr("%1 produced more than %2 MB of output.")
                                             .arg(run.displayName)
                                             .arg(m_settings.maxOutputBytes / (1024 * 1024))));
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        QString message = clean(tail(QString::fromUtf8(errors), 2000));
        if (message.isEmpty())
            message = process.exitStatus() == QProcess::NormalExit ? Tr::tr("exit code %1").arg(process.exitCode())
                                                                   : Tr::tr("it crashed");
        return Failure(
            SourceError::make(SourceError::Reason::ToolFailed, Tr::tr("%1 failed: %2").arg(run.displayName, message)));
    }
    return output;
}

ToolVersions ToolVersions::detect(const ToolRunner &runner)
{
    ToolSettings quick = runner.settings();
    quick.timeout = std::chrono::seconds(10);
    const ToolRunner limited(quick);
    QTemporaryDir home;
    const auto ask = [&](const QString &tool, const QStringList &arguments) -> QByteArray {
        const auto program = runner.find(tool);
        if (!program || !home.isValid())
            return {};
        const auto output = limited.run({tool, *program, arguments, home.path(), home.path(), {}, {}});
        return output ? output->trimmed() : QByteArray();
    };
    ToolVersions versions;
    const QJsonObject kubectl
        = QJsonDocument::fromJson(ask(u"kubectl"_s, {u"version"_s, u"--client"_s, u"--output=json"_s})).object();
    versions.kubectl = kubectl.value(u"clientVersion").toObject().value(u"gitVersion").toString();
    versions.kustomize = kubectl.value(u"kustomizeVersion").toString();
    if (const QByteArray kustomize = ask(u"kustomize"_s, {u"version"_s}); !kustomize.isEmpty())
        versions.kustomize = QString::fromUtf8(kustomize).section(u'\n', 0, 0);
    versions.helm = QString::fromUtf8(ask(u"helm"_s, {u"version"_s, u"--short"_s})).section(u'\n', 0, 0);
    return versions;
}

const ToolVersions &ToolVersions::installed()
{
    static ToolVersions versions;
    static std::once_flag once;
    std::call_once(once, [] { versions = detect(ToolRunner()); });
    return versions;
}

} // namespace Capstan::Source
