// SPDX-License-Identifier: Apache-2.0
#include "kube/kubeconfig.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace Capstan;
using namespace Capstan::Kube;

namespace {

const QString dataDir = QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/kubeconfig");

QJsonObject connectionJson(const ClusterConnection &c)
{
    QJsonObject json{{QStringLiteral("context"), c.contextName},
                     {QStringLiteral("server"), c.server.toString()},
                     {QStringLiteral("namespace"), c.defaultNamespace}};
    auto put = [&json](const char *key, const QString &value) {
        if (!value.isEmpty())
            json.insert(QLatin1String(key), value);
    };
    put("certificateAuthority", QString::fromUtf8(c.certificateAuthority));
    if (c.insecureSkipTlsVerify)
        json.insert(QStringLiteral("insecureSkipTlsVerify"), true);
    put("tlsServerName", c.tlsServerName);
    put("bearerToken", QString::fromUtf8(c.bearerToken));
    put("tokenFile", c.tokenFile);
    put("clientCertificate", QString::fromUtf8(c.clientCertificate));
    put("clientKey", QString::fromUtf8(c.clientKey));
    put("username", c.username);
    put("password", c.password);
    if (c.exec)
        json.insert(QStringLiteral("exec"), c.exec->command);
    return json;
}

/// Paths of this checkout become $DATA, so the golden files hold anywhere.
QByteArray normalised(const QJsonObject &json)
{
    QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Indented);
    text.replace(dataDir.toUtf8(), "$DATA");
    return text;
}

} // namespace

class tst_Kubeconfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Each case reads files from tests/data/kubeconfig/<case>/ and must give
    // <case>/expected.json; CAPSTAN_UPDATE_GOLDEN=1 writes it instead.
    void golden_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("files");
        QTest::addColumn<QStringList>("contexts");
        QTest::addRow("single file, CA file beside it")
            << QStringLiteral("single") << QStringList{QStringLiteral("config")} << QStringList{QString()};
        QTest::addRow("KUBECONFIG of two files")
            << QStringLiteral("merged")
            << QStringList{QStringLiteral("a.yaml"), QStringLiteral("missing.yaml"), QStringLiteral("b.yaml")}
            << QStringList{QString(), QStringLiteral("staging")};
        QTest::addRow("exec credential plugin")
            << QStringLiteral("exec") << QStringList{QStringLiteral("config")} << QStringList{QString()};
        QTest::addRow("client certificate data")
            << QStringLiteral("clientcert") << QStringList{QStringLiteral("config")} << QStringList{QString()};
    }

    void golden()
    {
        QFETCH(QString, name);
        QFETCH(QStringList, files);
        QFETCH(QStringList, contexts);
        const QDir dir(dataDir + u'/' + name);
        QStringList paths;
        for (const QString &file : std::as_const(files))
            paths << dir.filePath(file);

        const Result<Kubeconfig> config = Kubeconfig::load(paths);
        QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error()));
        QJsonObject actual{{QStringLiteral("config"), config->toJson()}};
        QJsonArray connections;
        for (const QString &context : std::as_const(contexts)) {
            const Result<ClusterConnection> connection = config->connection(context);
            QVERIFY2(connection.ok(), qPrintable(connection.ok() ? QString() : connection.error()));
            connections.append(connectionJson(*connection));
        }
        actual.insert(QStringLiteral("connections"), connections);

        const QString expectedPath = dir.filePath(QStringLiteral("expected.json"));
        if (qEnvironmentVariableIntValue("CAPSTAN_UPDATE_GOLDEN")) {
            QFile out(expectedPath);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(normalised(actual));
            QSKIP("golden file written");
        }
        QFile expected(expectedPath);
        QVERIFY2(expected.open(QIODevice::ReadOnly), qPrintable(expectedPath));
        QCOMPARE(normalised(actual), expected.readAll());
    }

    void mergeRules()
    {
        const QDir dir(dataDir + u"/merged");
        const Result<Kubeconfig> config
            = Kubeconfig::load({dir.filePath(QStringLiteral("a.yaml")), dir.filePath(QStringLiteral("b.yaml"))});
        QVERIFY(config.ok());
        // The first file to name "dev" and "shared" wins; current-context comes from b, which sets one.
        QCOMPARE(config->currentContext(), QStringLiteral("dev"));
        QCOMPARE(config->contextNames(), (QStringList{QStringLiteral("dev"), QStringLiteral("staging")}));
        QCOMPARE(config->connection()->server, QUrl(QStringLiteral("https://from-a.example.com")));
        QCOMPARE(config->connection()->username, QStringLiteral("alice"));
        QCOMPARE(config->connection(QStringLiteral("staging"))->tokenFile, dir.filePath(QStringLiteral("bob.token")));
    }

    void environment()
    {
        const QDir dir(dataDir + u"/merged");
        qputenv(
            "KUBECONFIG",
            (dir.filePath(QStringLiteral("b.yaml")) + QDir::listSeparator() + dir.filePath(QStringLiteral("a.yaml")))
                .toUtf8());
        const Result<Kubeconfig> config = Kubeconfig::loadDefault();
        qunsetenv("KUBECONFIG");
        QVERIFY(config.ok());
        QCOMPARE(config->connection()->server, QUrl(QStringLiteral("https://staging.example.com")));
    }

    void broken_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("message");
        QTest::addRow("not yaml") << QByteArray("clusters:\n- name: a\n  cluster: {server: [\n") << QString()
                                  << QStringLiteral("config:4: not valid YAML");
        QTest::addRow("a list at the top")
            << QByteArray("- a\n- b\n") << QString() << QStringLiteral("config:1: a kubeconfig is a mapping");
        QTest::addRow("wrong kind") << QByteArray("kind: Pod\n") << QString()
                                    << QStringLiteral("config:1: the kind is \"Pod\"");
        QTest::addRow("clusters not a list")
            << QByteArray("clusters: {}\n") << QString() << QStringLiteral("config:1: \"clusters\" must be a list");
        QTest::addRow("entry without name") << QByteArray("users:\n- user: {token: x}\n") << QString()
                                            << QStringLiteral("config:2: an entry of \"users\" has no name");
        QTest::addRow("server not a string")
            << QByteArray("clusters:\n- name: a\n  cluster:\n    server: [x]\n") << QString()
            << QStringLiteral("config:4: cluster \"a\": \"server\" must be a string");
        QTest::addRow("bad boolean")
            << QByteArray(
                   "clusters:\n- name: a\n  cluster:\n    server: https://a\n    insecure-skip-tls-verify: perhaps\n")
            << QString()
            << QStringLiteral("config:5: cluster \"a\": \"insecure-skip-tls-verify\" must be true or false");
        QTest::addRow("bad base64")
            << QByteArray("clusters:\n- name: a\n  cluster:\n    certificate-authority-data: '%%%'\n") << QString()
            << QStringLiteral("config:4: cluster \"a\": \"certificate-authority-data\" is not base64");
        QTest::addRow("exec without command")
            << QByteArray("users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n")
            << QString() << QStringLiteral("config:5: user \"u\": the exec plugin has no command");
        QTest::addRow("exec of an old api")
            << QByteArray("users:\n- name: u\n  user:\n    exec:\n      apiVersion: "
                          "client.authentication.k8s.io/v1alpha1\n      command: x\n")
            << QString() << QStringLiteral("is not client.authentication.k8s.io/v1 or v1beta1");
        QTest::addRow("no current context")
            << QByteArray("contexts:\n- name: a\n  context: {cluster: a}\n") << QString()
            << QStringLiteral("the kubeconfig sets no current context; name one of: a");
        QTest::addRow("unknown context") << QByteArray("current-context: x\n") << QString()
                                         << QStringLiteral("the kubeconfig has no context \"x\"");
        QTest::addRow("undefined cluster")
            << QByteArray("contexts:\n- name: a\n  context: {cluster: nowhere}\ncurrent-context: a\n") << QString()
            << QStringLiteral("context \"a\" names the cluster \"nowhere\", which is not defined");
        QTest::addRow("undefined user")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://c'}\ncontexts:\n- name: a\n  context: "
                          "{cluster: c, user: nobody}\n")
            << QStringLiteral("a") << QStringLiteral("context \"a\" names the user \"nobody\", which is not defined");
        QTest::addRow("no server") << QByteArray(
            "clusters:\n- name: c\n  cluster: {}\ncontexts:\n- name: a\n  context: {cluster: c}\n")
                                   << QStringLiteral("a") << QStringLiteral("cluster \"c\" has no valid server URL");
        QTest::addRow("missing CA file") << QByteArray(
            "clusters:\n- name: c\n  cluster: {server: 'https://c', certificate-authority: /nonexistent/ca.crt}\n"
            "contexts:\n- name: a\n  context: {cluster: c}\n")
                                         << QStringLiteral("a")
                                         << QStringLiteral("cannot read the certificate-authority of cluster \"c\" "
                                                           "\"/nonexistent/ca.crt\"");
        QTest::addRow("auth provider")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://c'}\nusers:\n- name: u\n  user:\n    "
                          "auth-provider: {name: gcp}\n"
                          "contexts:\n- name: a\n  context: {cluster: c, user: u}\n")
            << QStringLiteral("a")
            << QStringLiteral("user \"u\" signs in with the auth-provider \"gcp\", which Capstan does not support");
        QTest::addRow("certificate without key")
            << QByteArray("clusters:\n- name: c\n  cluster: {server: 'https://c'}\nusers:\n- name: u\n  user: "
                          "{client-certificate-data: Q0VSVA==}\n"
                          "contexts:\n- name: a\n  context: {cluster: c, user: u}\n")
            << QStringLiteral("a") << QStringLiteral("a client certificate without its key");
    }

    void broken()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, context);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("config")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(yaml);
        file.close();

        const Result<Kubeconfig> config = Kubeconfig::load({file.fileName()});
        QString error;
        if (!config) {
            error = config.error();
        } else {
            const Result<ClusterConnection> connection = config->connection(context);
            QVERIFY2(!connection.ok(), "the broken kubeconfig was accepted");
            error = connection.error();
        }
        error.replace(dir.path() + u'/', QString());
        QVERIFY2(error.contains(message), qPrintable(error));
    }

    void emptyAndMissingFiles()
    {
        QTemporaryDir dir;
        QFile empty(dir.filePath(QStringLiteral("empty")));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        const Result<Kubeconfig> config = Kubeconfig::load({empty.fileName()});
        QVERIFY(config.ok());
        QVERIFY(config->contextNames().isEmpty());

        const Result<Kubeconfig> none = Kubeconfig::load({dir.filePath(QStringLiteral("nope"))});
        QVERIFY(!none.ok());
        QVERIFY(none.error().startsWith(u"no kubeconfig found"));
    }
};

QTEST_GUILESS_MAIN(tst_Kubeconfig)
#include "tst_kubeconfig.moc"
