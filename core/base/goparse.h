// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringView>

#include <optional>

namespace Capstan {

/// A boolean as Go's strconv.ParseBool reads it, which Argo CD uses for its
/// config maps and grpc-gateway for query parameters: 1, t, T, TRUE, true,
/// True, and their false counterparts.
inline std::optional<bool> parseGoBool(QStringView value)
{
    for (QStringView yes : {u"1", u"t", u"T", u"TRUE", u"true", u"True"}) {
        if (value == yes)
            return true;
    }
    for (QStringView no : {u"0", u"f", u"F", u"FALSE", u"false", u"False"}) {
        if (value == no)
            return false;
    }
    return std::nullopt;
}

} // namespace Capstan
