// SPDX-License-Identifier: Apache-2.0
#include "credentialresolver.h"

namespace Capstan::Source {

CredentialResolver::CredentialResolver(Lookup lookup)
    : m_lookup(std::move(lookup))
{ }

RepositoryCredentials CredentialResolver::credentialsFor(const QString &url) const
{
    {
        QMutexLocker locker(&m_mutex);
        if (auto it = m_resolved.constFind(url); it != m_resolved.cend())
            return *it;
    }
    const RepositoryCredentials own = m_lookup.repository(url).value_or(RepositoryCredentials());
    const RepositoryCredentials resolved = Source::credentialsFor(url, own, m_lookup.templates(url));
    QMutexLocker locker(&m_mutex);
    m_resolved.insert(url, resolved);
    return resolved;
}

void CredentialResolver::forget()
{
    QMutexLocker locker(&m_mutex);
    m_resolved.clear();
}

} // namespace Capstan::Source
