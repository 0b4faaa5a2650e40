// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "diff/fieldpath.h"
#include "model/application.h"

#include <QJsonObject>

#include <memory>

namespace Capstan::Diff {

/// The annotation kubectl apply keeps the applied object in.
inline constexpr QStringView lastAppliedAnnotation = u"kubectl.kubernetes.io/last-applied-configuration";

/// How objects are compared: the application's ignoreDifferences plus the
/// system's defaults.
struct DiffSettings
{
    QList<Model::ResourceIgnoreDifferences> ignoreDifferences;
    /// Argo CD 3's default: status is never a difference.
    bool ignoreStatus = true;

    /// Checks the JSON pointers and jq expressions; errors name the rule.
    QList<Model::FieldError> validate() const;
};

/// The comparison of one desired object with its live counterpart.
struct ResourceDiff
{
    /// Whether applying the desired object would change the live one.
    bool modified = false;
    /// The live object, normalised (empty when it does not exist).
    QJsonObject normalizedLive;
    /// What the live object would be after applying the desired one (empty
    /// when nothing is desired: the object would be pruned).
    QJsonObject predictedLive;
};

/// Compares a desired object with a live one as `kubectl apply` would change
/// it, as Argo CD does:
///
/// - Both sides are normalised: status and the server's metadata
///   (managedFields, resourceVersion, uid, generation, creationTimestamp,
///   selfLink) are dropped, a Secret's stringData is folded into data, and
///   the ignoreDifferences rules that match (group and kind globs, name,
///   namespace) remove their JSON pointers and jq paths from desired, live
///   and last-applied alike. managedFieldsManagers removes the fields those
///   managers own where the two sides differ.
/// - Three-way: against kubectl.kubernetes.io/last-applied-configuration, a
///   field only the live object has (a server default) is no difference, and
///   a field removed from the desired object but still in the last-applied one
///   is. Without the annotation (two-way), fields only in live never differ.
/// - Lists of objects merge by their Kubernetes merge keys (containers and
///   volumes by name, ports by port, env by name, …); other lists of objects
///   merge item by item, so that server defaults inside items do not count.
/// - Equal quantities ("1000m" and "1", "1Gi" and "1024Mi") and int-or-string
///   ports or surges (8080 and "8080") are no difference.
ResourceDiff diffResource(const QJsonObject &desired, const QJsonObject &live, const DiffSettings &settings);

/// diffResource() for many objects under one set of settings: the
/// ignoreDifferences rules (globs, pointers, jq paths) are compiled once.
class Differ
{
public:
    explicit Differ(const DiffSettings &settings);
    ~Differ();
    Differ(Differ &&) noexcept;
    Differ &operator=(Differ &&) noexcept;

    ResourceDiff diff(const QJsonObject &desired, const QJsonObject &live) const;

private:
    struct Rules;
    std::unique_ptr<Rules> m_rules;
    bool m_ignoreStatus = true;
};

/// A field of an object that an ignoreDifferences rule leaves out of the
/// comparison.
struct IgnoredField
{
    FieldPath path;
    QJsonValue value;
};

/// The fields of @p object that the ignoreDifferences rules of @p settings
/// remove before comparing, in the order of the rules.
QList<IgnoredField> ignoredFields(const QJsonObject &object, const DiffSettings &settings);

/// Whether the object is a core Secret.
bool isSecret(const QJsonObject &object);
/// Folds a Secret's stringData into data, base64-encoded, as the API server does.
void foldStringData(QJsonObject &secret);

} // namespace Capstan::Diff
