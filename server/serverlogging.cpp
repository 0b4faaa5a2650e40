// SPDX-License-Identifier: Apache-2.0
#include "serverlogging.h"

Q_LOGGING_CATEGORY(lcServer, "capstan.server", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServerRequest, "capstan.server.request", QtInfoMsg)
