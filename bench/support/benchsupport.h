// SPDX-License-Identifier: Apache-2.0
// What the benchmarks share: waiting for a future, and giving up with a line.
#pragma once

#include <QCoreApplication>
#include <QEventLoop>
#include <QFuture>
#include <QString>

#include <cstdio>
#include <cstdlib>

namespace Capstan::Bench {

/// Waits for @p future with an event loop running and returns its result.
template<typename T>
T await(QFuture<T> future)
{
    QEventLoop loop;
    future.then(&loop, [&loop](const T &) { loop.quit(); });
    if (!future.isFinished())
        loop.exec();
    return future.result();
}

/// One line on stderr, named after the program, and exit code 1.
[[noreturn]] inline void die(const QString &message)
{
    std::fprintf(stderr, "%s: %s\n", qUtf8Printable(QCoreApplication::applicationName()), qUtf8Printable(message));
    std::exit(1);
}

} // namespace Capstan::Bench
