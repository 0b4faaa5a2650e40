// SPDX-License-Identifier: Apache-2.0
// The router's table against Argo CD's operations (tests/data/argocd/api.json):
// every operation is served or named in docs/API.md's "Not served" list, and
// that list names nothing that is served, so it cannot drift.
#include "apiserver.h"
#include "serverservices.h"
#include "support/argocdapi.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Qt::StringLiterals;

namespace {

/// "GET /api/v1/applications/{}/sync": a route with its parameters unnamed.
QString operationKey(const QString &method, const QString &path)
{
    static const QRegularExpression parameter(u"\\{[^}]*\\}"_s);
    QString normalised = path;
    normalised.replace(parameter, u"{}"_s);
    return method.toUpper() + u' ' + normalised;
}

} // namespace

class tst_RouteTable : public QObject
{
    Q_OBJECT

    QSet<QString> argoCdOperations() const
    {
        QSet<QString> operations;
        for (const QJsonValue &operation : m_api.operations())
            operations.insert(operationKey(operation[u"method"].toString(), operation[u"path"].toString()));
        return operations;
    }

    QSet<QString> served()
    {
        QSet<QString> routes;
        for (const Http::Router::Route &route : m_server.router().routes())
            routes.insert(operationKey(QString::fromLatin1(route.method), u'/' + route.segments.join(u'/')));
        return routes;
    }

    /// The operations docs/API.md lists under "## Not served".
    static QSet<QString> documentedAsNotServed(QString *error)
    {
        QFile file(QStringLiteral(CAPSTAN_SOURCE_DIR "/docs/API.md"));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = u"cannot read "_s + file.fileName();
            return {};
        }
        const QString text = QString::fromUtf8(file.readAll());
        const qsizetype start = text.indexOf(u"\n## Not served\n"_s);
        if (start < 0) {
            *error = u"docs/API.md has no \"## Not served\" section"_s;
            return {};
        }
        const qsizetype end = text.indexOf(u"\n## "_s, start + 1);
        const QString section = text.mid(start, end < 0 ? -1 : end - start);
        static const QRegularExpression item(u"^- `(GET|POST|PUT|PATCH|DELETE) (/\\S+)`"_s,
                                             QRegularExpression::MultilineOption);
        QSet<QString> operations;
        for (auto it = item.globalMatch(section); it.hasNext();) {
            const auto match = it.next();
            operations.insert(operationKey(match.captured(1), match.captured(2)));
        }
        return operations;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_api.isValid(), qPrintable(u"cannot read "_s + m_api.fileName()));
        QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
        auto services = ServerServices::open(m_dir.path(), {});
        QVERIFY2(services.ok(), services.ok() ? "" : qPrintable(services.error()));
        m_services = std::move(services).value();
        m_services->addRoutes(m_server);
    }

    void everyOperationIsServedOrListed()
    {
        QString error;
        const QSet<QString> listed = documentedAsNotServed(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList missing = (argoCdOperations() - served() - listed).values();
        missing.sort();
        for (const QString &operation : std::as_const(missing))
            qWarning().noquote() << "neither served nor in docs/API.md's \"Not served\":" << operation;
        QCOMPARE(missing.size(), 0);
    }

    void listedOperationsAreNotServed()
    {
        QString error;
        const QSet<QString> listed = documentedAsNotServed(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QStringList stale = (listed & served()).values();
        stale.sort();
        QVERIFY2(stale.isEmpty(), qPrintable(u"served, yet in docs/API.md's \"Not served\":\n"_s + stale.join(u'\n')));
        QStringList unknown = (listed - argoCdOperations()).values();
        unknown.sort();
        QVERIFY2(unknown.isEmpty(),
                 qPrintable(u"in docs/API.md's \"Not served\", but not Argo CD's:\n"_s + unknown.join(u'\n')));
    }

    void keysIgnoreParameterNames()
    {
        QCOMPARE(operationKey(u"put"_s, u"/api/v1/applications/{application.metadata.name}"_s),
                 u"PUT /api/v1/applications/{}"_s);
        QCOMPARE(operationKey(u"GET"_s, u"/api/v1/repositories/{repo}/apps"_s), u"GET /api/v1/repositories/{}/apps"_s);
    }

private:
    const Tests::ArgoCdApi m_api = Tests::ArgoCdApi::load();
    QTemporaryDir m_dir;
    std::unique_ptr<ServerServices> m_services;
    ApiServer m_server;
};

QTEST_GUILESS_MAIN(tst_RouteTable)
#include "tst_routetable.moc"
