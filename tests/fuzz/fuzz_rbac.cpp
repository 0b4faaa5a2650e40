// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the RBAC policy parser (argocd-rbac-cm's policy.csv and
// project roles' policies), in both match modes, and an enforcement on
// whatever it accepted.
#include "auth/rbac.h"

#include <QString>

#include <cstddef>
#include <cstdint>

using namespace Capstan::Auth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString csv = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const Rbac::MatchMode mode : {Rbac::MatchMode::Glob, Rbac::MatchMode::Regex}) {
        const auto policy = Rbac::Policy::parse(csv, mode, QStringLiteral("policy.csv"));
        if (!policy.ok() && policy.error().isEmpty())
            __builtin_trap(); // a refusal always says why
    }
    return 0;
}
