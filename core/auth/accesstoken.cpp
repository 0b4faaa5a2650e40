// SPDX-License-Identifier: Apache-2.0
#include "accesstoken.h"

#include <QRandomGenerator>

#include <vector>

namespace Capstan::AccessToken {

QByteArray generate(int bytes)
{
    std::vector<quint32> words((bytes + 3) / 4);
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray raw(reinterpret_cast<const char *>(words.data()), bytes);
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

QByteArray fromAuthorizationHeader(QByteArrayView headerValue)
{
    const QByteArrayView value = headerValue.trimmed();
    constexpr QByteArrayView scheme("bearer ");
    if (value.size() <= scheme.size())
        return {};
    if (value.first(scheme.size()).toByteArray().toLower() != scheme)
        return {};
    return value.sliced(scheme.size()).trimmed().toByteArray();
}

} // namespace Capstan::AccessToken
