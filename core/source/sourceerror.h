// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMetaType>
#include <QString>

namespace Capstan::Source {

/// Why a repository could not be read or its manifests not generated. The
/// message is for the user: it names the file, revision or tool at fault and
/// never contains a credential.
struct SourceError
{
    enum class Reason {
        /// The request itself is wrong: an empty URL, a relative local path.
        InvalidRequest,
        /// The repository could not be reached or does not exist.
        RepositoryUnavailable,
        /// The server wants credentials and none were configured.
        AuthenticationRequired,
        /// The configured credentials were refused.
        AuthenticationFailed,
        /// The server's TLS certificate or SSH host key is not trusted.
        UntrustedHost,
        RevisionNotFound,
        PathNotFound,
        /// A path, symlink or reference leads outside the repository.
        OutsideRepository,
        /// The repository is on the server's disk, and this server may not read it there.
        NotAllowed,
        /// A file is not valid YAML, JSON or Jsonnet, or not a Kubernetes object.
        InvalidManifest,
        /// A tool the source type needs (helm, kustomize) is not installed.
        ToolMissing,
        ToolFailed,
        ToolTimedOut,
        OutputTooLarge,
        Internal,
    };

    Reason reason = Reason::Internal;
    QString message;

    static SourceError make(Reason reason, const QString &message) { return SourceError{reason, message}; }
    friend bool operator==(const SourceError &, const SourceError &) = default;
};

} // namespace Capstan::Source

Q_DECLARE_METATYPE(Capstan::Source::SourceError)
