// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"

#include <QJsonObject>
#include <QString>

namespace Capstan {

/// Argo CD's VersionMessage (GET /api/version): the same field names, and
/// empty fields left out of the JSON as Argo CD leaves them out.
struct VersionMessage
{
    QString version;
    QString buildDate;
    QString gitCommit;
    QString gitTag;
    QString gitTreeState;
    QString goVersion;
    QString compiler;
    QString platform;
    QString kustomizeVersion;
    QString helmVersion;
    QString kubectlVersion;
    QString jsonnetVersion;
    QString extraBuildInfo;

    /// Everything this build of Capstan knows about itself.
    static VersionMessage forThisBuild();

    /// What an unauthenticated client may see: only the version, as in Argo CD.
    VersionMessage publicSubset() const;

    QJsonObject toJson() const;
    /// Reads a VersionMessage; fails if a field has the wrong type or
    /// "Version" is missing, which means the peer is not an Argo CD API.
    static Result<VersionMessage> fromJson(const QJsonObject &json);

    friend bool operator==(const VersionMessage &, const VersionMessage &) = default;
};

} // namespace Capstan
