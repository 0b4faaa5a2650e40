// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/sourceerror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace Capstan::Source {

/// Turns manifest text into Kubernetes objects, as kubectl reads it.
///
/// YAML: a stream of documents separated by "---"; empty documents are
/// skipped. Plain scalars resolve as go-yaml v2 resolves them (which is what
/// sigs.k8s.io/yaml and so kubectl and Argo CD use): null, YAML 1.1 booleans
/// (true/yes/on, false/no/off), integers (decimal, 0x, 0o, 0b, _ separators),
/// floats, otherwise strings; quoted scalars are strings; "<<" merge keys are
/// applied. JSON: one object, or an array of objects.
///
/// Every object needs apiVersion and kind; a kind ending in "List" with
/// items is flattened into its items. Errors name the file and line.
class ManifestParser
{
public:
    enum class Format { Yaml, Json };

    static Result<QList<QJsonObject>, SourceError> parse(const QByteArray &text, const QString &fileName,
                                                         Format format);

    /// Objects out of an already parsed JSON value (Jsonnet's output).
    static Result<QList<QJsonObject>, SourceError> objects(const QJsonValue &value, const QString &fileName);

    /// One YAML document as JSON, with the same scalar rules; for files that
    /// are not Kubernetes objects, such as kustomization.yaml.
    static Result<QJsonValue, SourceError> yamlToJson(const QByteArray &text, const QString &fileName);

    /// A JSON value as block YAML for people to read, as kubectl prints
    /// objects: apiVersion, kind and metadata first and status last, other
    /// keys sorted; strings that would read back as something else quoted,
    /// multi-line strings as literal blocks.
    static QString jsonToYaml(const QJsonValue &value);

    /// The format for a file name, by extension.
    static std::optional<Format> formatFor(const QString &fileName);
};

} // namespace Capstan::Source
