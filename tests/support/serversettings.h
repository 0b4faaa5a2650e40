// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "serverservices.h"

#include <QDir>

namespace Capstan::Test {

/// @p settings for a suite whose Git fixtures live in the temporary folder:
/// the server may read the repositories there, and no others on its disk.
inline ServerSettings withTemporaryRepositories(ServerSettings settings = {})
{
    settings.localRepositories = Source::LocalRepositories::within({QDir::tempPath()});
    return settings;
}

} // namespace Capstan::Test
