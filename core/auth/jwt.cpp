// SPDX-License-Identifier: Apache-2.0
#include "jwt.h"

#include "accesstoken.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>

using namespace Qt::StringLiterals;

namespace Capstan::Jwt {

namespace {

constexpr auto base64url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

/// Longer tokens are not Argo CD's and are not looked at.
constexpr qsizetype maximumTokenSize = 16 * 1024;

QByteArray encode(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toBase64(base64url);
}

Result<QJsonObject> decodeObject(QByteArrayView part)
{
    const auto decoded = QByteArray::fromBase64Encoding(
        part.toByteArray(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return Failure(u"token is malformed: not base64url"_s);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Failure(u"token is malformed: not a JSON object"_s);
    return document.object();
}

struct Parts
{
    QByteArrayView header;
    QByteArrayView payload;
    QByteArrayView signature;
    QByteArrayView signedPart;
};

Result<Parts> split(QByteArrayView token)
{
    if (token.isEmpty() || token.size() > maximumTokenSize)
        return Failure(u"token is malformed"_s);
    const qsizetype first = token.indexOf('.');
    const qsizetype second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second <= first + 1 || token.indexOf('.', second + 1) >= 0)
        return Failure(u"token is malformed: token contains an invalid number of segments"_s);
    return Parts{token.first(first), token.sliced(first + 1, second - first - 1), token.sliced(second + 1),
                 token.first(second)};
}

QByteArray hmac(QByteArrayView data, QByteArrayView key)
{
    return QMessageAuthenticationCode::hash(data.toByteArray(), key.toByteArray(), QCryptographicHash::Sha256);
}

} // namespace

QByteArray signHs256(const QJsonObject &claims, QByteArrayView key)
{
    const QByteArray signedPart
        = encode(QJsonObject{{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"JWT"_s}}) + '.' + encode(claims);
    return signedPart + '.' + hmac(signedPart, key).toBase64(base64url);
}

Result<QJsonObject> verifyHs256(QByteArrayView token, QByteArrayView key)
{
    const auto parts = split(token);
    if (!parts)
        return Failure(parts.error());
    const auto header = decodeObject(parts->header);
    if (!header)
        return Failure(header.error());
    // The algorithm is fixed by the server, never chosen by the token.
    if (header->value(u"alg").toString() != u"HS256")
        return Failure(
            u"token is unverifiable: signing method %1 is invalid"_s.arg(header->value(u"alg").toString(u"(none)"_s)));
    if (parts->signature.isEmpty() || key.isEmpty())
        return Failure(u"token signature is invalid"_s);
    const auto signature = QByteArray::fromBase64Encoding(
        parts->signature.toByteArray(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!signature || !AccessToken::constantTimeEquals(*signature, hmac(parts->signedPart, key)))
        return Failure(u"token signature is invalid: signature is invalid"_s);
    return decodeObject(parts->payload);
}

Result<QJsonObject> unverifiedClaims(QByteArrayView token)
{
    const auto parts = split(token);
    if (!parts)
        return Failure(parts.error());
    return decodeObject(parts->payload);
}

} // namespace Capstan::Jwt
