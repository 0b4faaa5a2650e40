// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "api/apierror.h"
#include "base/result.h"
#include "diff/manageddiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QTreeView;

namespace Capstan {

class Connection;
class DiffView;
class ManagedResourcesFilter;
class ManagedResourcesModel;

/// The diff viewer of one application: its managed resources (out of sync
/// only, or all; those the next sync creates or prunes marked) and the diff
/// of the selected one, live against desired, from Argo CD's
/// managed-resources answer. Options hide managedFields and status and
/// honour or show what the app's ignoreDifferences leaves out (the ignored
/// fields are always listed). The diffs are computed on a worker thread.
/// The whole app can be saved as a patch.
class ApplicationDiff : public QWidget
{
    Q_OBJECT

public:
    ApplicationDiff(Connection *connection, const QString &ns, const QString &name, QWidget *parent = nullptr);
    ~ApplicationDiff() override;

    /// Reads the application and its managed resources again.
    void reload();
    /// Shows @p items (managed-resources items, such as a rollback preview's)
    /// under the ignoreDifferences of @p applicationSpec, instead of reading
    /// the app's; *Reload* is hidden.
    void setComparison(const QJsonArray &items, const QJsonObject &applicationSpec);
    /// Names the right side ("Desired" by default).
    void setDesiredTitle(const QString &title) { m_desiredTitle = title; }
    bool isLoaded() const { return m_loaded; }

    DiffOptions options() const { return m_options; }
    void setOptions(const DiffOptions &options);
    void setOutOfSyncOnly(bool on);

    /// Shows the resource @p key (group/kind/namespace/name); whether it is one.
    bool selectResource(const QString &key);
    /// The prepared diff of @p key, null if there is none (or not yet).
    const ManagedDiff *diffOf(const QString &key) const;

    /// The changed resources as one unified patch.
    QString patch() const;
    /// Writes patch() to @p fileName; an error message, empty on success.
    QString savePatch(const QString &fileName) const;

    DiffView *view() const { return m_view; }
    ManagedResourcesModel *model() const { return m_model; }
    QTreeView *list() const { return m_list; }
    QLabel *ignoredLabel() const { return m_ignored; }

Q_SIGNALS:
    /// The diffs are computed (again).
    void loaded();
    void problem(const QString &text, const QString &details);

private:
    /// Whether @p answer is for the latest request and good; shows it if not.
    bool isCurrent(quint64 generation, const Result<QJsonDocument, ApiError> &answer);
    void compute();
    void showCurrent();
    void askSavePatch();

    QPointer<Connection> m_connection;
    QString m_ns;
    QString m_name;
    DiffOptions m_options;
    QJsonObject m_spec;
    QJsonArray m_items;
    bool m_loaded = false;
    quint64 m_generation = 0;
    QString m_shownKey;
    QString m_desiredTitle;

    ManagedResourcesModel *m_model;
    ManagedResourcesFilter *m_filter;
    QTreeView *m_list;
    DiffView *m_view;
    QLabel *m_status;
    QWidget *m_reload = nullptr;
    QLabel *m_ignored;
    QCheckBox *m_outOfSyncOnly;
    QCheckBox *m_hide;
    QCheckBox *m_honour;
};

} // namespace Capstan
