// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QStringList>

namespace Capstan::Engine {

/// The addresses Argo CD shows for an app (its summary's externalURLs):
/// what an Ingress routes, and where a LoadBalancer Service listens.
QStringList externalUrlsOf(const QString &group, const QString &kind, const QJsonObject &object);

/// The app's own links, from `link.argocd.argoproj.io/<title>` annotations.
QStringList linkUrlsOf(const QMap<QString, QString> &annotations);

} // namespace Capstan::Engine
