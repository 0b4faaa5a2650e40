// SPDX-License-Identifier: Apache-2.0
#include "gitrepository.h"

#include "base/logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryFile>
#include <QTimeZone>
#include <QUrl>

#include <git2.h>

#include <mutex>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::GitRepository)
};

void initialiseLibgit2()
{
    // libgit2's global state lives for the whole process; shutting it down
    // while another thread still uses it would be worse than keeping it.
    static std::once_flag once;
    std::call_once(once, [] { git_libgit2_init(); });
}

QString lastGitError()
{
    const git_error *error = git_error_last();
    return error && error->message ? QString::fromUtf8(error->message).trimmed() : Tr::tr("unknown error");
}

QString shaOf(const git_oid *oid)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, oid);
    return QString::fromLatin1(text);
}

/// What the callbacks saw, to turn libgit2's failure into a useful error.
struct CallbackState
{
    const GitRemote *remote = nullptr;
    int sshPort = 22;
    int credentialAttempts = 0;
    bool credentialsMissing = false;
    bool credentialsRejected = false;
    QString untrustedHost;
    std::unique_ptr<QTemporaryFile> keyFile;
    QByteArray username;
    QByteArray secret;
};

int acquireCredentials(git_credential **out, const char *, const char *usernameFromUrl, unsigned int allowed,
                       void *payload)
{
    auto *state = static_cast<CallbackState *>(payload);
    const RepositoryCredentials &credentials = state->remote->credentials;
    state->username = !credentials.username.isEmpty() ? credentials.username.toUtf8()
        : usernameFromUrl && *usernameFromUrl         ? QByteArray(usernameFromUrl)
                                                      : QByteArrayLiteral("git");
    // SSH first asks who we are, then for a key; that is one attempt.
    if (allowed == GIT_CREDENTIAL_USERNAME)
        return git_credential_username_new(out, state->username.constData());
    if (++state->credentialAttempts > 1) {
        state->credentialsRejected = true;
        git_error_set_str(GIT_ERROR_NET, "credentials rejected");
        return GIT_EAUTH;
    }
    if ((allowed & GIT_CREDENTIAL_SSH_KEY) && !credentials.sshPrivateKey.isEmpty()) {
        state->secret = credentials.sshPrivateKey.toUtf8();
        if (!state->secret.endsWith('\n'))
            state->secret.append('\n');
        if (git_credential_ssh_key_memory_new(out, state->username.constData(), nullptr, state->secret.constData(),
                                              nullptr)
            == 0)
            return 0;
        // libgit2 built without in-memory keys: hand libssh2 a private file.
        state->keyFile = std::make_unique<QTemporaryFile>();
        if (!state->keyFile->open() || state->keyFile->write(state->secret) != state->secret.size()
            || !state->keyFile->flush())
            return GIT_EUSER;
        return git_credential_ssh_key_new(out, state->username.constData(), nullptr,
                                          QFile::encodeName(state->keyFile->fileName()).constData(), nullptr);
    }
    if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && !credentials.password.isEmpty()) {
        state->secret = credentials.password.toUtf8();
        return git_credential_userpass_plaintext_new(out, state->username.constData(), state->secret.constData());
    }
    state->credentialsMissing = true;
    git_error_set_str(GIT_ERROR_NET, "credentials required");
    return GIT_EAUTH;
}

int checkCertificate(git_cert *certificate, int valid, const char *host, void *payload)
{
    auto *state = static_cast<CallbackState *>(payload);
    if (state->remote->credentials.insecure)
        return 0;
    const QString hostName = QString::fromUtf8(host);
    if (certificate->cert_type == GIT_CERT_HOSTKEY_LIBSSH2) {
        const auto *hostKey = reinterpret_cast<const git_cert_hostkey *>(certificate);
        if (!(hostKey->type & GIT_CERT_SSH_RAW)) {
            state->untrustedHost
                = Tr::tr("The SSH host key of %1 cannot be checked against known_hosts.").arg(hostName);
            return GIT_ECERTIFICATE;
        }
        const QByteArray key(hostKey->hostkey, qsizetype(hostKey->hostkey_len));
        switch (state->remote->knownHosts.verify(hostName, state->sshPort, key)) {
        case KnownHosts::Verdict::Trusted:
            return 0;
        case KnownHosts::Verdict::Unknown:
            state->untrustedHost = Tr::tr("The SSH host key of %1 is not in the known hosts. Add the host's key, "
                                          "or mark the repository insecure.")
                                       .arg(hostName);
            return GIT_ECERTIFICATE;
        case KnownHosts::Verdict::Mismatch:
            state->untrustedHost = Tr::tr("The SSH host key of %1 does not match the known hosts. Someone may be "
                                          "intercepting the connection; if the key changed on purpose, update the "
                                          "known hosts.")
                                       .arg(hostName);
            return GIT_ECERTIFICATE;
        }
    }
    if (valid)
        return 0;
    state->untrustedHost = Tr::tr("The TLS certificate of %1 is not trusted. Install its certificate authority, "
                                  "or mark the repository insecure.")
                               .arg(hostName);
    return GIT_ECERTIFICATE;
}

QString displayUrl(const GitRemote &remote)
{
    return remote.credentials.redact(remote.url);
}

/// Local paths must be absolute: a server's working directory means nothing
/// to the user who typed the path.
Result<QByteArray, SourceError> libgit2Url(const QString &url)
{
    QString location = url.trimmed();
    if (location.isEmpty())
        return Failure(SourceError::make(SourceError::Reason::InvalidRequest, Tr::tr("The repository URL is empty.")));
    if (location.startsWith(u"~/"))
        location = QDir::homePath() + location.mid(1);
    static const QRegularExpression scheme(u"^[a-zA-Z][a-zA-Z0-9+.-]*://"_s);
    static const QRegularExpression scpLike(u"^[^/@:]+@[^/:]+:"_s);
    if (!scheme.match(location).hasMatch() && !scpLike.match(location).hasMatch() && !location.startsWith(u'/'))
        return Failure(SourceError::make(
            SourceError::Reason::InvalidRequest,
            Tr::tr("'%1' is neither a URL nor an absolute path to a local repository.").arg(redactUrl(url))));
    return location.toUtf8();
}

} // namespace

struct GitRepository::Connection
{
    git_remote *remote = nullptr;
    CallbackState state;
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    QByteArray authorization;
    char *headerPointer = nullptr;
    git_strarray headers{nullptr, 0};

    ~Connection()
    {
        if (remote) {
            git_remote_disconnect(remote);
            git_remote_free(remote);
        }
    }

    SourceError failure(const QString &what, const GitRemote &remote) const
    {
        const QString url = displayUrl(remote);
        if (!state.untrustedHost.isEmpty())
            return SourceError::make(SourceError::Reason::UntrustedHost, state.untrustedHost);
        if (state.credentialsRejected)
            return SourceError::make(SourceError::Reason::AuthenticationFailed,
                                     Tr::tr("The repository %1 rejected the credentials for user '%2'.")
                                         .arg(url, QString::fromUtf8(state.username)));
        if (state.credentialsMissing)
            return SourceError::make(SourceError::Reason::AuthenticationRequired,
                                     Tr::tr("The repository %1 requires credentials. Add them to the repository, or "
                                            "add a credential template that matches its URL.")
                                         .arg(url));
        return SourceError::make(SourceError::Reason::RepositoryUnavailable,
                                 remote.credentials.redact(what.arg(url, lastGitError())));
    }
};

bool GitRepository::isFullSha(const QString &text)
{
    static const QRegularExpression sha(u"^[0-9a-f]{40}$"_s);
    return sha.match(text).hasMatch();
}

Result<GitRepository, SourceError> GitRepository::openMirror(const QString &folder)
{
    initialiseLibgit2();
    const QByteArray path = QFile::encodeName(folder);
    git_repository *repository = nullptr;
    if (git_repository_open_bare(&repository, path.constData()) != 0) {
        if (!QDir().mkpath(folder) || git_repository_init(&repository, path.constData(), 1) != 0)
            return Failure(SourceError::make(SourceError::Reason::Internal,
                                             Tr::tr("Cannot create the repository cache: %1").arg(lastGitError())));
    }
    GitRepository result;
    result.m_repository = std::shared_ptr<git_repository>(repository, git_repository_free);
    result.m_folder = folder;
    return result;
}

Result<QList<RemoteRef>, SourceError> GitRepository::connectAndList(Connection &connection, const GitRemote &remote)
{
    const auto url = libgit2Url(remote.url);
    if (!url)
        return Failure(url.error());
    connection.state.remote = &remote;
    if (url->startsWith("ssh://")) {
        connection.state.sshPort = QUrl(QString::fromUtf8(*url)).port(22);
    }
    connection.callbacks.credentials = acquireCredentials;
    connection.callbacks.certificate_check = checkCertificate;
    connection.callbacks.payload = &connection.state;
    if (!remote.credentials.bearerToken.isEmpty()) {
        connection.authorization = "Authorization: Bearer " + remote.credentials.bearerToken.toUtf8();
        connection.headerPointer = connection.authorization.data();
        connection.headers = {&connection.headerPointer, 1};
    }
    // An anonymous remote that skips url.*.insteadOf: the user's Git config has
    // no say in what the server fetches, and libgit2 1.5 leaks the matching
    // of those settings with the system PCRE2 on every call.
    git_remote_create_options createOptions = GIT_REMOTE_CREATE_OPTIONS_INIT;
    createOptions.repository = m_repository.get();
    createOptions.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
    if (git_remote_create_with_opts(&connection.remote, url->constData(), &createOptions) != 0)
        return Failure(connection.failure(Tr::tr("Cannot use the repository URL %1: %2"), remote));
    git_proxy_options proxy = GIT_PROXY_OPTIONS_INIT;
    proxy.type = GIT_PROXY_AUTO;
    if (git_remote_connect(connection.remote, GIT_DIRECTION_FETCH, &connection.callbacks, &proxy, &connection.headers)
        != 0)
        return Failure(connection.failure(Tr::tr("Cannot reach the repository %1: %2"), remote));

    const git_remote_head **heads = nullptr;
    size_t count = 0;
    if (git_remote_ls(&heads, &count, connection.remote) != 0)
        return Failure(connection.failure(Tr::tr("Cannot list the references of %1: %2"), remote));
    QList<RemoteRef> refs;
    QHash<QString, qsizetype> byName;
    for (size_t i = 0; i < count; ++i) {
        QString name = QString::fromUtf8(heads[i]->name);
        const QString commit = shaOf(&heads[i]->oid);
        if (name.endsWith(u"^{}")) {
            // The peeled form of an annotated tag: the commit it names.
            name.chop(3);
            if (const auto it = byName.constFind(name); it != byName.cend()) {
                refs[*it].commit = commit;
                continue;
            }
        }
        byName.insert(name, refs.size());
        refs.append({name, commit});
    }
    return refs;
}

Result<QList<RemoteRef>, SourceError> GitRepository::listRemote(const GitRemote &remote)
{
    Connection connection;
    return connectAndList(connection, remote);
}

Result<void, SourceError> GitRepository::download(Connection &connection, const GitRemote &remote,
                                                  const QList<RemoteRef> &advertised, const QString &extraRef)
{
    QList<QByteArray> specs{"+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"};
    // Other references (pull requests, notes) come along only when asked for.
    if (!extraRef.isEmpty())
        specs.append(u"+%1:%1"_s.arg(extraRef).toUtf8());
    std::vector<char *> pointers;
    for (QByteArray &spec : specs)
        pointers.push_back(spec.data());
    const git_strarray refspecs{pointers.data(), pointers.size()};
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.callbacks = connection.callbacks;
    options.custom_headers = connection.headers;
    options.proxy_opts.type = GIT_PROXY_AUTO;
    if (git_remote_download(connection.remote, &refspecs, &options) != 0)
        return Failure(connection.failure(Tr::tr("Cannot fetch from %1: %2"), remote));
    if (git_remote_update_tips(connection.remote, &connection.callbacks, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, nullptr)
        != 0)
        return Failure(connection.failure(Tr::tr("Cannot update the references fetched from %1: %2"), remote));

    // Prune branches and tags the remote dropped, as "git fetch --prune" does.
    QSet<QString> names;
    for (const RemoteRef &ref : advertised)
        names.insert(ref.name);
    git_reference_iterator *iterator = nullptr;
    if (git_reference_iterator_new(&iterator, m_repository.get()) == 0) {
        QList<QByteArray> stale;
        git_reference *reference = nullptr;
        while (git_reference_next(&reference, iterator) == 0) {
            const QString name = QString::fromUtf8(git_reference_name(reference));
            if ((name.startsWith(u"refs/heads/") || name.startsWith(u"refs/tags/")) && !names.contains(name))
                stale.append(name.toUtf8());
            git_reference_free(reference);
        }
        git_reference_iterator_free(iterator);
        for (const QByteArray &name : std::as_const(stale))
            git_reference_remove(m_repository.get(), name.constData());
    }
    // Keep the mirror's HEAD on the remote's default branch, for offline use.
    git_buf defaultBranch = GIT_BUF_INIT;
    if (git_remote_default_branch(&defaultBranch, connection.remote) == 0) {
        git_reference *head = nullptr;
        if (git_reference_symbolic_create(&head, m_repository.get(), "HEAD", defaultBranch.ptr, 1, nullptr) == 0)
            git_reference_free(head);
        git_buf_dispose(&defaultBranch);
    }
    return {};
}

Result<void, SourceError> GitRepository::fetch(const GitRemote &remote)
{
    Connection connection;
    const auto refs = connectAndList(connection, remote);
    if (!refs)
        return Failure(refs.error());
    return download(connection, remote, *refs, {});
}

bool GitRepository::hasCommit(const QString &sha) const
{
    git_oid oid;
    if (!isFullSha(sha) || git_oid_fromstr(&oid, sha.toLatin1().constData()) != 0)
        return false;
    git_commit *commit = nullptr;
    if (git_commit_lookup(&commit, m_repository.get(), &oid) != 0)
        return false;
    git_commit_free(commit);
    return true;
}

std::optional<QString> GitRepository::resolveLocally(const QString &revision) const
{
    git_object *object = nullptr;
    const QByteArray spec = (revision + u"^{commit}").toUtf8();
    if (git_revparse_single(&object, m_repository.get(), spec.constData()) != 0)
        return std::nullopt;
    const QString sha = shaOf(git_object_id(object));
    git_object_free(object);
    return sha;
}

Result<QString, SourceError> GitRepository::resolveRevision(const GitRemote &remote, const QString &revision)
{
    const QString wanted = revision.trimmed().isEmpty() ? u"HEAD"_s : revision.trimmed();
    static const QRegularExpression hex(u"^[0-9a-fA-F]{4,40}$"_s);
    const bool looksLikeSha = hex.match(wanted).hasMatch();

    Connection connection;
    const auto refs = connectAndList(connection, remote);
    if (!refs) {
        // Offline: a commit we already hold is still good.
        if (looksLikeSha && isFullSha(wanted.toLower()) && hasCommit(wanted.toLower())) {
            qCInfo(lcGit) << "using cached commit" << wanted << "while" << displayUrl(remote) << "is unreachable";
            return wanted.toLower();
        }
        return Failure(refs.error());
    }

    std::optional<QString> commit;
    QString refName;
    for (const QString &name : QStringList{wanted, u"refs/heads/"_s + wanted, u"refs/tags/"_s + wanted}) {
        for (const RemoteRef &ref : *refs) {
            if (ref.name == name) {
                commit = ref.commit;
                refName = ref.name;
                break;
            }
        }
        if (commit)
            break;
    }
    if (commit) {
        if (!hasCommit(*commit)) {
            const bool usual
                = refName == u"HEAD" || refName.startsWith(u"refs/heads/") || refName.startsWith(u"refs/tags/");
            if (const auto fetched = download(connection, remote, *refs, usual ? QString() : refName); !fetched)
                return Failure(fetched.error());
        }
        if (!hasCommit(*commit))
            return Failure(SourceError::make(
                SourceError::Reason::RevisionNotFound,
                Tr::tr("'%1' points to commit %2, which %3 did not send.").arg(wanted, *commit, displayUrl(remote))));
        return *commit;
    }
    if (looksLikeSha) {
        std::optional<QString> local = resolveLocally(wanted.toLower());
        if (!local) {
            if (const auto fetched = download(connection, remote, *refs, {}); !fetched)
                return Failure(fetched.error());
            local = resolveLocally(wanted.toLower());
        }
        if (local)
            return *local;
    }
    return Failure(
        SourceError::make(SourceError::Reason::RevisionNotFound,
                          Tr::tr("Unable to resolve '%1' to a commit SHA: %2 has no such branch, tag or commit.")
                              .arg(wanted, displayUrl(remote))));
}

Result<RevisionMetadata, SourceError> GitRepository::metadata(const QString &sha) const
{
    git_oid oid;
    git_commit *commit = nullptr;
    if (!isFullSha(sha) || git_oid_fromstr(&oid, sha.toLatin1().constData()) != 0
        || git_commit_lookup(&commit, m_repository.get(), &oid) != 0)
        return Failure(SourceError::make(SourceError::Reason::RevisionNotFound,
                                         Tr::tr("Commit %1 is not in the repository.").arg(sha)));
    RevisionMetadata metadata;
    const git_signature *author = git_commit_author(commit);
    metadata.author = u"%1 <%2>"_s.arg(QString::fromUtf8(author->name), QString::fromUtf8(author->email));
    metadata.date = QDateTime::fromSecsSinceEpoch(author->when.time, QTimeZone(author->when.offset * 60));
    metadata.message = QString::fromUtf8(git_commit_message(commit)).trimmed();
    git_commit_free(commit);

    git_reference_iterator *iterator = nullptr;
    if (git_reference_iterator_glob_new(&iterator, m_repository.get(), "refs/tags/*") == 0) {
        git_reference *reference = nullptr;
        while (git_reference_next(&reference, iterator) == 0) {
            git_object *target = nullptr;
            if (git_reference_peel(&target, reference, GIT_OBJECT_COMMIT) == 0) {
                if (git_oid_equal(git_object_id(target), &oid))
                    metadata.tags.append(QString::fromUtf8(git_reference_shorthand(reference)));
                git_object_free(target);
            }
            git_reference_free(reference);
        }
        git_reference_iterator_free(iterator);
    }
    metadata.tags.sort();
    return metadata;
}

Result<RepositoryTree, SourceError> GitRepository::tree(const QString &sha) const
{
    return RepositoryTree::load(m_repository, sha);
}

} // namespace Capstan::Source
