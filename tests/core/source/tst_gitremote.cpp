// SPDX-License-Identifier: Apache-2.0
// Fetching over the network: a real "git http-backend" behind a small HTTP
// server on loopback that wants Basic or Bearer authentication.
#include "source/sourceservice.h"
#include "support/gitfixture.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace Capstan;
using namespace Capstan::Source;
using namespace Qt::StringLiterals;

namespace {

/// Serves the bare repositories in a folder through git http-backend (CGI),
/// for one user and password, or one bearer token.
class GitHttpServer
{
public:
    GitHttpServer(const QString &root, const QByteArray &user, const QByteArray &password, const QByteArray &token)
        : m_root(root)
        , m_basic("Basic " + QByteArray(user + ':' + password).toBase64())
        , m_bearer("Bearer " + token)
    {
        m_http.setMissingHandler([this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            serve(request, std::move(responder));
        });
        m_tcp = new QTcpServer;
        m_tcp->listen(QHostAddress::LocalHost, 0);
        m_http.bind(m_tcp);
    }

    QString url(const QString &repository) const
    {
        return u"http://127.0.0.1:%1/%2"_s.arg(m_tcp->serverPort()).arg(repository);
    }
    /// Why it does not listen; empty when it does.
    QString listenError() const { return m_tcp->isListening() ? QString() : m_tcp->errorString(); }
    int requests = 0;
    int refused = 0;

private:
    void serve(const QHttpServerRequest &request, QHttpServerResponder &&responder)
    {
        ++requests;
        QByteArray authorization;
        QByteArray protocol;
        QByteArray contentType;
        for (const auto &[name, value] : request.headers()) {
            if (name.compare("authorization", Qt::CaseInsensitive) == 0)
                authorization = value;
            else if (name.compare("git-protocol", Qt::CaseInsensitive) == 0)
                protocol = value;
            else if (name.compare("content-type", Qt::CaseInsensitive) == 0)
                contentType = value;
        }
        if (authorization != m_basic && authorization != m_bearer) {
            ++refused;
            responder.write(QByteArray("authentication required\n"),
                            {{"WWW-Authenticate", "Basic realm=\"git\""}, {"Content-Type", "text/plain"}},
                            QHttpServerResponder::StatusCode::Unauthorized);
            return;
        }
        QProcessEnvironment environment;
        environment.insert(u"PATH"_s, qEnvironmentVariable("PATH"));
        environment.insert(u"GIT_PROJECT_ROOT"_s, m_root);
        environment.insert(u"GIT_HTTP_EXPORT_ALL"_s, u"1"_s);
        environment.insert(u"REQUEST_METHOD"_s,
                           request.method() == QHttpServerRequest::Method::Post ? u"POST"_s : u"GET"_s);
        environment.insert(u"PATH_INFO"_s, request.url().path());
        environment.insert(u"QUERY_STRING"_s, request.url().query());
        environment.insert(u"CONTENT_TYPE"_s, QString::fromLatin1(contentType));
        environment.insert(u"CONTENT_LENGTH"_s, QString::number(request.body().size()));
        environment.insert(u"REMOTE_USER"_s, u"ada"_s);
        if (!protocol.isEmpty())
            environment.insert(u"GIT_PROTOCOL"_s, QString::fromLatin1(protocol));
        QProcess cgi;
        cgi.setProcessEnvironment(environment);
        cgi.start(u"git"_s, {u"http-backend"_s});
        cgi.write(request.body());
        cgi.closeWriteChannel();
        cgi.waitForFinished(30'000);
        const QByteArray output = cgi.readAllStandardOutput();
        const qsizetype split = output.indexOf("\r\n\r\n");
        const QList<QByteArray> headerLines = output.left(split).split('\n');
        QByteArray type = "application/octet-stream";
        int status = 200;
        for (QByteArray line : headerLines) {
            line = line.trimmed();
            if (line.toLower().startsWith("content-type:"))
                type = line.mid(13).trimmed();
            else if (line.toLower().startsWith("status:"))
                status = line.mid(7).trimmed().left(3).toInt();
        }
        responder.write(output.mid(split + 4), type, QHttpServerResponder::StatusCode(status));
    }

    QString m_root;
    QByteArray m_basic;
    QByteArray m_bearer;
    QHttpServer m_http;
    QTcpServer *m_tcp = nullptr;
};

} // namespace

class tst_GitRemote : public QObject
{
    Q_OBJECT

    Test::GitFixture m_origin;
    QTemporaryDir m_served;
    QString m_commit;
    std::unique_ptr<GitHttpServer> m_server;

    // The HTTP server runs on this thread, so results are awaited with an
    // event loop spinning.
    template<typename T>
    Result<T, SourceError> run(QFuture<Result<T, SourceError>> future)
    {
        if (!QTest::qWaitFor([&] { return future.isFinished(); }, 60'000))
            return Failure(SourceError::make(SourceError::Reason::Internal, u"timed out"_s));
        return future.result();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_origin.write(u"app/cm.yaml"_s, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: remote\n");
        m_commit = m_origin.commit(u"remote app"_s);
        m_origin.git({u"clone"_s, u"--quiet"_s, u"--bare"_s, m_origin.path(), m_served.filePath(u"app.git"_s)});
        if (QTest::currentTestFailed())
            return;
        m_server = std::make_unique<GitHttpServer>(m_served.path(), "ada", "correct horse", "tok-123");
        QVERIFY2(m_server->listenError().isEmpty(), qPrintable(m_server->listenError()));
    }

    void credentialsRequired()
    {
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        const int refusedBefore = m_server->refused;
        const auto result = run(service.resolveRevision(m_server->url(u"app.git"_s), {}, u"main"_s));
        QVERIFY(!result);
        QCOMPARE(result.error().reason, SourceError::Reason::AuthenticationRequired);
        QVERIFY2(result.error().message.contains(m_server->url(u"app.git"_s)), qPrintable(result.error().message));
        QVERIFY(m_server->refused > refusedBefore);
    }

    void badCredentials()
    {
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        const RepositoryCredentials wrong{u"ada"_s, u"wrong-password-123"_s, {}, {}, false};
        const auto result = run(service.resolveRevision(m_server->url(u"app.git"_s), wrong, u"main"_s));
        QVERIFY(!result);
        QCOMPARE(result.error().reason, SourceError::Reason::AuthenticationFailed);
        QCOMPARE(result.error().message,
                 u"The repository %1 rejected the credentials for user 'ada'."_s.arg(m_server->url(u"app.git"_s)));
        QVERIFY(!result.error().message.contains(u"wrong-password-123"_s));
    }

    void secretInUrlIsNotShown()
    {
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        QString url = m_server->url(u"app.git"_s);
        url.replace(u"http://"_s, u"http://ada:leaked-secret@"_s);
        const auto result = run(service.resolveRevision(url, {}, u"no-such-branch"_s));
        QVERIFY(!result);
        QVERIFY2(!result.error().message.contains(u"leaked-secret"_s), qPrintable(result.error().message));
    }

    void fetchesWithPassword()
    {
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        const RepositoryCredentials right{u"ada"_s, u"correct horse"_s, {}, {}, false};
        ManifestRequest request = ManifestRequest::forSource(
            {{u"repoURL"_s, m_server->url(u"app.git"_s)}, {u"path"_s, u"app"_s}, {u"targetRevision"_s, u"main"_s}},
            u"remote"_s, u"default"_s);
        request.credentials = right;
        const auto response = run(service.generateManifests(request));
        QVERIFY2(response, response ? "" : qPrintable(response.error().message));
        QCOMPARE(response->revision, m_commit);
        QCOMPARE(response->manifests.size(), 1);
        QCOMPARE(response->manifests.first().value(u"metadata").toObject().value(u"name").toString(), u"remote"_s);
    }

    void fetchesWithTemplateAndToken()
    {
        QTemporaryDir cache;
        SourceService service({cache.path(), {}, {}, false});
        // A credential template for the whole server, as Argo CD's repocreds.
        const QList<CredentialTemplate> templates{
            {m_server->url(QString()), {{}, {}, u"tok-123"_s, {}, false}},
        };
        const RepositoryCredentials credentials = credentialsFor(m_server->url(u"app.git"_s), {}, templates);
        const auto result = run(service.resolveRevision(m_server->url(u"app.git"_s), credentials, u"HEAD"_s));
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result.value(), m_commit);
    }
};

QTEST_GUILESS_MAIN(tst_GitRemote)
#include "tst_gitremote.moc"
