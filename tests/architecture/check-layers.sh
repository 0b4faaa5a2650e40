#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The layering rules that links alone cannot catch: core/ includes nothing
# from app/, qml/ or server/ and no GUI, QML or HTTP-server module; server/
# includes nothing from app/ or qml/. Usage: check-layers.sh SOURCE_DIR
set -uo pipefail
cd "${1:?usage: check-layers.sh SOURCE_DIR}"
status=0
violations() { # folder, pattern, rule
    local hits
    hits=$(grep -rnE --include='*.h' --include='*.cpp' --include='*.in' "$2" "$1" || true)
    if [ -n "$hits" ]; then
        printf 'check-layers: %s\n%s\n' "$3" "$hits" >&2
        status=1
    fi
}
violations core '#\s*include\s*[<"](\.\./)*(app|qml|server)/' "core/ includes app/, qml/ or server/"
violations core '#\s*include\s*<(QtWidgets|QtGui|QtQuick|QtQml|QtQuickWidgets|QtHttpServer)/?' "core/ includes a GUI, QML or HTTP-server module"
violations core '#\s*include\s*<(QWidget|QApplication|QGuiApplication|QQml[A-Za-z]*|QQuick[A-Za-z]*|QHttpServer[A-Za-z]*)>' "core/ includes a GUI, QML or HTTP-server class"
violations server '#\s*include\s*[<"](\.\./)*(app|qml)/' "server/ includes app/ or qml/"
violations server '#\s*include\s*<(QtWidgets|QtQuick|QtQml|QWidget|QApplication|QQml[A-Za-z]*|QQuick[A-Za-z]*)>' "server/ includes a GUI or QML class"
[ $status = 0 ] && echo "check-layers: core/ and server/ keep to their layers"
exit $status
