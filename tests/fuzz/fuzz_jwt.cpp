// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the JWT parser, which reads whatever a client sends as a
// bearer token or cookie before anything else is known about the caller.
#include "auth/jwt.h"

#include <QByteArray>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray token(reinterpret_cast<const char *>(data), qsizetype(size));
    (void)Capstan::Jwt::unverifiedClaims(token);
    // The signature check must refuse, not crash, whatever the token says.
    const auto verified = Capstan::Jwt::verifyHs256(token, QByteArrayLiteral("fuzzing-key-of-thirty-two-bytes!"));
    if (verified.ok() && verified->isEmpty())
        __builtin_trap(); // a verified token always has claims
    return 0;
}
