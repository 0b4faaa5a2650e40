// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <array>
#include <concepts>
#include <optional>
#include <type_traits>

namespace Capstan::Model {

/// One problem of an object read from JSON, with the path of the field at
/// fault in Kubernetes' notation: "spec.sources[1].repoURL".
struct FieldError
{
    QString path;
    QString message;

    QString toString() const { return path.isEmpty() ? message : path + u": " + message; }
    friend bool operator==(const FieldError &, const FieldError &) = default;
};

/// Every problem found in an object; reading goes on after the first one so
/// that a form can mark all of its fields at once.
struct ValidationError
{
    QList<FieldError> fields;

    /// The problems as one line: "spec.project: is required; spec.source.repoURL: is required".
    QString message() const;
    static ValidationError single(const QString &path, const QString &message) { return {{{path, message}}}; }
};

/// How a field is written and checked, as the json tags of Argo CD's Go types:
/// a field without `omitempty` is always written, one with it is left out when
/// empty. Go never leaves out a struct, nor a time (written as null when unset).
enum FieldFlag {
    OmitEmpty = 0x0,
    Always = 0x1,
    /// Reading reports the field when it is absent or empty.
    Required = 0x2,
};

namespace Json {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Model)
};

class Reader;
class Writer;

/// A type that lists its fields once, for reading and for writing:
/// `static void describe(auto &self, auto &fields)`, with `self` const when writing.
template<typename T>
concept Described = requires(T &value, Reader &reader)
{
    T::describe(value, reader);
};

/// An enum written as one of a fixed set of strings: specialise EnumNames with
/// `static constexpr std::array<QStringView, N> names`, indexed by the
/// enumerator's value. Index 0 is the empty value, which omitempty leaves out.
template<typename E>
struct EnumNames;

template<typename E>
concept NamedEnum = std::is_enum_v<E> && requires
{
    EnumNames<E>::names;
};

template<NamedEnum E>
QString enumName(E value)
{
    const auto index = static_cast<std::size_t>(value);
    return index < EnumNames<E>::names.size() ? EnumNames<E>::names[index].toString() : QString();
}

template<NamedEnum E>
std::optional<E> enumFromName(QStringView name)
{
    const auto &names = EnumNames<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == name)
            return static_cast<E>(i);
    }
    return std::nullopt;
}

inline QString childPath(const QString &parent, QStringView key)
{
    return parent.isEmpty() ? key.toString() : parent + u'.' + key;
}

// Emptiness as Go's encoding/json understands omitempty.
inline bool isEmpty(const QString &value)
{
    return value.isEmpty();
}
inline bool isEmpty(bool value)
{
    return !value;
}
inline bool isEmpty(int value)
{
    return value == 0;
}
inline bool isEmpty(qint64 value)
{
    return value == 0;
}
inline bool isEmpty(double value)
{
    return value == 0;
}
inline bool isEmpty(const QJsonObject &value)
{
    return value.isEmpty();
}
inline bool isEmpty(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull();
}
inline bool isEmpty(const QDateTime &)
{
    return false;
}
template<typename T>
bool isEmpty(const QList<T> &value)
{
    return value.isEmpty();
}
template<typename K, typename V>
bool isEmpty(const QMap<K, V> &value)
{
    return value.isEmpty();
}
template<typename T>
bool isEmpty(const std::optional<T> &value)
{
    return !value.has_value();
}
template<Described T>
bool isEmpty(const T &)
{
    return false;
}
template<NamedEnum E>
bool isEmpty(E value)
{
    return static_cast<std::size_t>(value) == 0;
}

/// Writes a value as JSON.
inline QJsonValue toValue(const QString &value)
{
    return value;
}
inline QJsonValue toValue(bool value)
{
    return value;
}
inline QJsonValue toValue(int value)
{
    return value;
}
inline QJsonValue toValue(qint64 value)
{
    return value;
}
inline QJsonValue toValue(double value)
{
    return value;
}
inline QJsonValue toValue(const QJsonObject &value)
{
    return value;
}
inline QJsonValue toValue(const QJsonValue &value)
{
    return value;
}
/// RFC 3339 in UTC with seconds, as metav1.Time; null when unset.
QJsonValue toValue(const QDateTime &value);
template<Described T>
QJsonValue toValue(const T &value);
template<NamedEnum E>
QJsonValue toValue(E value)
{
    return enumName(value);
}
template<typename T>
QJsonValue toValue(const QList<T> &value)
{
    QJsonArray array;
    for (const T &item : value)
        array.append(toValue(item));
    return array;
}
template<typename V>
QJsonValue toValue(const QMap<QString, V> &value)
{
    QJsonObject object;
    for (auto it = value.cbegin(); it != value.cend(); ++it)
        object.insert(it.key(), toValue(it.value()));
    return object;
}
template<typename T>
QJsonValue toValue(const std::optional<T> &value)
{
    return value ? toValue(*value) : QJsonValue(QJsonValue::Null);
}

/// Reads a value from JSON; a value of the wrong type becomes an error at @p path.
void fromValue(const QJsonValue &json, QString &value, const QString &path, QList<FieldError> &errors);
void fromValue(const QJsonValue &json, bool &value, const QString &path, QList<FieldError> &errors);
void fromValue(const QJsonValue &json, int &value, const QString &path, QList<FieldError> &errors);
void fromValue(const QJsonValue &json, qint64 &value, const QString &path, QList<FieldError> &errors);
void fromValue(const QJsonValue &json, double &value, const QString &path, QList<FieldError> &errors);
void fromValue(const QJsonValue &json, QJsonObject &value, const QString &path, QList<FieldError> &errors);
void fromValue(const QJsonValue &json, QJsonValue &value, const QString &path, QList<FieldError> &errors);
void fromValue(const QJsonValue &json, QDateTime &value, const QString &path, QList<FieldError> &errors);
/// Reports that @p path holds the wrong JSON type.
void wrongType(const QString &path, const QString &expected, QList<FieldError> &errors);

template<Described T>
void fromValue(const QJsonValue &json, T &value, const QString &path, QList<FieldError> &errors);

template<NamedEnum E>
void fromValue(const QJsonValue &json, E &value, const QString &path, QList<FieldError> &errors)
{
    if (json.isString()) {
        if (const auto parsed = enumFromName<E>(json.toString())) {
            value = *parsed;
            return;
        }
    }
    QStringList allowed;
    for (QStringView name : EnumNames<E>::names) {
        if (!name.isEmpty())
            allowed.append(u'"' + name.toString() + u'"');
    }
    errors.append({path, Tr::tr("must be one of %1").arg(allowed.join(u", "))});
}

template<typename T>
void fromValue(const QJsonValue &json, QList<T> &value, const QString &path, QList<FieldError> &errors)
{
    value.clear();
    if (!json.isArray()) {
        wrongType(path, Tr::tr("a list"), errors);
        return;
    }
    const QJsonArray array = json.toArray();
    value.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        T item{};
        fromValue(array.at(i), item, path + u'[' + QString::number(i) + u']', errors);
        value.append(std::move(item));
    }
}

template<typename V>
void fromValue(const QJsonValue &json, QMap<QString, V> &value, const QString &path, QList<FieldError> &errors)
{
    value.clear();
    if (!json.isObject()) {
        wrongType(path, Tr::tr("an object"), errors);
        return;
    }
    const QJsonObject object = json.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        V item{};
        fromValue(it.value(), item, childPath(path, it.key()), errors);
        value.insert(it.key(), std::move(item));
    }
}

template<typename T>
void fromValue(const QJsonValue &json, std::optional<T> &value, const QString &path, QList<FieldError> &errors)
{
    T item{};
    fromValue(json, item, path, errors);
    value = std::move(item);
}

/// Reads the fields a type describes from one JSON object.
class Reader
{
public:
    Reader(const QJsonObject &object, QString path, QList<FieldError> &errors)
        : m_object(object)
        , m_path(std::move(path))
        , m_errors(errors)
    { }

    template<typename T>
    void field(QStringView key, T &value, int flags = OmitEmpty)
    {
        const QJsonValue json = m_object.value(key);
        const QString path = childPath(m_path, key);
        if (json.isUndefined() || json.isNull()) {
            if (flags & Required)
                m_errors.append({path, Tr::tr("is required")});
            return;
        }
        fromValue(json, value, path, m_errors);
        if ((flags & Required) && isEmpty(value))
            m_errors.append({path, Tr::tr("is required")});
    }

    /// Reports a problem with a field that the type checks itself.
    void error(QStringView key, const QString &message) { m_errors.append({childPath(m_path, key), message}); }
    /// A field of the wire format that is accepted and not kept.
    void ignore(QStringView) { }
    const QString &path() const { return m_path; }
    static constexpr bool reading = true;

private:
    const QJsonObject &m_object;
    QString m_path;
    QList<FieldError> &m_errors;
};

/// Writes the fields a type describes into one JSON object.
class Writer
{
public:
    explicit Writer(QJsonObject &object)
        : m_object(object)
    { }

    template<typename T>
    void field(QStringView key, const T &value, int flags = OmitEmpty)
    {
        if (!(flags & Always) && isEmpty(value))
            return;
        m_object.insert(key, toValue(value));
    }

    void error(QStringView, const QString &) { }
    void ignore(QStringView) { }
    static QString path() { return {}; }
    static constexpr bool reading = false;

private:
    QJsonObject &m_object;
};

template<typename T>
void findUnknown(const QJsonValue &json, const QString &path, QList<FieldError> &errors);

/// Finds the keys of an object that its type does not describe, at any depth.
class UnknownFields
{
public:
    UnknownFields(const QJsonObject &object, QString path, QList<FieldError> &errors)
        : m_object(object)
        , m_path(std::move(path))
        , m_errors(errors)
    { }

    template<typename T>
    void field(QStringView key, const T &, int = OmitEmpty)
    {
        m_known.append(key.toString());
        const QJsonValue json = m_object.value(key);
        if (!json.isUndefined() && !json.isNull())
            findUnknown<T>(json, childPath(m_path, key), m_errors);
    }
    void error(QStringView, const QString &) { }
    void ignore(QStringView key) { m_known.append(key.toString()); }
    const QString &path() const { return m_path; }
    static constexpr bool reading = false;

    /// Reports every key no field() or ignore() named.
    void finish()
    {
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!m_known.contains(it.key()))
                m_errors.append({childPath(m_path, it.key()), Tr::tr("unknown field")});
        }
    }

private:
    const QJsonObject &m_object;
    QString m_path;
    QList<FieldError> &m_errors;
    QStringList m_known;
};

template<typename T>
struct UnknownFinder
{
    static void find(const QJsonValue &, const QString &, QList<FieldError> &) { }
};
template<Described T>
struct UnknownFinder<T>
{
    static void find(const QJsonValue &json, const QString &path, QList<FieldError> &errors)
    {
        if (!json.isObject())
            return; // a wrong type is the reader's to report
        const QJsonObject object = json.toObject();
        T value{};
        UnknownFields finder(object, path, errors);
        T::describe(value, finder);
        finder.finish();
    }
};
template<typename T>
struct UnknownFinder<QList<T>>
{
    static void find(const QJsonValue &json, const QString &path, QList<FieldError> &errors)
    {
        const QJsonArray array = json.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            UnknownFinder<T>::find(array.at(i), path + u'[' + QString::number(i) + u']', errors);
    }
};
template<typename V>
struct UnknownFinder<QMap<QString, V>>
{
    static void find(const QJsonValue &json, const QString &path, QList<FieldError> &errors)
    {
        const QJsonObject object = json.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            UnknownFinder<V>::find(it.value(), childPath(path, it.key()), errors);
    }
};
template<typename T>
struct UnknownFinder<std::optional<T>>
{
    static void find(const QJsonValue &json, const QString &path, QList<FieldError> &errors)
    {
        UnknownFinder<T>::find(json, path, errors);
    }
};

template<typename T>
void findUnknown(const QJsonValue &json, const QString &path, QList<FieldError> &errors)
{
    UnknownFinder<T>::find(json, path, errors);
}

template<Described T>
QJsonValue toValue(const T &value)
{
    QJsonObject object;
    Writer writer(object);
    T::describe(value, writer);
    return object;
}

template<Described T>
void fromValue(const QJsonValue &json, T &value, const QString &path, QList<FieldError> &errors)
{
    if (!json.isObject()) {
        wrongType(path, Tr::tr("an object"), errors);
        return;
    }
    const QJsonObject object = json.toObject();
    Reader reader(object, path, errors);
    T::describe(value, reader);
}

} // namespace Json

/// The JSON of a described type, as Argo CD writes it.
template<Json::Described T>
QJsonObject toJson(const T &value)
{
    return Json::toValue(value).toObject();
}

/// Reads a described type; every field of the wrong type or missing is
/// reported with its path below @p path.
template<Json::Described T>
Result<T, ValidationError> fromJson(const QJsonObject &json, const QString &path = {})
{
    QList<FieldError> errors;
    T value{};
    Json::fromValue(QJsonValue(json), value, path, errors);
    if (!errors.isEmpty())
        return Failure(ValidationError{errors});
    return value;
}

/// The keys of @p json, at any depth, that the described type does not know,
/// each as "unknown field" with its path; the fields under @p skipped (keys of
/// the top level, such as "status") are not looked at.
template<Json::Described T>
QList<FieldError> unknownFields(const QJsonObject &json, const QStringList &skipped = {}, const QString &path = {})
{
    QJsonObject checked = json;
    for (const QString &key : skipped)
        checked.remove(key);
    QList<FieldError> errors;
    T value{};
    Json::UnknownFields finder(checked, path, errors);
    T::describe(value, finder);
    finder.finish();
    return errors;
}

/// Moves the fields at @p paths (dotted, as "config.tlsClientConfig.keyData")
/// out of @p object, and returns them in an object of the same shape.
QJsonObject takeFields(QJsonObject &object, const QStringList &paths);
/// Writes every field of @p overlay into @p object, merging nested objects.
void mergeFields(QJsonObject &object, const QJsonObject &overlay);

/// Secret fields of a described type: what secretsOf() takes out and
/// withSecrets() puts back. The store keeps them in a table of their own.
template<Json::Described T>
QJsonObject secretsOf(const T &value, const QStringList &paths)
{
    QJsonObject json = toJson(value);
    return takeFields(json, paths);
}

template<Json::Described T>
T withoutFields(const T &value, const QStringList &paths)
{
    QJsonObject json = toJson(value);
    takeFields(json, paths);
    return fromJson<T>(json).value();
}

template<Json::Described T>
T withFields(const T &value, const QJsonObject &fields)
{
    QJsonObject json = toJson(value);
    mergeFields(json, fields);
    auto merged = fromJson<T>(json);
    return merged ? std::move(merged).value() : value;
}

} // namespace Capstan::Model
