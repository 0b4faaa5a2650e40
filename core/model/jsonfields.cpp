// SPDX-License-Identifier: Apache-2.0
#include "jsonfields.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Capstan::Model {

QString ValidationError::message() const
{
    QStringList parts;
    parts.reserve(fields.size());
    for (const FieldError &field : fields)
        parts.append(field.toString());
    return parts.join(u"; "_s);
}

QJsonObject takeFields(QJsonObject &object, const QStringList &paths)
{
    QJsonObject taken;
    for (const QString &path : paths) {
        const qsizetype dot = path.indexOf(u'.');
        if (dot < 0) {
            if (object.contains(path))
                taken.insert(path, object.take(path));
            continue;
        }
        const QString head = path.left(dot);
        if (!object.value(head).isObject())
            continue;
        QJsonObject child = object.value(head).toObject();
        QJsonObject takenChild = takeFields(child, {path.mid(dot + 1)});
        object.insert(head, child);
        if (!takenChild.isEmpty()) {
            QJsonObject merged = taken.value(head).toObject();
            mergeFields(merged, takenChild);
            taken.insert(head, merged);
        }
    }
    return taken;
}

void mergeFields(QJsonObject &object, const QJsonObject &overlay)
{
    for (auto it = overlay.begin(); it != overlay.end(); ++it) {
        if (it.value().isObject() && object.value(it.key()).isObject()) {
            QJsonObject child = object.value(it.key()).toObject();
            mergeFields(child, it.value().toObject());
            object.insert(it.key(), child);
        } else {
            object.insert(it.key(), it.value());
        }
    }
}

namespace Json {

void wrongType(const QString &path, const QString &expected, QList<FieldError> &errors)
{
    errors.append({path, Tr::tr("must be %1").arg(expected)});
}

QJsonValue toValue(const QDateTime &value)
{
    if (!value.isValid())
        return QJsonValue(QJsonValue::Null);
    return value.toUTC().toString(Qt::ISODate);
}

void fromValue(const QJsonValue &json, QString &value, const QString &path, QList<FieldError> &errors)
{
    if (!json.isString()) {
        wrongType(path, Tr::tr("a string"), errors);
        return;
    }
    value = json.toString();
}

void fromValue(const QJsonValue &json, bool &value, const QString &path, QList<FieldError> &errors)
{
    if (!json.isBool()) {
        wrongType(path, Tr::tr("true or false"), errors);
        return;
    }
    value = json.toBool();
}

void fromValue(const QJsonValue &json, qint64 &value, const QString &path, QList<FieldError> &errors)
{
    // Kubernetes clients send int64 either as numbers or, from some
    // languages, as strings of digits.
    if (json.isString()) {
        bool ok = false;
        const qint64 parsed = json.toString().toLongLong(&ok);
        if (ok) {
            value = parsed;
            return;
        }
    } else if (json.isDouble()) {
        const double number = json.toDouble();
        if (std::isfinite(number) && std::trunc(number) == number && std::abs(number) < 9007199254740992.0) {
            value = static_cast<qint64>(number);
            return;
        }
    }
    wrongType(path, Tr::tr("a whole number"), errors);
}

void fromValue(const QJsonValue &json, int &value, const QString &path, QList<FieldError> &errors)
{
    qint64 wide = 0;
    const qsizetype before = errors.size();
    fromValue(json, wide, path, errors);
    if (errors.size() != before)
        return;
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
        errors.append({path, Tr::tr("is out of range")});
        return;
    }
    value = static_cast<int>(wide);
}

void fromValue(const QJsonValue &json, double &value, const QString &path, QList<FieldError> &errors)
{
    if (!json.isDouble()) {
        wrongType(path, Tr::tr("a number"), errors);
        return;
    }
    value = json.toDouble();
}

void fromValue(const QJsonValue &json, QJsonObject &value, const QString &path, QList<FieldError> &errors)
{
    if (!json.isObject()) {
        wrongType(path, Tr::tr("an object"), errors);
        return;
    }
    value = json.toObject();
}

void fromValue(const QJsonValue &json, QJsonValue &value, const QString &, QList<FieldError> &)
{
    value = json;
}

void fromValue(const QJsonValue &json, QDateTime &value, const QString &path, QList<FieldError> &errors)
{
    if (json.isString()) {
        QDateTime parsed = QDateTime::fromString(json.toString(), Qt::ISODateWithMs);
        if (parsed.isValid() && parsed.timeSpec() != Qt::LocalTime) {
            value = parsed.toUTC();
            return;
        }
    }
    errors.append({path, Tr::tr("must be a time in RFC 3339 format, such as 2024-05-01T12:00:00Z")});
}

} // namespace Json
} // namespace Capstan::Model
