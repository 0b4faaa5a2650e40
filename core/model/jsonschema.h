// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/jsonfields.h"

namespace Capstan::Model {

namespace Json {

/// The OpenAPI v3 schema of one C++ type of the model, as a structural
/// CustomResourceDefinition would write it: types, formats, enums, the
/// fields of objects and which of them are required.
template<typename T>
struct SchemaOf;

inline QJsonObject typed(const char *type, const char *format = nullptr)
{
    QJsonObject schema{{QStringLiteral("type"), QLatin1StringView(type)}};
    if (format)
        schema.insert(QStringLiteral("format"), QLatin1StringView(format));
    return schema;
}

/// Any JSON value at all: Kubernetes' x-kubernetes-preserve-unknown-fields.
inline QJsonObject anyValue()
{
    return {{QStringLiteral("x-kubernetes-preserve-unknown-fields"), true}};
}

template<>
struct SchemaOf<QString>
{
    static QJsonObject make() { return typed("string"); }
};
template<>
struct SchemaOf<bool>
{
    static QJsonObject make() { return typed("boolean"); }
};
template<>
struct SchemaOf<int>
{
    static QJsonObject make() { return typed("integer", "int32"); }
};
template<>
struct SchemaOf<qint64>
{
    static QJsonObject make() { return typed("integer", "int64"); }
};
template<>
struct SchemaOf<double>
{
    static QJsonObject make() { return typed("number"); }
};
template<>
struct SchemaOf<QDateTime>
{
    static QJsonObject make() { return typed("string", "date-time"); }
};
template<>
struct SchemaOf<QJsonObject>
{
    static QJsonObject make()
    {
        QJsonObject schema = anyValue();
        schema.insert(QStringLiteral("type"), QStringLiteral("object"));
        return schema;
    }
};
template<>
struct SchemaOf<QJsonValue>
{
    static QJsonObject make() { return anyValue(); }
};
template<NamedEnum E>
struct SchemaOf<E>
{
    static QJsonObject make()
    {
        QJsonArray names;
        for (QStringView name : EnumNames<E>::names)
            names.append(name.toString());
        QJsonObject schema = typed("string");
        schema.insert(QStringLiteral("enum"), names);
        return schema;
    }
};
template<typename T>
struct SchemaOf<QList<T>>
{
    static QJsonObject make()
    {
        QJsonObject schema = typed("array");
        schema.insert(QStringLiteral("items"), SchemaOf<T>::make());
        return schema;
    }
};
template<typename V>
struct SchemaOf<QMap<QString, V>>
{
    static QJsonObject make()
    {
        QJsonObject schema = typed("object");
        schema.insert(QStringLiteral("additionalProperties"), SchemaOf<V>::make());
        return schema;
    }
};
template<typename T>
struct SchemaOf<std::optional<T>>
{
    static QJsonObject make()
    {
        QJsonObject schema = SchemaOf<T>::make();
        schema.insert(QStringLiteral("nullable"), true);
        return schema;
    }
};

/// Writes the schema of each field a type describes.
class SchemaWriter
{
public:
    template<typename T>
    void field(QStringView key, const T &, int flags = OmitEmpty)
    {
        m_properties.insert(key, SchemaOf<T>::make());
        if (flags & Required)
            m_required.append(key.toString());
    }
    /// A field accepted and not kept: any value is allowed.
    void ignore(QStringView key) { m_properties.insert(key, anyValue()); }
    void error(QStringView, const QString &) { }
    static QString path() { return {}; }
    static constexpr bool reading = false;

    QJsonObject schema() const
    {
        QJsonObject schema = typed("object");
        schema.insert(QStringLiteral("properties"), m_properties);
        if (!m_required.isEmpty())
            schema.insert(QStringLiteral("required"), m_required);
        return schema;
    }

private:
    QJsonObject m_properties;
    QJsonArray m_required;
};

template<Described T>
struct SchemaOf<T>
{
    static QJsonObject make()
    {
        const T value{};
        SchemaWriter writer;
        T::describe(value, writer);
        return writer.schema();
    }
};

} // namespace Json

/// The OpenAPI v3 schema of a described type, made from the same field list
/// that reads and writes it: what Capstan's JSON of that type can hold.
template<Json::Described T>
QJsonObject openApiSchema()
{
    return Json::SchemaOf<T>::make();
}

} // namespace Capstan::Model
