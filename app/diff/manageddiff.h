// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "diff/resourcediff.h"
#include "diff/textdiff.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace Capstan {

/// What the diff viewer leaves out or puts back before comparing.
struct DiffOptions
{
    /// metadata.managedFields: the API server's bookkeeping.
    bool hideManagedFields = true;
    /// status: what the cluster reports, never desired.
    bool hideStatus = true;
    /// The application's ignoreDifferences: the server leaves those fields
    /// out; without this option they are put back to be seen.
    bool honourIgnoreDifferences = true;

    friend bool operator==(const DiffOptions &, const DiffOptions &) = default;
};

/// One managed resource of an application (an item of Argo CD's
/// managed-resources answer) as the diff viewer shows it: the live object on
/// the left and what the next sync would make of it on the right, both as
/// YAML, and their line diff. Secret values stay masked exactly as the server
/// sent them.
struct ManagedDiff
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::ManagedDiff)

public:
    enum class State {
        Synced, ///< live as desired
        Modified, ///< the next sync changes it
        Missing, ///< not in the cluster: the next sync creates it
        Extra, ///< no longer desired: pruning deletes it
    };

    QString group;
    QString kind;
    QString ns;
    QString name;
    bool hook = false;
    State state = State::Synced;
    QString live;
    QString desired;
    Diff::TextDiff diff;
    /// The fields ignoreDifferences leaves out, one readable line each.
    QStringList ignored;
    /// What the comparison could not show (the item's `notes`).
    QStringList notes;

    /// group/kind/namespace/name, as the resource graph names resources.
    QString key() const;
    /// "apps/Deployment/default/guestbook-ui.yaml": its name in a patch.
    QString fileName() const;
    /// Whether the next sync would change something (also hidden changes).
    bool isOutOfSync() const { return state != State::Synced; }

    /// Prepares one item of managed-resources under the application's
    /// ignoreDifferences rules (its spec) and @p options.
    static ManagedDiff fromResource(const QJsonObject &item, const QJsonObject &applicationSpec,
                                    const DiffOptions &options);
    /// The comparison settings of an application: its ignoreDifferences.
    static Diff::DiffSettings diffSettings(const QJsonObject &applicationSpec);
    /// Every item of a managed-resources answer; slow for large resources,
    /// so the viewer runs it on a worker thread.
    static QList<ManagedDiff> fromResources(const QJsonArray &items, const QJsonObject &applicationSpec,
                                            const DiffOptions &options);
    /// The changed resources as one unified patch (live → desired).
    static QString patch(const QList<ManagedDiff> &diffs, int context = 3);

private:
    /// fromResource() with the app's settings read once for all its resources.
    static ManagedDiff prepare(const QJsonObject &item, const Diff::DiffSettings &settings, const DiffOptions &options);
};

} // namespace Capstan
