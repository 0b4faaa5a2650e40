// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "source/manifests/manifestparser.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringList>

namespace Capstan::Tests {

/// Checks JSON against a structural OpenAPI v3 schema, as kube-apiserver
/// checks a custom resource, and stricter in one way: a field the schema does
/// not know is an error instead of being pruned. The schema is either the
/// model's own (Model::openApiSchema(), whose fields tst_modelschema compares
/// with Argo CD's API) or a CustomResourceDefinition's.
///
/// Supported: type, properties, required, items, additionalProperties, enum,
/// format (date-time, int64, int32, byte), pattern, minLength, anyOf of
/// types, x-kubernetes-int-or-string and x-kubernetes-preserve-unknown-fields.
class OpenApiSchema
{
public:
    static OpenApiSchema of(const QJsonObject &root)
    {
        OpenApiSchema schema;
        schema.m_root = root;
        return schema;
    }

    /// The schema of the first version of a CRD file, or an empty schema if it cannot be read.
    static OpenApiSchema fromCrd(const QString &fileName)
    {
        QFile file(fileName);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const auto json = Source::ManifestParser::yamlToJson(file.readAll(), fileName);
        if (!json)
            return {};
        const QJsonArray versions = json->toObject().value(u"spec").toObject().value(u"versions").toArray();
        OpenApiSchema schema;
        schema.m_root = versions.first().toObject().value(u"schema").toObject().value(u"openAPIV3Schema").toObject();
        return schema;
    }

    bool isValid() const { return !m_root.isEmpty(); }

    /// Every problem, one per line as "path: problem"; empty when @p value conforms.
    QStringList validate(const QJsonValue &value) const
    {
        QStringList errors;
        check(value, m_root, QString(), errors);
        return errors;
    }

private:
    static QString typeOf(const QJsonValue &value)
    {
        switch (value.type()) {
        case QJsonValue::Bool:
            return QStringLiteral("boolean");
        case QJsonValue::Double:
            return value.toDouble() == double(qint64(value.toDouble())) ? QStringLiteral("integer")
                                                                        : QStringLiteral("number");
        case QJsonValue::String:
            return QStringLiteral("string");
        case QJsonValue::Array:
            return QStringLiteral("array");
        case QJsonValue::Object:
            return QStringLiteral("object");
        default:
            return QStringLiteral("null");
        }
    }

    static bool typeMatches(const QString &expected, const QJsonValue &value)
    {
        const QString actual = typeOf(value);
        return expected == actual || (expected == u"number" && actual == u"integer");
    }

    static void check(const QJsonValue &value, const QJsonObject &schema, const QString &path, QStringList &errors)
    {
        const QString where = path.isEmpty() ? QStringLiteral("<root>") : path;
        if (value.isNull()) {
            // Go writes unset times and nil lists as null; the API server
            // accepts null for a field that is not required.
            if (!schema.value(u"nullable").toBool() && schema.value(u"type").toString() != u"string"
                && schema.value(u"format").toString() != u"date-time")
                errors.append(where + u": null where " + schema.value(u"type").toString() + u" is expected");
            return;
        }
        if (schema.value(u"x-kubernetes-int-or-string").toBool()) {
            if (!value.isString() && typeOf(value) != u"integer")
                errors.append(where + u": must be an integer or a string");
            return;
        }
        if (schema.contains(u"anyOf")) {
            bool any = false;
            for (const QJsonValue &option : schema.value(u"anyOf").toArray())
                any = any || typeMatches(option.toObject().value(u"type").toString(), value);
            if (!any)
                errors.append(where + u": matches none of anyOf");
            return;
        }
        const QString type = schema.value(u"type").toString();
        if (!type.isEmpty() && !typeMatches(type, value)) {
            errors.append(where + u": " + typeOf(value) + u" where " + type + u" is expected");
            return;
        }
        if (schema.contains(u"enum") && !schema.value(u"enum").toArray().contains(value))
            errors.append(where + u": not one of the allowed values");
        if (value.isString())
            checkString(value.toString(), schema, where, errors);
        if (value.isArray()) {
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i)
                check(array.at(i), schema.value(u"items").toObject(), path + u'[' + QString::number(i) + u']', errors);
        }
        if (value.isObject())
            checkObject(value.toObject(), schema, path, errors);
    }

    static void checkString(const QString &text, const QJsonObject &schema, const QString &where, QStringList &errors)
    {
        const QString format = schema.value(u"format").toString();
        if (format == u"date-time" && !QDateTime::fromString(text, Qt::ISODateWithMs).isValid())
            errors.append(where + u": not a date-time");
        if (format == u"byte"
            && !QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors))
            errors.append(where + u": not base64");
        if (schema.contains(u"minLength") && text.size() < schema.value(u"minLength").toInt())
            errors.append(where + u": shorter than " + QString::number(schema.value(u"minLength").toInt()));
        if (schema.contains(u"pattern")
            && !QRegularExpression(schema.value(u"pattern").toString()).match(text).hasMatch())
            errors.append(where + u": does not match " + schema.value(u"pattern").toString());
    }

    static void checkObject(const QJsonObject &object, const QJsonObject &schema, const QString &path,
                            QStringList &errors)
    {
        const QString where = path.isEmpty() ? QStringLiteral("<root>") : path;
        for (const QJsonValue &required : schema.value(u"required").toArray()) {
            if (!object.contains(required.toString()))
                errors.append(where + u": required field \"" + required.toString() + u"\" is missing");
        }
        const bool preserve = schema.value(u"x-kubernetes-preserve-unknown-fields").toBool();
        const QJsonObject properties = schema.value(u"properties").toObject();
        const QJsonValue additional = schema.value(u"additionalProperties");
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString child = path.isEmpty() ? it.key() : path + u'.' + it.key();
            if (properties.contains(it.key()))
                check(it.value(), properties.value(it.key()).toObject(), child, errors);
            else if (additional.isObject())
                check(it.value(), additional.toObject(), child, errors);
            else if (!preserve && !properties.isEmpty())
                errors.append(child + u": not in the schema");
        }
    }

    QJsonObject m_root;
};

} // namespace Capstan::Tests
