#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Writes the endpoint table's golden answers anew from a build in build/
# (or the folder given), then shows what changed: review it before you commit.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../../build}
CAPSTAN_UPDATE_GOLDEN=1 "$build/tests/server/tst_endpoints"
git -C "$here" status --short -- .
