// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcServer)
/// One line per HTTP request.
Q_DECLARE_LOGGING_CATEGORY(lcServerRequest)
