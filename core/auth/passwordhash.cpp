// SPDX-License-Identifier: Apache-2.0
#include "passwordhash.h"

#include "accesstoken.h"

#include <QCoreApplication>

#include <crypt.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace Capstan::PasswordHash {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::PasswordHash)
};

/// Go's bcrypt.DefaultCost, which Argo CD uses.
constexpr int cost = 10;
/// bcrypt looks at 72 bytes at most; Go's bcrypt refuses longer passwords.
constexpr qsizetype maximumPasswordSize = 72;

/// crypt_r's scratch space is large (about 32 KiB): on the heap, zeroed.
std::unique_ptr<crypt_data> scratch()
{
    auto data = std::make_unique<crypt_data>();
    std::memset(data.get(), 0, sizeof(crypt_data));
    return data;
}

bool isBcrypt(QByteArrayView hash)
{
    return hash.size() == 60 && (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$"));
}

/// A fixed, valid bcrypt hash for verifyNothing().
constexpr char decoy[] = "$2a$10$5aPjNZg9X8QKGIVjAUJtcOvx99rd9nPifOK5W8tQf3.g3sf6kn6g2";

} // namespace

Result<QByteArray> hash(QByteArrayView password)
{
    if (password.size() > maximumPasswordSize)
        return Failure(Tr::tr("password is longer than %1 bytes").arg(maximumPasswordSize));
    if (password.contains('\0'))
        return Failure(Tr::tr("password contains a NUL character"));
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    // A null random source makes libcrypt read the system's CSPRNG.
    if (!crypt_gensalt_rn("$2a$", cost, nullptr, 0, salt, sizeof salt))
        return Failure(Tr::tr("cannot make a bcrypt salt: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    auto data = scratch();
    const QByteArray plain = password.toByteArray();
    const char *hashed = crypt_r(plain.constData(), salt, data.get());
    if (!hashed || hashed[0] == '*')
        return Failure(Tr::tr("cannot hash the password"));
    return QByteArray(hashed);
}

bool verify(QByteArrayView password, QByteArrayView hash)
{
    if (!isBcrypt(hash) || password.size() > maximumPasswordSize || password.contains('\0')) {
        verifyNothing(password);
        return false;
    }
    auto data = scratch();
    const QByteArray plain = password.toByteArray();
    const QByteArray setting = hash.toByteArray();
    const char *hashed = crypt_r(plain.constData(), setting.constData(), data.get());
    return hashed && hashed[0] != '*' && AccessToken::constantTimeEquals(QByteArrayView(hashed), hash);
}

void verifyNothing(QByteArrayView password)
{
    auto data = scratch();
    const QByteArray plain = password.first(std::min(password.size(), maximumPasswordSize)).toByteArray();
    (void)crypt_r(plain.constData(), decoy, data.get());
}

} // namespace Capstan::PasswordHash
