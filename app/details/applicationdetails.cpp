// SPDX-License-Identifier: Apache-2.0
#include "applicationdetails.h"

#include "applications/applicationsmodel.h"
#include "applogging.h"
#include "client/apiclient.h"
#include "client/apipaths.h"
#include "client/apistream.h"
#include "connections/connection.h"
#include "details/eventsmodel.h"
#include "details/resourcelistmodel.h"
#include "diff/applicationdiff.h"
#include "diff/diffview.h"
#include "resourcegraph.h"
#include "source/manifests/manifestparser.h"
#include "widgets/yamlhighlighter.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickWidget>
#include <QScrollBar>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QUrlQuery>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Capstan {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString time(const QJsonValue &value)
{
    const QDateTime when = QDateTime::fromString(value.toString(), Qt::ISODate);
    return when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::ShortFormat) : QString();
}

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

} // namespace

ApplicationDetails::ApplicationDetails(Connection *connection, const QString &ns, const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
    , m_ns(ns)
    , m_name(name)
    , m_title(new QLabel(this))
    , m_status(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_summary(new QTextBrowser(this))
    , m_graph(new ResourceGraph(this))
    , m_graphView(new QQuickWidget(this))
    , m_side(new QTabWidget(this))
    , m_manifest(new QPlainTextEdit(this))
    , m_resourceEvents(new EventsModel(this))
    , m_resources(new ResourceListModel(this))
    , m_resourceFilter(new QSortFilterProxyModel(this))
    , m_resourceTable(nullptr)
    , m_applicationEvents(new EventsModel(this))
    , m_graphPage(nullptr)
    , m_resourceSearch(nullptr)
    , m_diff(new ApplicationDiff(connection, ns, name, this))
    , m_resourceDiff(new DiffView(this))
    , m_eventsPage(nullptr)
    , m_diffReload(new QTimer(this))
{
    setObjectName(u"applicationDetails"_s);
    auto *back = new QToolButton(this);
    back->setObjectName(u"backButton"_s);
    back->setText(tr("← Applications"));
    back->setToolTip(tr("Back to the applications (Esc)"));
    connect(back, &QToolButton::clicked, this, &ApplicationDetails::closeRequested);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this, this, &ApplicationDetails::closeRequested);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    m_title->setObjectName(u"detailsTitle"_s);
    m_title->setTextFormat(Qt::RichText);
    m_status->setObjectName(u"detailsStatus"_s);
    m_status->setTextFormat(Qt::RichText);
    auto *header = new QHBoxLayout;
    header->addWidget(back);
    header->addSpacing(8);
    header->addWidget(m_title);
    header->addSpacing(16);
    header->addWidget(m_status, 1);

    m_summary->setObjectName(u"summary"_s);
    m_summary->setOpenExternalLinks(true);
    m_tabs->addTab(m_summary, tr("&Summary"));

    // The graph, with the selected resource's manifest and events beside it.
    m_graphView->setObjectName(u"resourceGraph"_s);
    m_graphView->setResizeMode(QQuickWidget::SizeRootObjectToView);
    m_graphView->engine()->addImportPath(u"qrc:/"_s);
    m_graphView->setSource(QUrl(u"qrc:/Capstan/ResourceGraphView.qml"_s));
    if (m_graphView->status() == QQuickWidget::Ready)
        m_graphView->rootObject()->setProperty("graph", QVariant::fromValue(m_graph));
    else
        for (const QQmlError &error : m_graphView->errors())
            qCWarning(lcApp).noquote() << error.toString();
    m_manifest->setObjectName(u"manifest"_s);
    m_manifest->setReadOnly(true);
    m_manifest->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_manifest->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_manifest->setPlaceholderText(tr("Select a resource in the graph to see its live manifest."));
    YamlHighlighter::attach(m_manifest->document());
    m_side->addTab(m_manifest, tr("&Manifest"));
    m_resourceDiff->setObjectName(u"resourceDiff"_s);
    m_resourceDiff->setMessage(tr("Select a resource in the graph to see its diff."));
    m_side->addTab(m_resourceDiff, tr("D&iff"));
    m_side->addTab(makeTable(m_resourceEvents, m_side), tr("&Events"));
    connect(m_side, &QTabWidget::currentChanged, this, [this] {
        if (m_side->currentWidget() == m_resourceDiff)
            showSelectedDiff();
    });
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_graphView);
    splitter->addWidget(m_side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({900, 500});
    m_graphView->setMinimumWidth(300);
    m_tabs->addTab(splitter, tr("Resource &graph"));
    m_graphPage = splitter;

    auto *resourcesPage = new QWidget(this);
    auto *resourcesLayout = new QVBoxLayout(resourcesPage);
    auto *filter = new QLineEdit(resourcesPage);
    m_resourceSearch = filter;
    filter->setObjectName(u"resourceFilter"_s);
    filter->setPlaceholderText(tr("Filter resources by kind, name, namespace, status or health"));
    filter->setClearButtonEnabled(true);
    m_resourceFilter->setSourceModel(m_resources);
    m_resourceFilter->setFilterKeyColumn(-1);
    m_resourceFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_resourceFilter->setSortRole(ResourceListModel::SortRole);
    connect(filter, &QLineEdit::textChanged, m_resourceFilter, &QSortFilterProxyModel::setFilterFixedString);
    m_resourceTable = makeTable(m_resourceFilter, resourcesPage);
    m_resourceTable->setObjectName(u"resourceTable"_s);
    m_resourceTable->setSortingEnabled(true);
    m_resourceTable->sortByColumn(ResourceListModel::KindColumn, Qt::AscendingOrder);
    resourcesLayout->addWidget(filter);
    resourcesLayout->addWidget(m_resourceTable);
    m_tabs->addTab(resourcesPage, tr("&Resources"));
    // A resource picked in the table is shown in the graph.
    connect(m_resourceTable, &QTableView::activated, this, [this](const QModelIndex &index) {
        m_graph->select(index.data(ResourceListModel::KeyRole).toString());
        m_tabs->setCurrentWidget(m_graphPage);
    });

    m_tabs->addTab(m_diff, tr("&Diff"));
    m_diffReload->setSingleShot(true);
    m_diffReload->setInterval(300);
    connect(m_diffReload, &QTimer::timeout, m_diff, &ApplicationDiff::reload);
    connect(m_diff, &ApplicationDiff::problem, this, &ApplicationDetails::problem);
    connect(m_diff, &ApplicationDiff::loaded, this, [this] {
        if (m_side->currentWidget() == m_resourceDiff)
            showSelectedDiff();
    });

    auto *events = makeTable(m_applicationEvents, this);
    events->setObjectName(u"applicationEvents"_s);
    m_eventsPage = events;
    m_tabs->addTab(events, tr("E&vents"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_tabs->currentWidget() == m_eventsPage)
            loadEvents(m_applicationEvents, {});
        else if (m_tabs->currentWidget() == m_diff && !m_diff->isLoaded())
            m_diff->reload();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addWidget(m_tabs, 1);

    connect(m_graph, &ResourceGraph::selectionChanged, this, &ApplicationDetails::showSelected);
    m_title->setText(u"<b style='font-size:large'>%1</b> <span style='color:gray'>%2</span>"_s.arg(
        escaped(name), escaped(connection->name())));
    m_summary->setHtml(tr("<p>Loading %1…</p>").arg(escaped(name)));
    openStreams();
}

ApplicationDetails::~ApplicationDetails()
{
    delete m_applicationStream;
    delete m_treeStream;
    // The QML view goes before the graph it shows.
    delete m_graphView;
}

QString ApplicationDetails::path(const QString &suffix) const
{
    return u"/api/v1/applications/%1%2"_s.arg(ApiPaths::encoded(m_name), suffix);
}

void ApplicationDetails::openStreams()
{
    if (!m_connection)
        return;
    ApiClient *client = m_connection->client();
    m_applicationStream = client->openStream(u"/api/v1/stream/applications?name=%1&appNamespace=%2"_s.arg(
                                                 ApiPaths::encoded(m_name), ApiPaths::encoded(m_ns)),
                                             this);
    m_treeStream = client->openStream(u"/api/v1/stream/applications/%1/resource-tree?appNamespace=%2"_s.arg(
                                          ApiPaths::encoded(m_name), ApiPaths::encoded(m_ns)),
                                      this);
    if (!m_applicationStream || !m_treeStream)
        return;
    connect(m_applicationStream, &ApiStream::received, this, [this](const QJsonObject &result) {
        if (result.value(u"type").toString() == u"DELETED") {
            m_summary->setHtml(tr("<p><b>%1 was deleted.</b></p>").arg(escaped(m_name)));
            return;
        }
        setApplication(result.value(u"application").toObject());
    });
    connect(m_treeStream, &ApiStream::received, this, [this](const QJsonObject &tree) {
        m_tree = tree;
        m_graph->setTree(tree);
        m_resources->update(m_application, m_tree);
    });
    // A stream that ends (the server restarted, the network dropped) is opened again.
    const auto reopen = [this](const ApiError &error) {
        if (error.code != GrpcCode::Ok)
            Q_EMIT problem(tr("The live view of %1 was interrupted; reconnecting.").arg(m_name), error.message);
        QTimer::singleShot(2000, this, [this] {
            delete m_applicationStream;
            delete m_treeStream;
            openStreams();
        });
    };
    connect(m_treeStream, &ApiStream::finished, this, reopen);
}

void ApplicationDetails::setApplication(const QJsonObject &application)
{
    m_application = application;
    m_graph->setApplication(application);
    m_resources->update(m_application, m_tree);
    const ApplicationSummary summary = ApplicationSummary::fromJson(application);
    m_status->setText(u"<img src='%1' width=16 height=16> %2 &nbsp; <img src='%3' width=16 height=16> %4"_s.arg(
        ApplicationsModel::syncIconName(summary.syncStatus), escaped(summary.syncStatus),
        ApplicationsModel::healthIconName(summary.healthStatus), escaped(summary.healthStatus)));
    showSummary();
    if (m_graph->selectedKey() == u"app")
        showSelected();
    // A diff already shown follows the app: compared again after each
    // reconciliation that changed what the server knows.
    const QJsonObject status = application.value(u"status").toObject();
    const QJsonObject stamp{{u"reconciledAt"_s, status.value(u"reconciledAt")},
                            {u"sync"_s, status.value(u"sync")},
                            {u"resources"_s, status.value(u"resources")}};
    if (stamp != m_diffStamp) {
        m_diffStamp = stamp;
        // Several updates of one reconciliation arrive together: compare once.
        if (m_diff->isLoaded())
            m_diffReload->start();
    }
}

void ApplicationDetails::showDiff()
{
    m_tabs->setCurrentWidget(m_diff);
    if (!m_diff->isLoaded())
        m_diff->reload();
}

void ApplicationDetails::find()
{
    if (m_tabs->currentWidget() == m_diff) {
        m_diff->view()->focusSearch();
    } else if (m_tabs->currentWidget() == m_graphPage && m_side->currentWidget() == m_resourceDiff) {
        m_resourceDiff->focusSearch();
    } else {
        m_tabs->setCurrentWidget(m_resourceSearch->parentWidget());
        m_resourceSearch->setFocus(Qt::ShortcutFocusReason);
        m_resourceSearch->selectAll();
    }
}

void ApplicationDetails::showSelectedDiff()
{
    const QVariantMap resource = m_graph->selectedResource();
    if (resource.isEmpty() || resource.value(u"application"_s).toBool()) {
        m_resourceDiff->setMessage(tr("Select a resource in the graph to see its diff."));
        return;
    }
    if (!m_diff->isLoaded()) {
        m_resourceDiff->setMessage(tr("Comparing %1…").arg(m_name));
        m_diff->reload();
        return;
    }
    const QString key = m_graph->selectedKey();
    const ManagedDiff *diff = m_diff->diffOf(key);
    if (!diff) {
        m_resourceDiff->setMessage(
            tr("%1 %2 is not managed by %3: it has no desired state to compare with.")
                .arg(resource.value(u"kind"_s).toString(), resource.value(u"name"_s).toString(), m_name));
        return;
    }
    if (diff->diff.isEqual()) {
        m_resourceDiff->setMessage(tr("%1 %2 is live as desired.").arg(diff->kind, diff->name));
        return;
    }
    m_resourceDiff->setDiff(diff->diff, tr("Live"), tr("Desired"));
}

void ApplicationDetails::showSummary()
{
    const QJsonObject spec = m_application.value(u"spec").toObject();
    const QJsonObject status = m_application.value(u"status").toObject();
    QString html;
    const auto section = [&html](const QString &title) { html += u"<h3>%1</h3>"_s.arg(escaped(title)); };
    const auto row = [](const QString &label, const QString &value) {
        return value.isEmpty()
            ? QString()
            : u"<tr><td style='color:gray;padding-right:12px'>%1</td><td>%2</td></tr>"_s.arg(escaped(label), value);
    };

    section(tr("Source"));
    QJsonArray sources = spec.value(u"sources").toArray();
    if (spec.contains(u"source"))
        sources.prepend(spec.value(u"source"));
    for (const QJsonValue &value : sources) {
        const QJsonObject source = value.toObject();
        html += u"<table>"_s + row(tr("Repository"), escaped(source.value(u"repoURL").toString()))
            + row(tr("Revision"), escaped(source.value(u"targetRevision").toString(u"HEAD"_s)))
            + row(tr("Path"), escaped(source.value(u"path").toString()))
            + row(tr("Chart"), escaped(source.value(u"chart").toString())) + u"</table>"_s;
    }
    const QJsonObject destination = spec.value(u"destination").toObject();
    section(tr("Destination"));
    html += u"<table>"_s
        + row(tr("Cluster"), escaped(destination.value(u"name").toString(destination.value(u"server").toString())))
        + row(tr("Namespace"), escaped(destination.value(u"namespace").toString()))
        + row(tr("Project"), escaped(spec.value(u"project").toString())) + u"</table>"_s;

    section(tr("Sync policy"));
    const QJsonObject policy = spec.value(u"syncPolicy").toObject();
    const QJsonObject automated = policy.value(u"automated").toObject();
    QStringList options;
    for (const QJsonValue &option : policy.value(u"syncOptions").toArray())
        options.append(option.toString());
    html += u"<table>"_s
        + row(tr("Automated"),
              policy.contains(u"automated") ? tr("yes (prune: %1, self-heal: %2)")
                                                  .arg(automated.value(u"prune").toBool() ? tr("on") : tr("off"),
                                                       automated.value(u"selfHeal").toBool() ? tr("on") : tr("off"))
                                            : tr("no, manual syncs only"))
        + row(tr("Options"), escaped(options.join(u", "_s))) + u"</table>"_s;

    section(tr("Status"));
    const QJsonObject sync = status.value(u"sync").toObject();
    const QJsonObject health = status.value(u"health").toObject();
    html += u"<table>"_s
        + row(tr("Sync"),
              u"<img src='%1' width=14 height=14> %2 %3"_s.arg(
                  ApplicationsModel::syncIconName(sync.value(u"status").toString()),
                  escaped(sync.value(u"status").toString(tr("Unknown"))),
                  sync.value(u"revision").toString().isEmpty()
                      ? QString()
                      : tr("to %1").arg(escaped(sync.value(u"revision").toString().left(7)))))
        + row(tr("Health"),
              u"<img src='%1' width=14 height=14> %2 %3"_s.arg(
                  ApplicationsModel::healthIconName(health.value(u"status").toString()),
                  escaped(health.value(u"status").toString(tr("Unknown"))),
                  escaped(health.value(u"message").toString())))
        + row(tr("Compared"), time(status.value(u"reconciledAt"))) + u"</table>"_s;
    const QJsonArray conditions = status.value(u"conditions").toArray();
    if (!conditions.isEmpty()) {
        section(tr("Conditions"));
        html += u"<ul>"_s;
        for (const QJsonValue &value : conditions) {
            const QJsonObject c = value.toObject();
            html += u"<li><b>%1</b>: %2</li>"_s.arg(escaped(c.value(u"type").toString()),
                                                    escaped(c.value(u"message").toString()));
        }
        html += u"</ul>"_s;
    }

    const QJsonObject operation = status.value(u"operationState").toObject();
    if (!operation.isEmpty()) {
        section(m_application.contains(u"operation") ? tr("Operation in progress") : tr("Last operation"));
        html += u"<table>"_s + row(tr("Phase"), escaped(operation.value(u"phase").toString()))
            + row(tr("Message"), escaped(operation.value(u"message").toString()))
            + row(tr("Started"), time(operation.value(u"startedAt")))
            + row(tr("Finished"), time(operation.value(u"finishedAt"))) + u"</table>"_s;
        const QJsonArray results = operation.value(u"syncResult").toObject().value(u"resources").toArray();
        if (!results.isEmpty()) {
            html += u"<table cellspacing=0 cellpadding=3 border=1 style='border-color:#ccc'><tr><th>%1</th><th>%2</th>"
                    u"<th>%3</th><th>%4</th><th>%5</th></tr>"_s.arg(tr("Kind"), tr("Name"), tr("Result"), tr("Phase"),
                                                                    tr("Message"));
            for (const QJsonValue &value : results) {
                const QJsonObject r = value.toObject();
                html += u"<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>"_s.arg(
                    escaped(r.value(u"kind").toString()), escaped(r.value(u"name").toString()),
                    escaped(r.value(u"status").toString()),
                    escaped(r.value(u"hookPhase").toString(r.value(u"syncPhase").toString())),
                    escaped(r.value(u"message").toString()));
            }
            html += u"</table>"_s;
        }
    }

    const QJsonArray history = status.value(u"history").toArray();
    if (!history.isEmpty()) {
        section(tr("History"));
        html += u"<table cellspacing=0 cellpadding=3><tr><th align=left>%1</th><th align=left>%2</th>"
                u"<th align=left>%3</th></tr>"_s.arg(tr("ID"), tr("Revision"), tr("Deployed"));
        for (qsizetype i = history.size() - 1; i >= 0; --i) {
            const QJsonObject h = history.at(i).toObject();
            html += u"<tr><td>%1</td><td><tt>%2</tt></td><td>%3</td></tr>"_s.arg(
                QString::number(h.value(u"id").toInteger()), escaped(h.value(u"revision").toString().left(12)),
                time(h.value(u"deployedAt")));
        }
        html += u"</table>"_s;
    }

    const QJsonObject summary = status.value(u"summary").toObject();
    const QJsonArray images = summary.value(u"images").toArray();
    const QJsonArray urls = summary.value(u"externalURLs").toArray();
    if (!images.isEmpty() || !urls.isEmpty()) {
        section(tr("Images and URLs"));
        html += u"<ul>"_s;
        for (const QJsonValue &image : images)
            html += u"<li><tt>%1</tt></li>"_s.arg(escaped(image.toString()));
        for (const QJsonValue &url : urls)
            html += u"<li><a href='%1'>%1</a></li>"_s.arg(escaped(url.toString()));
        html += u"</ul>"_s;
    }
    // Keep the reader's place while the summary follows the live app.
    const int scroll = m_summary->verticalScrollBar()->value();
    m_summary->setHtml(html);
    m_summary->verticalScrollBar()->setValue(scroll);
}

void ApplicationDetails::showSelected()
{
    const QVariantMap resource = m_graph->selectedResource();
    const quint64 selection = ++m_selection;
    if (m_side->currentWidget() == m_resourceDiff)
        showSelectedDiff();
    if (resource.isEmpty()) {
        m_manifest->clear();
        m_resourceEvents->setEvents({});
        return;
    }
    if (resource.value(u"application"_s).toBool()) {
        m_manifest->setPlainText(Source::ManifestParser::jsonToYaml(m_application));
        loadEvents(m_resourceEvents, {});
        return;
    }
    if (!resource.value(u"live"_s).toBool()) {
        m_manifest->setPlainText(tr("# %1 %2 is not in the cluster: the next sync creates it.")
                                     .arg(resource.value(u"kind"_s).toString(), resource.value(u"name"_s).toString()));
        m_resourceEvents->setEvents({});
        return;
    }
    QUrlQuery query;
    query.addQueryItem(u"namespace"_s, resource.value(u"namespace"_s).toString());
    query.addQueryItem(u"resourceName"_s, resource.value(u"name"_s).toString());
    query.addQueryItem(u"version"_s, resource.value(u"version"_s).toString());
    query.addQueryItem(u"group"_s, resource.value(u"group"_s).toString());
    query.addQueryItem(u"kind"_s, resource.value(u"kind"_s).toString());
    query.addQueryItem(u"appNamespace"_s, m_ns);
    m_manifest->setPlainText(tr("# Loading…"));
    m_connection->client()
        ->getJson(path(u"/resource?"_s + query.toString(QUrl::FullyEncoded)))
        .then(this, [this, selection](const Result<QJsonDocument, ApiError> &answer) {
            if (selection != m_selection)
                return;
            if (!answer) {
                m_manifest->setPlainText(u"# "_s + answer.error().message);
                return;
            }
            QJsonObject object
                = QJsonDocument::fromJson(answer->object().value(u"manifest").toString().toUtf8()).object();
            // managedFields is bookkeeping of the API server, as Argo CD's UI hides it.
            QJsonObject metadata = object.value(u"metadata").toObject();
            metadata.remove(u"managedFields"_s);
            object.insert(u"metadata"_s, metadata);
            m_manifest->setPlainText(Source::ManifestParser::jsonToYaml(object));
        });
    loadEvents(
        m_resourceEvents,
        u"&resourceName=%1&resourceNamespace=%2"_s.arg(ApiPaths::encoded(resource.value(u"name"_s).toString()),
                                                       ApiPaths::encoded(resource.value(u"namespace"_s).toString())));
}

void ApplicationDetails::loadEvents(EventsModel *model, const QString &query)
{
    if (!m_connection)
        return;
    m_connection->client()
        ->getJson(path(u"/events?appNamespace="_s + ApiPaths::encoded(m_ns) + query))
        .then(this, [this, model](const Result<QJsonDocument, ApiError> &answer) {
            if (!answer) {
                Q_EMIT problem(tr("The events of %1 could not be read.").arg(m_name), answer.error().message);
                return;
            }
            model->setEvents(answer->object().value(u"items").toArray());
        });
}

} // namespace Capstan
