// SPDX-License-Identifier: Apache-2.0
#include "applogging.h"

Q_LOGGING_CATEGORY(lcApp, "capstan.app", QtInfoMsg)
