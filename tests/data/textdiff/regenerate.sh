#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Writes the diff engine's golden files (expected.patch, expected.rows) anew
# from a build in build/ (or the folder given), then shows what changed:
# review it before you commit. A new case is a folder with live.yaml and
# desired.yaml.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../../build}
CAPSTAN_UPDATE_GOLDEN=1 "$build/tests/core/tst_textdiff"
git -C "$here" status --short -- .
