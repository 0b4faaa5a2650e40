// SPDX-License-Identifier: Apache-2.0
// For suites that run the local control plane's real processes.
#pragma once

#include "kube/localcluster/controlplanebinaries.h"

#include <QFile>
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

} // namespace Capstan::Test
