// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QQuickWidget;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTimer;

namespace Capstan {

class ApiStream;
class ApplicationDiff;
class Connection;
class DiffView;
class EventsModel;
class ResourceGraph;
class ResourceListModel;

/// One application, live: its summary (source, destination, sync policy,
/// status, conditions, the current operation with its per-resource results,
/// history, images and URLs), its resources as a graph (QML) and as a table,
/// and events. It follows the application and its resource tree through
/// Argo CD's watch streams; selecting a resource shows its live manifest and
/// events.
class ApplicationDetails : public QWidget
{
    Q_OBJECT

public:
    ApplicationDetails(Connection *connection, const QString &ns, const QString &name, QWidget *parent = nullptr);
    ~ApplicationDetails() override;

    QString name() const { return m_name; }
    ResourceGraph *graph() const { return m_graph; }
    ResourceListModel *resources() const { return m_resources; }
    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *manifestView() const { return m_manifest; }
    QJsonObject application() const { return m_application; }
    ApplicationDiff *diff() const { return m_diff; }
    /// The selected resource's diff, beside the graph.
    DiffView *resourceDiff() const { return m_resourceDiff; }

    /// Shows the Diff tab (and compares the app, the first time).
    void showDiff();
    /// Ctrl+F: the search of the page shown.
    void find();

Q_SIGNALS:
    void closeRequested();
    void problem(const QString &text, const QString &details);

private:
    void openStreams();
    void setApplication(const QJsonObject &application);
    void showSummary();
    void showSelected();
    void showSelectedDiff();
    void loadEvents(EventsModel *model, const QString &query);
    QString path(const QString &suffix) const;

    QPointer<Connection> m_connection;
    QString m_ns;
    QString m_name;
    QJsonObject m_application;
    QJsonObject m_tree;
    QPointer<ApiStream> m_applicationStream;
    QPointer<ApiStream> m_treeStream;
    quint64 m_selection = 0;

    QLabel *m_title;
    QLabel *m_status;
    QTabWidget *m_tabs;
    QTextBrowser *m_summary;
    ResourceGraph *m_graph;
    QQuickWidget *m_graphView;
    QTabWidget *m_side;
    QPlainTextEdit *m_manifest;
    EventsModel *m_resourceEvents;
    ResourceListModel *m_resources;
    QSortFilterProxyModel *m_resourceFilter;
    QTableView *m_resourceTable;
    EventsModel *m_applicationEvents;
    QWidget *m_graphPage;
    QLineEdit *m_resourceSearch;
    ApplicationDiff *m_diff;
    DiffView *m_resourceDiff;
    QWidget *m_eventsPage;
    QTimer *m_diffReload;
    /// What the diff was compared at: the app's reconciliation and sync state.
    QJsonObject m_diffStamp;
};

} // namespace Capstan
