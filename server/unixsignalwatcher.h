// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace Capstan {

/// Turns SIGINT and SIGTERM into a Qt signal on the event loop, so that a
/// server shuts down cleanly (through a self-pipe: a signal handler may do
/// almost nothing itself).
class UnixSignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
    QList<int> m_signalNumbers;
};

} // namespace Capstan
