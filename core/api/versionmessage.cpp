// SPDX-License-Identifier: Apache-2.0
#include "versionmessage.h"

#include "base/buildinfo.h"
#include "source/manifests/toolrunner.h"

#include <QCoreApplication>
#include <QJsonValue>

// libjsonnet.h declares C functions without extern "C".
extern "C" {
#include <libjsonnet.h>
}

#include <array>
#include <utility>

namespace Capstan {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(Capstan::VersionMessage)
};

using Field = QString VersionMessage::*;

// The JSON names, in the order of Argo CD's proto definition.
constexpr std::array<std::pair<QStringView, Field>, 13> fields{{
    {u"Version", &VersionMessage::version},
    {u"BuildDate", &VersionMessage::buildDate},
    {u"GitCommit", &VersionMessage::gitCommit},
    {u"GitTag", &VersionMessage::gitTag},
    {u"GitTreeState", &VersionMessage::gitTreeState},
    {u"GoVersion", &VersionMessage::goVersion},
    {u"Compiler", &VersionMessage::compiler},
    {u"Platform", &VersionMessage::platform},
    {u"KustomizeVersion", &VersionMessage::kustomizeVersion},
    {u"HelmVersion", &VersionMessage::helmVersion},
    {u"KubectlVersion", &VersionMessage::kubectlVersion},
    {u"JsonnetVersion", &VersionMessage::jsonnetVersion},
    {u"ExtraBuildInfo", &VersionMessage::extraBuildInfo},
}};

} // namespace

VersionMessage VersionMessage::forThisBuild()
{
    VersionMessage v;
    v.version = BuildInfo::displayVersion();
    v.buildDate = BuildInfo::buildDate();
    v.gitCommit = BuildInfo::gitCommit();
    v.gitTag = BuildInfo::gitTag();
    v.gitTreeState = BuildInfo::gitTreeState();
    v.compiler = BuildInfo::compiler();
    v.platform = BuildInfo::platform();
    v.jsonnetVersion = QString::fromLatin1(jsonnet_version());
    const Source::ToolVersions &tools = Source::ToolVersions::installed();
    v.kustomizeVersion = tools.kustomize;
    v.helmVersion = tools.helm;
    v.kubectlVersion = tools.kubectl;
    v.extraBuildInfo = QStringLiteral("Qt %1").arg(QString::fromLatin1(qVersion()));
    return v;
}

VersionMessage VersionMessage::publicSubset() const
{
    VersionMessage v;
    v.version = version;
    return v;
}

QJsonObject VersionMessage::toJson() const
{
    QJsonObject json;
    for (const auto &[name, field] : fields) {
        if (!(this->*field).isEmpty())
            json.insert(name, this->*field);
    }
    return json;
}

Result<VersionMessage> VersionMessage::fromJson(const QJsonObject &json)
{
    VersionMessage v;
    for (const auto &[name, field] : fields) {
        const QJsonValue value = json.value(name);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isString())
            return Failure(Tr::tr("the field \"%1\" of the version is not a string").arg(name));
        v.*field = value.toString();
    }
    if (v.version.isEmpty())
        return Failure(Tr::tr("the answer has no \"Version\" field"));
    return v;
}

} // namespace Capstan
