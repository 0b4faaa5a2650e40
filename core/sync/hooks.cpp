// SPDX-License-Identifier: Apache-2.0
#include "hooks.h"

using namespace Qt::StringLiterals;

namespace Capstan::Sync {

using Model::HookType;
using Model::SyncPhase;

namespace {

QString annotation(const QJsonObject &object, QStringView key)
{
    return object.value(u"metadata").toObject().value(u"annotations").toObject().value(key).toString();
}

bool hasAnnotation(const QJsonObject &object, QStringView key)
{
    return object.value(u"metadata").toObject().value(u"annotations").toObject().contains(key);
}

QStringList csv(const QString &text)
{
    QStringList items;
    for (const QString &part : text.split(u',')) {
        const QString item = part.trimmed();
        if (!item.isEmpty() && !items.contains(item))
            items.append(item);
    }
    return items;
}

QList<HookType> argoTypes(const QJsonObject &object)
{
    QList<HookType> types;
    for (const QString &item : annotationList(object, Annotation::hook)) {
        HookType type = HookType::None;
        if (item == u"PreSync")
            type = HookType::PreSync;
        else if (item == u"Sync")
            type = HookType::Sync;
        else if (item == u"PostSync")
            type = HookType::PostSync;
        else if (item == u"SyncFail")
            type = HookType::SyncFail;
        else if (item == u"Skip")
            type = HookType::Skip;
        else if (item == u"PreDelete")
            type = HookType::PreDelete;
        else if (item == u"PostDelete")
            type = HookType::PostDelete;
        if (type != HookType::None && !types.contains(type))
            types.append(type);
    }
    return types;
}

bool isHelmHook(const QJsonObject &object)
{
    return hasAnnotation(object, Annotation::helmHook) && annotation(object, Annotation::helmHook) != u"crd-install";
}

QList<HookType> helmTypes(const QJsonObject &object)
{
    QList<HookType> types;
    for (const QString &item : annotationList(object, Annotation::helmHook)) {
        HookType type = HookType::None;
        if (item == u"pre-install" || item == u"pre-upgrade")
            type = HookType::PreSync;
        else if (item == u"post-install" || item == u"post-upgrade")
            type = HookType::PostSync;
        else if (item == u"pre-delete")
            type = HookType::PreDelete;
        else if (item == u"post-delete")
            type = HookType::PostDelete;
        if (type != HookType::None && !types.contains(type))
            types.append(type);
    }
    return types;
}

} // namespace

QStringList annotationList(const QJsonObject &object, QStringView key)
{
    return csv(annotation(object, key));
}

bool hasAnnotationOption(const QJsonObject &object, QStringView key, QStringView option)
{
    const QStringList items = annotationList(object, key);
    return std::any_of(items.begin(), items.end(), [option](const QString &item) { return item == option; });
}

QList<HookType> hookTypes(const QJsonObject &object)
{
    QList<HookType> types = argoTypes(object);
    if (types.isEmpty())
        types = helmTypes(object);
    return types;
}

bool isSkipped(const QJsonObject &object)
{
    const QList<HookType> types = argoTypes(object);
    return types.contains(HookType::Skip) && types.size() == 1;
}

bool isHook(const QJsonObject &object)
{
    if (hasAnnotation(object, Annotation::hook))
        return !isSkipped(object);
    return isHelmHook(object);
}

bool isIgnoredHook(const QJsonObject &object)
{
    return isHook(object) && syncPhases(object).isEmpty();
}

QList<SyncPhase> syncPhases(const QJsonObject &object)
{
    if (isSkipped(object))
        return {};
    if (!isHook(object))
        return {SyncPhase::Sync};
    const QList<HookType> types = hookTypes(object);
    QList<SyncPhase> phases;
    for (auto [type, phase] :
         {std::pair{HookType::PreSync, SyncPhase::PreSync}, std::pair{HookType::Sync, SyncPhase::Sync},
          std::pair{HookType::PostSync, SyncPhase::PostSync}, std::pair{HookType::SyncFail, SyncPhase::SyncFail}}) {
        if (types.contains(type))
            phases.append(phase);
    }
    return phases;
}

QList<DeletePolicy> deletePolicies(const QJsonObject &object)
{
    QList<DeletePolicy> policies;
    const auto add = [&policies](DeletePolicy policy) {
        if (!policies.contains(policy))
            policies.append(policy);
    };
    for (const QString &item : annotationList(object, Annotation::hookDeletePolicy)) {
        if (item == u"HookSucceeded")
            add(DeletePolicy::HookSucceeded);
        else if (item == u"HookFailed")
            add(DeletePolicy::HookFailed);
        else if (item == u"BeforeHookCreation")
            add(DeletePolicy::BeforeHookCreation);
        else if (item == u"Never")
            add(DeletePolicy::Never);
    }
    for (const QString &item : annotationList(object, Annotation::helmHookDeletePolicy)) {
        if (item == u"hook-succeeded")
            add(DeletePolicy::HookSucceeded);
        else if (item == u"hook-failed")
            add(DeletePolicy::HookFailed);
        else if (item == u"before-hook-creation")
            add(DeletePolicy::BeforeHookCreation);
    }
    if (policies.isEmpty())
        policies.append(DeletePolicy::BeforeHookCreation);
    return policies;
}

int syncWave(const QJsonObject &object)
{
    bool ok = false;
    if (hasAnnotation(object, Annotation::syncWave)) {
        const int wave = annotation(object, Annotation::syncWave).trimmed().toInt(&ok);
        if (ok)
            return wave;
    }
    const int weight = annotation(object, Annotation::helmHookWeight).trimmed().toInt(&ok);
    return ok ? weight : 0;
}

HookType hookTypeOf(SyncPhase phase)
{
    switch (phase) {
    case SyncPhase::PreSync:
        return HookType::PreSync;
    case SyncPhase::Sync:
        return HookType::Sync;
    case SyncPhase::PostSync:
        return HookType::PostSync;
    case SyncPhase::SyncFail:
        return HookType::SyncFail;
    case SyncPhase::PreDelete:
        return HookType::PreDelete;
    case SyncPhase::PostDelete:
        return HookType::PostDelete;
    case SyncPhase::None:
        break;
    }
    return HookType::None;
}

} // namespace Capstan::Sync
