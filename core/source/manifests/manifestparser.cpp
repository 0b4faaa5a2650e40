// SPDX-License-Identifier: Apache-2.0
#include "manifestparser.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace Capstan::Source {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::Source::ManifestParser)
};

SourceError invalid(const QString &fileName, int line, const QString &problem)
{
    return SourceError::make(SourceError::Reason::InvalidManifest,
                             line > 0 ? u"%1:%2: %3"_s.arg(fileName).arg(line).arg(problem)
                                      : u"%1: %2"_s.arg(fileName, problem));
}

struct ConversionError
{
    int line;
    QString message;
};

QJsonValue plainScalar(const std::string &text)
{
    static const QSet<QString> nulls{u""_s, u"~"_s, u"null"_s, u"Null"_s, u"NULL"_s};
    static const QSet<QString> trues{u"y"_s,    u"Y"_s,    u"yes"_s, u"Yes"_s, u"YES"_s, u"true"_s,
                                     u"True"_s, u"TRUE"_s, u"on"_s,  u"On"_s,  u"ON"_s};
    static const QSet<QString> falses{u"n"_s,     u"N"_s,     u"no"_s,  u"No"_s,  u"NO"_s, u"false"_s,
                                      u"False"_s, u"FALSE"_s, u"off"_s, u"Off"_s, u"OFF"_s};
    const QString value = QString::fromStdString(text);
    if (nulls.contains(value))
        return QJsonValue::Null;
    if (trues.contains(value))
        return true;
    if (falses.contains(value))
        return false;
    const QChar first = value.at(0);
    if (!first.isDigit() && first != u'-' && first != u'+' && first != u'.')
        return value;
    static const QRegularExpression integer(u"^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*|0)$"_s);
    if (integer.match(value).hasMatch()) {
        QString digits = value;
        digits.remove(u'_');
        bool negative = digits.startsWith(u'-');
        if (negative || digits.startsWith(u'+'))
            digits.remove(0, 1);
        int base = 10;
        if (digits.startsWith(u"0b")) {
            base = 2;
            digits.remove(0, 2);
        } else if (digits.startsWith(u"0x")) {
            base = 16;
            digits.remove(0, 2);
        } else if (digits.startsWith(u"0o")) {
            base = 8;
            digits.remove(0, 2);
        } else if (digits.size() > 1 && digits.startsWith(u'0')) {
            base = 8;
        }
        bool ok = false;
        const qint64 number = digits.toLongLong(&ok, base);
        if (ok)
            return negative ? -number : number;
        const double big = digits.toDouble(&ok);
        if (ok && base == 10)
            return negative ? -big : big;
        return value;
    }
    static const QRegularExpression floating(u"^[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?$"_s);
    if (floating.match(value).hasMatch()) {
        QString digits = value;
        digits.remove(u'_');
        bool ok = false;
        const double number = digits.toDouble(&ok);
        if (ok && std::isfinite(number))
            return number;
    }
    return value;
}

QJsonValue toJson(const YAML::Node &node, int depth = 0)
{
    if (depth > 256)
        throw ConversionError{node.Mark().line + 1, Tr::tr("the document is nested too deeply")};
    switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
        return QJsonValue::Null;
    case YAML::NodeType::Scalar: {
        const std::string &tag = node.Tag();
        if (tag == "?")
            return plainScalar(node.Scalar());
        if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" || tag == "tag:yaml.org,2002:bool"
            || tag == "tag:yaml.org,2002:null")
            return plainScalar(node.Scalar());
        return QString::fromStdString(node.Scalar());
    }
    case YAML::NodeType::Sequence: {
        QJsonArray array;
        for (const YAML::Node &item : node)
            array.append(toJson(item, depth + 1));
        return array;
    }
    case YAML::NodeType::Map: {
        QJsonObject object;
        QList<YAML::Node> merges;
        for (const auto &entry : node) {
            const YAML::Node &key = entry.first;
            if (!key.IsScalar())
                throw ConversionError{key.Mark().line + 1, Tr::tr("a mapping key must be a plain value")};
            if (key.Scalar() == "<<" && key.Tag() == "?") {
                merges.append(entry.second);
                continue;
            }
            QString name = QString::fromStdString(key.Scalar());
            if (key.Tag() == "?") {
                // JSON keys are strings; "true: x" keeps its spelling as go-yaml's JSON conversion does.
                const QJsonValue resolved = plainScalar(key.Scalar());
                if (resolved.isBool())
                    name = resolved.toBool() ? u"true"_s : u"false"_s;
                else if (resolved.isNull())
                    name = u"null"_s;
            }
            object.insert(name, toJson(entry.second, depth + 1));
        }
        // Merge keys fill in what the mapping does not set itself.
        for (const YAML::Node &merge : std::as_const(merges)) {
            const auto mergeOne = [&](const YAML::Node &source) {
                if (!source.IsMap())
                    throw ConversionError{source.Mark().line + 1, Tr::tr("'<<' must merge a mapping")};
                const QJsonObject extra = toJson(source, depth + 1).toObject();
                for (auto it = extra.begin(); it != extra.end(); ++it) {
                    if (!object.contains(it.key()))
                        object.insert(it.key(), *it);
                }
            };
            if (merge.IsSequence()) {
                for (const YAML::Node &item : merge)
                    mergeOne(item);
            } else {
                mergeOne(merge);
            }
        }
        return object;
    }
    }
    return QJsonValue::Null;
}

Result<void, SourceError> addObject(QList<QJsonObject> &out, const QJsonValue &value, const QString &fileName, int line)
{
    if (!value.isObject())
        return Failure(
            invalid(fileName, line, Tr::tr("not a Kubernetes object: expected a mapping with apiVersion and kind")));
    const QJsonObject object = value.toObject();
    const QString kind = object.value(u"kind").toString();
    if (object.value(u"apiVersion").toString().isEmpty())
        return Failure(invalid(fileName, line, Tr::tr("not a Kubernetes object: 'apiVersion' is missing")));
    if (kind.isEmpty())
        return Failure(invalid(fileName, line, Tr::tr("not a Kubernetes object: 'kind' is missing")));
    if (kind.endsWith(u"List") && object.value(u"items").isArray()) {
        for (const QJsonValue &item : object.value(u"items").toArray()) {
            if (const auto added = addObject(out, item, fileName, line); !added)
                return added;
        }
        return {};
    }
    out.append(object);
    return {};
}

int lineOfOffset(const QByteArray &text, qsizetype offset)
{
    return int(QByteArrayView(text).first(qMin(offset, text.size())).count('\n')) + 1;
}

} // namespace

std::optional<ManifestParser::Format> ManifestParser::formatFor(const QString &fileName)
{
    if (fileName.endsWith(u".yaml") || fileName.endsWith(u".yml"))
        return Format::Yaml;
    if (fileName.endsWith(u".json"))
        return Format::Json;
    return std::nullopt;
}

Result<QJsonValue, SourceError> ManifestParser::yamlToJson(const QByteArray &text, const QString &fileName)
{
    try {
        return toJson(YAML::Load(text.toStdString()));
    } catch (const YAML::Exception &error) {
        return Failure(invalid(fileName, error.mark.line + 1, QString::fromStdString(error.msg)));
    } catch (const ConversionError &error) {
        return Failure(invalid(fileName, error.line, error.message));
    }
}

Result<QList<QJsonObject>, SourceError> ManifestParser::objects(const QJsonValue &value, const QString &fileName)
{
    QList<QJsonObject> result;
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray()) {
            if (const auto added = addObject(result, item, fileName, 0); !added)
                return Failure(added.error());
        }
        return result;
    }
    if (value.isNull())
        return result;
    if (const auto added = addObject(result, value, fileName, 0); !added)
        return Failure(added.error());
    return result;
}

Result<QList<QJsonObject>, SourceError> ManifestParser::parse(const QByteArray &text, const QString &fileName,
                                                              Format format)
{
    if (format == Format::Json) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError)
            return Failure(invalid(fileName, lineOfOffset(text, error.offset), error.errorString()));
        if (document.isArray())
            return objects(document.array(), fileName);
        QList<QJsonObject> result;
        if (const auto added = addObject(result, document.object(), fileName, 1); !added)
            return Failure(added.error());
        return result;
    }

    QList<QJsonObject> result;
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(text.toStdString());
        for (const YAML::Node &document : documents) {
            if (!document || document.IsNull())
                continue;
            const int line = document.Mark().line + 1;
            if (const auto added = addObject(result, toJson(document), fileName, line); !added)
                return Failure(added.error());
        }
    } catch (const YAML::Exception &error) {
        return Failure(invalid(fileName, error.mark.line + 1, QString::fromStdString(error.msg)));
    } catch (const ConversionError &error) {
        return Failure(invalid(fileName, error.line, error.message));
    }
    return result;
}

namespace {

void emitYaml(YAML::Emitter &out, const QJsonValue &value, bool topLevel)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out << YAML::Null;
        return;
    case QJsonValue::Bool:
        out << value.toBool();
        return;
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == std::floor(number) && std::abs(number) < 9e15)
            out << static_cast<long long>(number);
        else
            out << number;
        return;
    }
    case QJsonValue::String: {
        const QString text = value.toString();
        // What YAML would read as a number, boolean or null stays a string.
        static const QRegularExpression special(
            u"^(?:[-+]?(?:\\.?[0-9][0-9_.]*(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o?[0-7]+|\\.inf|\\.Inf|\\.nan)|"
            u"y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|)$"_s);
        if (text.contains(u'\n'))
            out << YAML::Literal << text.toStdString();
        else if (special.match(text).hasMatch())
            out << YAML::DoubleQuoted << text.toStdString();
        else
            out << text.toStdString();
        return;
    }
    case QJsonValue::Array: {
        const QJsonArray array = value.toArray();
        if (array.isEmpty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            return;
        }
        out << YAML::BeginSeq;
        for (const QJsonValue &item : array)
            emitYaml(out, item, false);
        out << YAML::EndSeq;
        return;
    }
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (object.isEmpty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        QStringList keys = object.keys();
        if (topLevel) {
            QStringList ordered;
            for (const QString &first : {u"apiVersion"_s, u"kind"_s, u"metadata"_s}) {
                if (keys.removeOne(first))
                    ordered.append(first);
            }
            const bool hasStatus = keys.removeOne(u"status"_s);
            ordered.append(keys);
            if (hasStatus)
                ordered.append(u"status"_s);
            keys = ordered;
        }
        out << YAML::BeginMap;
        for (const QString &key : std::as_const(keys)) {
            out << YAML::Key << key.toStdString() << YAML::Value;
            emitYaml(out, object.value(key), false);
        }
        out << YAML::EndMap;
        return;
    }
    }
}

} // namespace

QString ManifestParser::jsonToYaml(const QJsonValue &value)
{
    YAML::Emitter out;
    out.SetIndent(2);
    out.SetSeqFormat(YAML::Block);
    out.SetMapFormat(YAML::Block);
    emitYaml(out, value, true);
    return QString::fromUtf8(out.c_str()) + u'\n';
}

} // namespace Capstan::Source
