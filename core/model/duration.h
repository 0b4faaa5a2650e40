// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <chrono>
#include <optional>

namespace Capstan::Model {

/// Reads a duration as Argo CD writes them: a Go duration ("90s", "1h30m",
/// "1.5m", "300ms") or a plain number of seconds ("5"). Negative durations
/// and unknown units are rejected.
std::optional<std::chrono::milliseconds> parseDuration(const QString &text);

} // namespace Capstan::Model
