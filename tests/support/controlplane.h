// SPDX-License-Identifier: Apache-2.0
// For suites that run the local control plane's real processes.
#pragma once

#include "kube/kubeclient.h"
#include "kube/localcluster/controlplanebinaries.h"
#include "kube/localcluster/localcluster.h"

#include <QFile>
#include <QFuture>
#include <QSignalSpy>
#include <QTest>

/// Skips the test when the control plane is not installed, but fails it in CI,
/// where setup.sh has built it and its absence is a defect.
#define CAPSTAN_REQUIRE_CONTROL_PLANE()                                                                                \
    do {                                                                                                               \
        const auto found = ::Capstan::Kube::ControlPlaneBinaries::find();                                              \
        if (!found) {                                                                                                  \
            if (qEnvironmentVariable("CI") == u"true")                                                                 \
                QFAIL(qPrintable(found.error()));                                                                      \
            QSKIP(qPrintable(found.error()));                                                                          \
        }                                                                                                              \
    } while (false)

namespace Capstan::Test {

/// Whether @p pid runs: exists and is no zombie waiting for its parent.
inline bool processRuns(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype end = line.lastIndexOf(')');
    return end > 0 && line.mid(end + 2, 1) != "Z";
}

/// Waits for @p future with the event loop running and returns its result.
template<typename T>
T await(QFuture<T> future, int timeout = 60000)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, timeout))
        qFatal("a request did not finish within %d ms", timeout);
    return future.result();
}

/// Whether an answer says the object does not exist.
inline bool notFound(const Kube::KubeResult &result)
{
    return !result.ok() && result.error().reason == Kube::KubeError::Reason::NotFound;
}

/// Starts @p cluster and waits until it runs; the error otherwise.
inline QString startCluster(Kube::LocalCluster &cluster, const Kube::LocalCluster::Options &options = {})
{
    QSignalSpy started(&cluster, &Kube::LocalCluster::started);
    QSignalSpy failed(&cluster, &Kube::LocalCluster::failed);
    cluster.start(options);
    if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, 120000))
        return QStringLiteral("the local cluster neither started nor failed within 120 s");
    return failed.isEmpty() ? QString() : failed.at(0).at(0).toString();
}

} // namespace Capstan::Test
