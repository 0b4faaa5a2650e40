// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace Capstan {

/// Chooses how Qt Quick renders before the first QQuickWidget exists:
/// OpenGL where it works, Qt Quick's software renderer otherwise (headless
/// platforms, displays without OpenGL).
void chooseQuickGraphicsApi();

} // namespace Capstan
