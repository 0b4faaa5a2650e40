// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "base/result.h"
#include "source/manifests/generationcontext.h"

#include <QJsonObject>
#include <QList>

namespace Capstan::Source {

/// A Kustomize application: "kustomize build", or "kubectl kustomize" when
/// kustomize is not installed, on a temporary copy of the commit. The spec's
/// overrides are written into the copy's kustomization file as Argo CD's
/// "kustomize edit" calls would write them. Before any tool runs, every
/// local path the kustomization tree refers to is checked to stay inside the
/// repository.
class KustomizeSource
{
public:
    static constexpr const char16_t *kustomizationFiles[]
        = {u"kustomization.yaml", u"kustomization.yml", u"Kustomization"};

    static Result<QList<QJsonObject>, SourceError> generate(const GenerationContext &context);

    /// The kustomization file in a folder, if there is one.
    static std::optional<QString> kustomizationIn(const RepositoryTree &tree, const QString &directory);

    /// Whether every local reference of the kustomization in directory, and
    /// of the kustomizations it includes, stays in the repository.
    static Result<void, SourceError> checkReferences(const RepositoryTree &tree, const QString &directory);
};

} // namespace Capstan::Source
