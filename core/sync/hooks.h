// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "model/application.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

/// Argo CD's resource annotations for syncing: hooks (with Helm's mapped onto
/// them), delete policies, sync waves and the per-resource sync options.
namespace Capstan::Sync {

namespace Annotation {
inline constexpr QStringView hook = u"argocd.argoproj.io/hook";
inline constexpr QStringView hookDeletePolicy = u"argocd.argoproj.io/hook-delete-policy";
inline constexpr QStringView syncWave = u"argocd.argoproj.io/sync-wave";
inline constexpr QStringView syncOptions = u"argocd.argoproj.io/sync-options";
inline constexpr QStringView compareOptions = u"argocd.argoproj.io/compare-options";
inline constexpr QStringView helmHook = u"helm.sh/hook";
inline constexpr QStringView helmHookWeight = u"helm.sh/hook-weight";
inline constexpr QStringView helmHookDeletePolicy = u"helm.sh/hook-delete-policy";
inline constexpr QStringView helmResourcePolicy = u"helm.sh/resource-policy";
} // namespace Annotation

/// The finalizer that keeps a hook until its result has been read.
inline constexpr QStringView hookFinalizer = u"argocd.argoproj.io/hook-finalizer";

enum class DeletePolicy { HookSucceeded, HookFailed, BeforeHookCreation, Never };

/// The items of a comma-separated annotation: trimmed, without empties or repeats.
QStringList annotationList(const QJsonObject &object, QStringView key);
/// Whether a comma-separated annotation lists `option` exactly.
bool hasAnnotationOption(const QJsonObject &object, QStringView key, QStringView option);

/// Argo CD hook types of an object, or Helm's mapped when it has no valid Argo CD
/// type. Skip is included; Helm's delete hooks map to PreDelete and PostDelete.
QList<Model::HookType> hookTypes(const QJsonObject &object);
/// A hook: anything with an Argo CD hook annotation other than a lone Skip, or a
/// Helm hook other than crd-install.
bool isHook(const QJsonObject &object);
/// Annotated `Skip` alone: neither applied nor pruned.
bool isSkipped(const QJsonObject &object);
/// A hook with no type the sync runs (Helm test hooks, PreDelete, …): left out.
bool isIgnoredHook(const QJsonObject &object);
/// The sync phases a hook runs in (deduplicated, in Argo CD's phase order); Sync for
/// other objects, none for skipped ones.
QList<Model::SyncPhase> syncPhases(const QJsonObject &object);
/// Delete policies from both annotations; BeforeHookCreation when none is valid.
QList<DeletePolicy> deletePolicies(const QJsonObject &object);
/// `argocd.argoproj.io/sync-wave`, else `helm.sh/hook-weight`, else 0.
int syncWave(const QJsonObject &object);

Model::HookType hookTypeOf(Model::SyncPhase phase);

} // namespace Capstan::Sync
