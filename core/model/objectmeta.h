// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/jsonfields.h"

namespace Capstan::Model {

/// Kubernetes' metav1.ObjectMeta, as far as Argo CD's objects use it. An
/// unset creationTimestamp is written as null, as Go writes it.
struct ObjectMeta
{
    QString name;
    QString generateName;
    QString ns;
    QString uid;
    QString resourceVersion;
    qint64 generation = 0;
    QDateTime creationTimestamp;
    std::optional<QDateTime> deletionTimestamp;
    QMap<QString, QString> labels;
    QMap<QString, QString> annotations;
    QStringList finalizers;

    static void describe(auto &self, auto &f)
    {
        f.field(u"name", self.name);
        f.field(u"generateName", self.generateName);
        f.field(u"namespace", self.ns);
        f.field(u"uid", self.uid);
        f.field(u"resourceVersion", self.resourceVersion);
        f.field(u"generation", self.generation);
        f.field(u"creationTimestamp", self.creationTimestamp);
        f.field(u"deletionTimestamp", self.deletionTimestamp);
        f.field(u"labels", self.labels);
        f.field(u"annotations", self.annotations);
        f.field(u"finalizers", self.finalizers);
        // The rest of metav1.ObjectMeta: accepted, not kept.
        f.ignore(u"managedFields");
        f.ignore(u"ownerReferences");
        f.ignore(u"selfLink");
        f.ignore(u"deletionGracePeriodSeconds");
    }
    friend bool operator==(const ObjectMeta &, const ObjectMeta &) = default;
};

/// metav1.ListMeta of list answers.
struct ListMeta
{
    QString resourceVersion;
    QString continueToken;

    static void describe(auto &self, auto &f)
    {
        f.field(u"resourceVersion", self.resourceVersion);
        f.field(u"continue", self.continueToken);
    }
};

/// Argo CD's ConnectionState of repositories and clusters; attemptedAt is
/// written as null when unset.
struct ConnectionState
{
    enum class Status { None, Successful, Failed, Unknown };

    Status status = Status::None;
    QString message;
    std::optional<QDateTime> attemptedAt;

    static void describe(auto &self, auto &f)
    {
        f.field(u"status", self.status, Always);
        f.field(u"message", self.message, Always);
        f.field(u"attemptedAt", self.attemptedAt, Always);
    }
    friend bool operator==(const ConnectionState &, const ConnectionState &) = default;
};

/// A group and kind, with an optional name (ClusterResourceRestrictionItem).
struct GroupKind
{
    QString group;
    QString kind;
    QString name;

    static void describe(auto &self, auto &f)
    {
        f.field(u"group", self.group, Always);
        f.field(u"kind", self.kind, Always);
        f.field(u"name", self.name);
    }
    friend bool operator==(const GroupKind &, const GroupKind &) = default;
};

/// Checks a Kubernetes object name (a DNS-1123 subdomain: at most 253
/// lowercase letters, digits, '-' and '.', starting and ending with a letter
/// or digit); problems are added at @p path.
void checkObjectName(const QString &path, const QString &name, QList<FieldError> &errors);

namespace Json {
template<>
struct EnumNames<ConnectionState::Status>
{
    static constexpr std::array<QStringView, 4> names{u"", u"Successful", u"Failed", u"Unknown"};
};
} // namespace Json

} // namespace Capstan::Model
