// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>

#include <utility>

namespace Capstan::Diff {

/// Argo CD's HideSecretData: replaces every value of a Secret's `data` and
/// `stringData` with a run of '+', the same run for the same value of a key
/// on both sides and in every annotation that embeds the object (kubectl's
/// last-applied configuration and any other annotation holding the Secret as
/// JSON), so that a diff still shows which keys changed without showing any
/// value. `stringData` is folded into `data` first, as the API server does.
/// Objects that are not Secrets pass unchanged.
std::pair<QJsonObject, QJsonObject> maskSecrets(const QJsonObject &desired, const QJsonObject &live);

/// One object on its own, masked as maskSecrets() masks it.
QJsonObject maskSecret(const QJsonObject &object);

} // namespace Capstan::Diff
