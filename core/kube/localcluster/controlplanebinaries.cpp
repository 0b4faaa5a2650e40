// SPDX-License-Identifier: Apache-2.0
#include "controlplanebinaries.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace Capstan::Kube {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::ControlPlaneBinaries)
};

QString findProgram(const QString &name, const QStringList &folders)
{
    for (const QString &folder : folders) {
        if (folder.isEmpty())
            continue;
        const QFileInfo candidate(QDir(folder).filePath(name));
        if (candidate.isFile() && candidate.isExecutable())
            return candidate.absoluteFilePath();
    }
    const QString onPath = QStandardPaths::findExecutable(name);
    if (!onPath.isEmpty())
        return onPath;
    const QFileInfo cached(QDir(ControlPlaneBinaries::cacheDirectory()).filePath(name));
    return cached.isExecutable() ? cached.absoluteFilePath() : QString();
}

} // namespace

QString ControlPlaneBinaries::builtVersion()
{
    return QStringLiteral("1.20.2");
}

QString ControlPlaneBinaries::cacheDirectory()
{
    QString root = qEnvironmentVariable("CAPSTAN_CACHE_DIR");
    if (root.isEmpty()) {
        const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
        root = QDir(xdg.isEmpty() ? QDir::home().filePath(QStringLiteral(".cache")) : xdg)
                   .filePath(QStringLiteral("capstan"));
    }
    // The recipe revision (-r2) must match packaging/kubernetes/build-control-plane.sh.
    return QDir(root).filePath(u"control-plane/v" + builtVersion() + u"-r2/bin");
}

Result<ControlPlaneBinaries> ControlPlaneBinaries::find()
{
    const QStringList folders{qEnvironmentVariable("CAPSTAN_CONTROL_PLANE_DIR"),
                              qEnvironmentVariable("KUBEBUILDER_ASSETS")};
    ControlPlaneBinaries binaries{findProgram(QStringLiteral("etcd"), folders),
                                  findProgram(QStringLiteral("kube-apiserver"), folders),
                                  findProgram(QStringLiteral("kube-controller-manager"), folders)};
    QStringList missing;
    if (binaries.etcd.isEmpty())
        missing << QStringLiteral("etcd");
    if (binaries.kubeApiserver.isEmpty())
        missing << QStringLiteral("kube-apiserver");
    if (binaries.kubeControllerManager.isEmpty())
        missing << QStringLiteral("kube-controller-manager");
    if (!missing.isEmpty()) {
        return Failure(Tr::tr("the local control plane's programs are not installed (%1 missing): run "
                              "./setup.sh, or set CAPSTAN_CONTROL_PLANE_DIR to a folder that has them")
                           .arg(missing.join(QStringLiteral(", "))));
    }
    return binaries;
}

} // namespace Capstan::Kube
