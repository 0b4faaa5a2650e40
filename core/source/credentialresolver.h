// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "source/git/repositorycredentials.h"

#include <QHash>
#include <QMutex>

#include <functional>
#include <optional>

namespace Capstan::Source {

/// The credentials each repository is reached with: its own, else the
/// longest matching credential template's (Argo CD's rule). Secrets are
/// looked up once per repository, not per comparison, and kept until
/// forget(): the owner calls it when repositories or templates change.
/// Thread-safe.
class CredentialResolver
{
public:
    struct Lookup
    {
        /// The repository's own credentials with their secrets, if it is registered.
        std::function<std::optional<RepositoryCredentials>(const QString &url)> repository;
        /// The templates whose prefix @p url starts with, with their secrets.
        std::function<QList<CredentialTemplate>(const QString &url)> templates;
    };

    explicit CredentialResolver(Lookup lookup);

    RepositoryCredentials credentialsFor(const QString &url) const;
    void forget();

private:
    Lookup m_lookup;
    mutable QMutex m_mutex;
    mutable QHash<QString, RepositoryCredentials> m_resolved;
};

} // namespace Capstan::Source
