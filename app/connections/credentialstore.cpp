// SPDX-License-Identifier: Apache-2.0
#include "credentialstore.h"

#include "applogging.h"

#include <QPromise>
#include <qt6keychain/keychain.h>

#include <memory>

namespace Capstan {

namespace {

const QString service = QStringLiteral("Capstan");

template<typename T>
QFuture<T> ready(T value)
{
    QPromise<T> promise;
    promise.start();
    promise.addResult(std::move(value));
    promise.finish();
    return promise.future();
}

} // namespace

CredentialStore::CredentialStore(Backend backend, QObject *parent)
    : QObject(parent)
    , m_backend(backend)
{ }

QFuture<Result<QByteArray>> CredentialStore::read(const QString &id)
{
    if (m_backend == Backend::Memory || m_memory.contains(id))
        return ready(Result<QByteArray>(m_memory.value(id)));
    auto promise = std::make_shared<QPromise<Result<QByteArray>>>();
    promise->start();
    auto *job = new QKeychain::ReadPasswordJob(service, this);
    job->setKey(id);
    connect(job, &QKeychain::Job::finished, this, [promise](QKeychain::Job *finished) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (read->error() == QKeychain::NoError)
            promise->addResult(read->binaryData());
        else if (read->error() == QKeychain::EntryNotFound)
            promise->addResult(QByteArray());
        else
            promise->addResult(Failure(tr("The system keychain cannot be read: %1").arg(read->errorString())));
        promise->finish();
    });
    job->start();
    return promise->future();
}

QFuture<Result<void>> CredentialStore::write(const QString &id, const QByteArray &token)
{
    if (m_backend == Backend::Memory) {
        m_memory.insert(id, token);
        return ready(Result<void>());
    }
    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    auto *job = new QKeychain::WritePasswordJob(service, this);
    job->setKey(id);
    job->setBinaryData(token);
    connect(job, &QKeychain::Job::finished, this, [this, promise, id, token](QKeychain::Job *finished) {
        if (finished->error() == QKeychain::NoError) {
            m_memory.remove(id);
            promise->addResult(Result<void>());
        } else {
            // Still usable for this session.
            m_memory.insert(id, token);
            qCWarning(lcApp).noquote() << "the keychain refused a token:" << finished->errorString();
            promise->addResult(Failure(tr("The system keychain is not available (%1): the token is kept until "
                                          "Capstan quits, and you will sign in again next time.")
                                           .arg(finished->errorString())));
        }
        promise->finish();
    });
    job->start();
    return promise->future();
}

QFuture<Result<void>> CredentialStore::remove(const QString &id)
{
    m_memory.remove(id);
    if (m_backend == Backend::Memory)
        return ready(Result<void>());
    auto promise = std::make_shared<QPromise<Result<void>>>();
    promise->start();
    auto *job = new QKeychain::DeletePasswordJob(service, this);
    job->setKey(id);
    connect(job, &QKeychain::Job::finished, this, [promise](QKeychain::Job *finished) {
        if (finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound)
            promise->addResult(Result<void>());
        else
            promise->addResult(Failure(
                tr("The token could not be removed from the system keychain: %1").arg(finished->errorString())));
        promise->finish();
    });
    job->start();
    return promise->future();
}

} // namespace Capstan
