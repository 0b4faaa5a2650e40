// SPDX-License-Identifier: Apache-2.0
#include "cascadingdeletion.h"

#include "sync/hooks.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace Capstan::Engine::CascadingDeletion {

namespace {

const QString foregroundFinalizer = u"resources-finalizer.argocd.argoproj.io/foreground"_s;
const QString backgroundFinalizer = u"resources-finalizer.argocd.argoproj.io/background"_s;
const QString deletionApprovedAnnotation = u"argocd.argoproj.io/deletion-approved"_s;

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(u"metadata").toObject();
}

} // namespace

bool cascades(const Model::Application &application)
{
    const QStringList &finalizers = application.metadata.finalizers;
    return finalizers.contains(Model::Application::resourcesFinalizer()) || finalizers.contains(foregroundFinalizer)
        || finalizers.contains(backgroundFinalizer);
}

void removeFinalizers(Model::Application &application)
{
    QStringList &finalizers = application.metadata.finalizers;
    finalizers.removeAll(Model::Application::resourcesFinalizer());
    finalizers.removeAll(foregroundFinalizer);
    finalizers.removeAll(backgroundFinalizer);
}

Kube::PropagationPolicy propagationOf(const Model::Application &application)
{
    return application.metadata.finalizers.contains(backgroundFinalizer) ? Kube::PropagationPolicy::Background
                                                                         : Kube::PropagationPolicy::Foreground;
}

bool isConfirmed(const Model::Application &application, const std::optional<QDateTime> &since)
{
    const QString value = application.metadata.annotations.value(deletionApprovedAnnotation);
    const QDateTime approved = QDateTime::fromString(value, Qt::ISODate);
    return approved.isValid() && (!since || approved >= *since);
}

QString awaitingConfirmation(const Model::Application &application, const QList<Kube::CachedObjectPtr> &tracked)
{
    for (const Model::ResourceStatus &resource : application.status.resources) {
        if (resource.requiresDeletionConfirmation)
            return u"%1/%2/%3"_s.arg(resource.kind, resource.ns, resource.name);
    }
    for (const Kube::CachedObjectPtr &object : tracked) {
        if (Sync::hasAnnotationOption(object->object(), Sync::Annotation::syncOptions, u"Delete=confirm"))
            return u"%1/%2/%3"_s.arg(object->key.kind, object->key.ns, object->key.name);
    }
    return {};
}

bool isDeletable(const Kube::ResourceKey &key, const QJsonObject &live)
{
    return key.kind != u"CustomResourceDefinition"
        && !Sync::hasAnnotationOption(live, Sync::Annotation::syncOptions, u"Delete=false")
        && !Sync::hasAnnotationOption(live, Sync::Annotation::helmResourcePolicy, u"keep");
}

QList<QJsonObject> nextWave(const QList<QJsonObject> &objects)
{
    const bool deleting = std::any_of(objects.cbegin(), objects.cend(), [](const QJsonObject &object) {
        return metadataOf(object).contains(u"deletionTimestamp");
    });
    if (deleting)
        return {};
    int highest = std::numeric_limits<int>::min();
    for (const QJsonObject &object : objects)
        highest = std::max(highest, Sync::syncWave(object));
    QList<QJsonObject> wave;
    std::copy_if(objects.cbegin(), objects.cend(), std::back_inserter(wave),
                 [highest](const QJsonObject &object) { return Sync::syncWave(object) == highest; });
    return wave;
}

} // namespace Capstan::Engine::CascadingDeletion
