// SPDX-License-Identifier: Apache-2.0
#include "logging.h"

Q_LOGGING_CATEGORY(lcClient, "capstan.client", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "capstan.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "capstan.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcKube, "capstan.kube", QtInfoMsg)
Q_LOGGING_CATEGORY(lcGit, "capstan.git", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSource, "capstan.source", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "capstan.sync", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "capstan.engine", QtInfoMsg)
