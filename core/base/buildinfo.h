// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

/// Facts about this build of Capstan, fixed when it was configured.
namespace Capstan::BuildInfo {

/// The release, as "0.1.0".
QString version();
/// The release in Argo CD's style: "v0.1.0+1a2b3c4", or "v0.1.0" without Git.
QString displayVersion();
QString gitCommit();
/// The tag on the built commit, or empty.
QString gitTag();
/// "clean" or "dirty", or empty without Git.
QString gitTreeState();
/// ISO 8601, UTC.
QString buildDate();
/// The compiler and its version, as "gcc 12.2.0".
QString compiler();
/// Operating system and architecture in Go's words, as "linux/amd64".
QString platform();
/// The reverse-DNS application id, shared by the desktop file and the package.
QString applicationId();

} // namespace Capstan::BuildInfo
