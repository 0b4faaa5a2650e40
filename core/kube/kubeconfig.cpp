// SPDX-License-Identifier: Apache-2.0
#include "kubeconfig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

#include <yaml-cpp/yaml.h>

namespace Capstan::Kube {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Kube::Kubeconfig)
};

/// Thrown inside parse() only, where it becomes a Result.
struct ParseError
{
    int line; // 1-based, 0 if unknown
    QString message;
};

[[noreturn]] void raise(const YAML::Node &node, const QString &message)
{
    throw ParseError{node.Mark().is_null() ? 0 : node.Mark().line + 1, message};
}

QString scalar(const YAML::Node &map, const char *key, const QString &where)
{
    const YAML::Node node = map[key];
    if (!node || node.IsNull())
        return {};
    if (!node.IsScalar())
        raise(node, Tr::tr("%1: \"%2\" must be a string").arg(where, QLatin1String(key)));
    return QString::fromStdString(node.Scalar());
}

bool boolean(const YAML::Node &map, const char *key, const QString &where)
{
    const YAML::Node node = map[key];
    if (!node || node.IsNull())
        return false;
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value))
        raise(node, Tr::tr("%1: \"%2\" must be true or false").arg(where, QLatin1String(key)));
    return value;
}

QByteArray base64(const YAML::Node &map, const char *key, const QString &where)
{
    const QString text = scalar(map, key, where);
    if (text.isEmpty())
        return {};
    const auto decoded
        = QByteArray::fromBase64Encoding(text.toLatin1().trimmed(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        raise(map[key], Tr::tr("%1: \"%2\" is not base64").arg(where, QLatin1String(key)));
    return *decoded;
}

/// A path as the file that names it means it.
QString resolvePath(const QString &path, const QString &file)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    if (path.startsWith(u"~/"))
        return QDir::home().filePath(path.mid(2));
    return QDir::cleanPath(QFileInfo(file).dir().filePath(path));
}

/// The entries of a `clusters`, `users` or `contexts` list: (name, body) pairs.
QList<std::pair<QString, YAML::Node>> namedEntries(const YAML::Node &root, const char *list, const char *body)
{
    QList<std::pair<QString, YAML::Node>> entries;
    const YAML::Node node = root[list];
    if (!node || node.IsNull())
        return entries;
    if (!node.IsSequence())
        raise(node, Tr::tr("\"%1\" must be a list").arg(QLatin1String(list)));
    for (const YAML::Node &entry : node) {
        if (!entry.IsMap())
            raise(entry, Tr::tr("each entry of \"%1\" must be a mapping with a name").arg(QLatin1String(list)));
        const QString name = scalar(entry, "name", QLatin1String(list));
        if (name.isEmpty())
            raise(entry, Tr::tr("an entry of \"%1\" has no name").arg(QLatin1String(list)));
        const YAML::Node content = entry[body];
        if (content && !content.IsNull() && !content.IsMap())
            raise(content,
                  Tr::tr("%1 \"%2\": \"%3\" must be a mapping").arg(QLatin1String(list), name, QLatin1String(body)));
        entries.append({name, content ? content : YAML::Node(YAML::NodeType::Map)});
    }
    return entries;
}

std::optional<ExecCredentialPlugin> execPlugin(const YAML::Node &user, const QString &where)
{
    const YAML::Node exec = user["exec"];
    if (!exec || exec.IsNull())
        return std::nullopt;
    if (!exec.IsMap())
        raise(exec, Tr::tr("%1: \"exec\" must be a mapping").arg(where));
    ExecCredentialPlugin plugin;
    plugin.apiVersion = scalar(exec, "apiVersion", where);
    if (plugin.apiVersion != u"client.authentication.k8s.io/v1"
        && plugin.apiVersion != u"client.authentication.k8s.io/v1beta1") {
        raise(exec,
              Tr::tr("%1: the exec plugin's apiVersion \"%2\" is not client.authentication.k8s.io/v1 or v1beta1")
                  .arg(where, plugin.apiVersion));
    }
    plugin.command = scalar(exec, "command", where);
    if (plugin.command.isEmpty())
        raise(exec, Tr::tr("%1: the exec plugin has no command").arg(where));
    if (const YAML::Node args = exec["args"]; args && !args.IsNull()) {
        if (!args.IsSequence())
            raise(args, Tr::tr("%1: the exec plugin's \"args\" must be a list").arg(where));
        for (const YAML::Node &arg : args) {
            if (!arg.IsScalar())
                raise(arg, Tr::tr("%1: the exec plugin's arguments must be strings").arg(where));
            plugin.arguments << QString::fromStdString(arg.Scalar());
        }
    }
    if (const YAML::Node env = exec["env"]; env && !env.IsNull()) {
        if (!env.IsSequence())
            raise(env, Tr::tr("%1: the exec plugin's \"env\" must be a list").arg(where));
        for (const YAML::Node &variable : env) {
            if (!variable.IsMap())
                raise(variable, Tr::tr("%1: each exec plugin variable needs a name and a value").arg(where));
            plugin.environment.append({scalar(variable, "name", where), scalar(variable, "value", where)});
        }
    }
    plugin.installHint = scalar(exec, "installHint", where);
    plugin.provideClusterInfo = boolean(exec, "provideClusterInfo", where);
    return plugin;
}

Result<QByteArray> readPem(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Failure(Tr::tr("cannot read %1 \"%2\": %3").arg(what, path, file.errorString()));
    return file.readAll();
}

} // namespace

Result<Kubeconfig> Kubeconfig::parse(const QByteArray &yaml, const QString &fileName)
{
    Kubeconfig config;
    config.m_files << fileName;
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (!root || root.IsNull())
            return config; // an empty file is an empty configuration, as for kubectl
        if (!root.IsMap())
            raise(root, Tr::tr("a kubeconfig is a mapping with clusters, users and contexts"));
        if (const QString kind = scalar(root, "kind", QStringLiteral("kubeconfig"));
            !kind.isEmpty() && kind != u"Config")
            raise(root["kind"], Tr::tr("the kind is \"%1\", not \"Config\"").arg(kind));

        for (const auto &[name, body] : namedEntries(root, "clusters", "cluster")) {
            const QString where = Tr::tr("cluster \"%1\"").arg(name);
            Cluster cluster{name,
                            fileName,
                            scalar(body, "server", where),
                            resolvePath(scalar(body, "certificate-authority", where), fileName),
                            base64(body, "certificate-authority-data", where),
                            boolean(body, "insecure-skip-tls-verify", where),
                            scalar(body, "tls-server-name", where)};
            config.m_clusters.append(std::move(cluster));
        }
        for (const auto &[name, body] : namedEntries(root, "users", "user")) {
            const QString where = Tr::tr("user \"%1\"").arg(name);
            User user;
            user.name = name;
            user.file = fileName;
            user.token = scalar(body, "token", where).toUtf8();
            user.tokenFile = resolvePath(scalar(body, "tokenFile", where), fileName);
            user.clientCertificate = resolvePath(scalar(body, "client-certificate", where), fileName);
            user.clientCertificateData = base64(body, "client-certificate-data", where);
            user.clientKey = resolvePath(scalar(body, "client-key", where), fileName);
            user.clientKeyData = base64(body, "client-key-data", where);
            user.username = scalar(body, "username", where);
            user.password = scalar(body, "password", where);
            user.exec = execPlugin(body, where);
            // A command with a slash is a path, relative to this file as in client-go.
            if (user.exec && user.exec->command.contains(u'/'))
                user.exec->command = resolvePath(user.exec->command, fileName);
            if (const YAML::Node provider = body["auth-provider"]; provider && provider.IsMap())
                user.unsupported = scalar(provider, "name", where);
            config.m_users.append(std::move(user));
        }
        for (const auto &[name, body] : namedEntries(root, "contexts", "context")) {
            const QString where = Tr::tr("context \"%1\"").arg(name);
            config.m_contexts.append({name, fileName, scalar(body, "cluster", where), scalar(body, "user", where),
                                      scalar(body, "namespace", where)});
        }
        config.m_currentContext = scalar(root, "current-context", QStringLiteral("kubeconfig"));
    } catch (const ParseError &error) {
        return Failure(error.line > 0 ? Tr::tr("%1:%2: %3").arg(fileName).arg(error.line).arg(error.message)
                                      : Tr::tr("%1: %2").arg(fileName, error.message));
    } catch (const YAML::Exception &error) {
        return Failure(Tr::tr("%1:%2: not valid YAML: %3")
                           .arg(fileName)
                           .arg(error.mark.is_null() ? 0 : error.mark.line + 1)
                           .arg(QString::fromStdString(error.msg)));
    }
    return config;
}

Result<Kubeconfig> Kubeconfig::load(const QStringList &files)
{
    Kubeconfig merged;
    bool any = false;
    for (const QString &path : files) {
        if (path.isEmpty())
            continue;
        QFile file(path);
        if (!file.exists())
            continue;
        if (!file.open(QIODevice::ReadOnly))
            return Failure(Tr::tr("cannot read the kubeconfig \"%1\": %2").arg(path, file.errorString()));
        Result<Kubeconfig> one = parse(file.readAll(), QFileInfo(path).absoluteFilePath());
        if (!one)
            return one;
        if (!any)
            merged = std::move(one).value();
        else
            merged.merge(*one);
        any = true;
    }
    if (!any)
        return Failure(Tr::tr("no kubeconfig found (looked for %1)").arg(files.join(QStringLiteral(", "))));
    return merged;
}

Result<Kubeconfig> Kubeconfig::loadDefault()
{
    const QString variable = qEnvironmentVariable("KUBECONFIG");
    if (!variable.isEmpty())
        return load(variable.split(QDir::listSeparator(), Qt::SkipEmptyParts));
    return load({QDir::home().filePath(QStringLiteral(".kube/config"))});
}

void Kubeconfig::merge(const Kubeconfig &other)
{
    auto addMissing = [](auto &mine, const auto &theirs) {
        for (const auto &entry : theirs) {
            const bool known
                = std::any_of(mine.cbegin(), mine.cend(), [&entry](const auto &m) { return m.name == entry.name; });
            if (!known)
                mine.append(entry);
        }
    };
    addMissing(m_clusters, other.m_clusters);
    addMissing(m_users, other.m_users);
    addMissing(m_contexts, other.m_contexts);
    if (m_currentContext.isEmpty())
        m_currentContext = other.m_currentContext;
    m_files += other.m_files;
}

QStringList Kubeconfig::contextNames() const
{
    QStringList names;
    for (const Context &context : m_contexts)
        names << context.name;
    return names;
}

Result<ClusterConnection> Kubeconfig::connection(const QString &contextName) const
{
    const QString name = contextName.isEmpty() ? m_currentContext : contextName;
    if (name.isEmpty())
        return Failure(Tr::tr("the kubeconfig sets no current context; name one of: %1")
                           .arg(contextNames().join(QStringLiteral(", "))));
    const auto context
        = std::find_if(m_contexts.cbegin(), m_contexts.cend(), [&name](const Context &c) { return c.name == name; });
    if (context == m_contexts.cend())
        return Failure(Tr::tr("the kubeconfig has no context \"%1\"").arg(name));
    const auto cluster = std::find_if(m_clusters.cbegin(), m_clusters.cend(),
                                      [&context](const Cluster &c) { return c.name == context->cluster; });
    if (cluster == m_clusters.cend()) {
        return Failure(Tr::tr("%1: context \"%2\" names the cluster \"%3\", which is not defined")
                           .arg(context->file, name, context->cluster));
    }

    ClusterConnection connection;
    connection.contextName = name;
    connection.defaultNamespace
        = context->defaultNamespace.isEmpty() ? QStringLiteral("default") : context->defaultNamespace;
    connection.server = QUrl(cluster->server, QUrl::StrictMode);
    if (!connection.server.isValid() || connection.server.host().isEmpty()
        || (connection.server.scheme() != u"https" && connection.server.scheme() != u"http")) {
        return Failure(Tr::tr("%1: cluster \"%2\" has no valid server URL (\"%3\")")
                           .arg(cluster->file, cluster->name, cluster->server));
    }
    connection.insecureSkipTlsVerify = cluster->insecureSkipTlsVerify;
    connection.tlsServerName = cluster->tlsServerName;
    connection.certificateAuthority = cluster->certificateAuthorityData;
    if (connection.certificateAuthority.isEmpty() && !cluster->certificateAuthority.isEmpty()) {
        Result<QByteArray> pem = readPem(cluster->certificateAuthority,
                                         Tr::tr("the certificate-authority of cluster \"%1\"").arg(cluster->name));
        if (!pem)
            return Failure(pem.error());
        connection.certificateAuthority = *pem;
    }

    if (context->user.isEmpty())
        return connection; // anonymous
    const auto user
        = std::find_if(m_users.cbegin(), m_users.cend(), [&context](const User &u) { return u.name == context->user; });
    if (user == m_users.cend())
        return Failure(Tr::tr("%1: context \"%2\" names the user \"%3\", which is not defined")
                           .arg(context->file, name, context->user));
    if (!user->unsupported.isEmpty() && !user->exec) {
        return Failure(Tr::tr("user \"%1\" signs in with the auth-provider \"%2\", which Capstan does not support; "
                              "use an exec credential plugin instead")
                           .arg(user->name, user->unsupported));
    }
    connection.bearerToken = user->token;
    connection.tokenFile = user->tokenFile;
    connection.username = user->username;
    connection.password = user->password;
    connection.exec = user->exec;
    connection.clientCertificate = user->clientCertificateData;
    if (connection.clientCertificate.isEmpty() && !user->clientCertificate.isEmpty()) {
        Result<QByteArray> pem
            = readPem(user->clientCertificate, Tr::tr("the client-certificate of user \"%1\"").arg(user->name));
        if (!pem)
            return Failure(pem.error());
        connection.clientCertificate = *pem;
    }
    connection.clientKey = user->clientKeyData;
    if (connection.clientKey.isEmpty() && !user->clientKey.isEmpty()) {
        Result<QByteArray> pem = readPem(user->clientKey, Tr::tr("the client-key of user \"%1\"").arg(user->name));
        if (!pem)
            return Failure(pem.error());
        connection.clientKey = *pem;
    }
    if (connection.clientCertificate.isEmpty() != connection.clientKey.isEmpty())
        return Failure(Tr::tr("user \"%1\" has a client certificate without its key, or a key without its certificate")
                           .arg(user->name));
    return connection;
}

QJsonObject Kubeconfig::toJson() const
{
    auto put = [](QJsonObject &object, const char *key, const QString &value) {
        if (!value.isEmpty())
            object.insert(QLatin1String(key), value);
    };
    QJsonArray clusters;
    for (const Cluster &c : m_clusters) {
        QJsonObject o{{QStringLiteral("name"), c.name}};
        put(o, "file", c.file);
        put(o, "server", c.server);
        put(o, "certificate-authority", c.certificateAuthority);
        put(o, "certificate-authority-data", QString::fromUtf8(c.certificateAuthorityData));
        if (c.insecureSkipTlsVerify)
            o.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        put(o, "tls-server-name", c.tlsServerName);
        clusters.append(o);
    }
    QJsonArray users;
    for (const User &u : m_users) {
        QJsonObject o{{QStringLiteral("name"), u.name}};
        put(o, "file", u.file);
        put(o, "token", QString::fromUtf8(u.token));
        put(o, "tokenFile", u.tokenFile);
        put(o, "client-certificate", u.clientCertificate);
        put(o, "client-certificate-data", QString::fromUtf8(u.clientCertificateData));
        put(o, "client-key", u.clientKey);
        put(o, "client-key-data", QString::fromUtf8(u.clientKeyData));
        put(o, "username", u.username);
        put(o, "password", u.password);
        put(o, "auth-provider", u.unsupported);
        if (u.exec) {
            QJsonObject exec{{QStringLiteral("apiVersion"), u.exec->apiVersion},
                             {QStringLiteral("command"), u.exec->command}};
            if (!u.exec->arguments.isEmpty())
                exec.insert(QStringLiteral("args"), QJsonArray::fromStringList(u.exec->arguments));
            QJsonArray env;
            for (const auto &[name, value] : u.exec->environment)
                env.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
            if (!env.isEmpty())
                exec.insert(QStringLiteral("env"), env);
            put(exec, "installHint", u.exec->installHint);
            if (u.exec->provideClusterInfo)
                exec.insert(QStringLiteral("provideClusterInfo"), true);
            o.insert(QStringLiteral("exec"), exec);
        }
        users.append(o);
    }
    QJsonArray contexts;
    for (const Context &c : m_contexts) {
        QJsonObject o{{QStringLiteral("name"), c.name}};
        put(o, "file", c.file);
        put(o, "cluster", c.cluster);
        put(o, "user", c.user);
        put(o, "namespace", c.defaultNamespace);
        contexts.append(o);
    }
    QJsonObject json{{QStringLiteral("clusters"), clusters},
                     {QStringLiteral("users"), users},
                     {QStringLiteral("contexts"), contexts},
                     {QStringLiteral("files"), QJsonArray::fromStringList(m_files)}};
    put(json, "current-context", m_currentContext);
    return json;
}

} // namespace Capstan::Kube
