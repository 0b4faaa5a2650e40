// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace Capstan::Tests {

/// Argo CD's REST API as tests/data/argocd/api.json keeps it (taken from
/// Argo CD's swagger.json by extract.py beside it): every operation, and
/// every JSON type with its fields' types.
class ArgoCdApi
{
public:
    /// The API from the checkout's tests/data; isValid() is false if it cannot be read.
    static ArgoCdApi load()
    {
        ArgoCdApi api;
        QFile file(QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/argocd/api.json"));
        if (file.open(QIODevice::ReadOnly))
            api.m_api = QJsonDocument::fromJson(file.readAll()).object();
        return api;
    }

    bool isValid() const { return !definitions().isEmpty() && !operations().isEmpty(); }
    static QString fileName() { return QStringLiteral(CAPSTAN_SOURCE_DIR "/tests/data/argocd/api.json"); }

    /// Each as {"method": "GET", "path": "/api/v1/…", "operationId": "…"}.
    QJsonArray operations() const { return m_api.value(u"operations").toArray(); }
    QJsonObject definitions() const { return m_api.value(u"definitions").toObject(); }
    /// One type, such as "v1alpha1Application"; empty when Argo CD has none of that name.
    QJsonObject definition(const QString &name) const { return definitions().value(name).toObject(); }

    /// @p schema with its "$ref" followed, as often as it takes.
    QJsonObject resolved(QJsonObject schema) const
    {
        for (int depth = 0; schema.contains(u"$ref") && depth < 16; ++depth)
            schema = definition(schema.value(u"$ref").toString());
        return schema;
    }

private:
    QJsonObject m_api;
};

} // namespace Capstan::Tests
