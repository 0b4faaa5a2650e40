// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"
#include "model/appproject.h"

#include <QDateTime>

namespace Capstan::Engine {

/// The sync windows of a project that apply to one application, evaluated as
/// Argo CD evaluates them: a window is active when its schedule started less
/// than its duration ago (in its time zone, UTC by default). An active deny
/// window blocks syncs; so does a matching allow window that is not active.
/// Manual syncs pass when every window that blocks them has `manualSync`.
class SyncWindows
{
public:
    SyncWindows() = default;
    explicit SyncWindows(QList<Model::SyncWindow> windows)
        : m_windows(std::move(windows))
    { }

    /// The windows of @p project whose applications, namespaces or clusters
    /// (all of the given ones with `andOperator`) match @p application.
    static SyncWindows matching(const Model::AppProject &project, const Model::Application &application);

    static bool isActive(const Model::SyncWindow &window, const QDateTime &now);

    const QList<Model::SyncWindow> &windows() const { return m_windows; }
    QList<Model::SyncWindow> active(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    QList<Model::SyncWindow> inactiveAllows(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    bool canSync(bool manual, const QDateTime &now = QDateTime::currentDateTimeUtc()) const;

private:
    QList<Model::SyncWindow> m_windows;
};

} // namespace Capstan::Engine
