// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLocale>

namespace Capstan {

/// Installs Capstan's translation for @p locale, and Qt's own where the system
/// has it, on the running application. Returns whether Capstan has a
/// translation for that locale (English needs none).
bool installTranslations(const QLocale &locale);

} // namespace Capstan
