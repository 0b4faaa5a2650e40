# SPDX-License-Identifier: Apache-2.0
# Precompiled headers for the libraries: the Qt and standard headers most of
# their sources include, parsed once per library instead of once per source
# (about a quarter of each source's compile time). Each layer gets only the
# modules it may use, so the PCH never lets core/ see a GUI header.
option(CAPSTAN_PCH "Precompile the common Qt headers of each library" ON)

set(_capstan_pch_core
    <QByteArray> <QDateTime> <QDir> <QFile> <QFuture> <QHash> <QJsonArray>
    <QJsonDocument> <QJsonObject> <QJsonValue> <QList> <QMap> <QMutex> <QObject>
    <QPointer> <QRegularExpression> <QSet> <QString> <QStringList> <QUrl>
    <QNetworkReply>
    <algorithm> <functional> <memory> <optional>)
set(_capstan_pch_server ${_capstan_pch_core}
    <QHttpServerRequest> <QHttpServerResponder> <QHttpServerResponse>)
set(_capstan_pch_quick ${_capstan_pch_core}
    <QQuickItem>)
set(_capstan_pch_widgets ${_capstan_pch_core}
    <QAbstractItemModel> <QComboBox> <QDialog> <QHeaderView> <QLabel>
    <QLineEdit> <QPushButton> <QTreeView> <QVBoxLayout> <QWidget>)

# capstan_precompile_headers(<target> <core|server|quick|widgets>)
function(capstan_precompile_headers target layer)
    if(NOT CAPSTAN_PCH)
        return()
    endif()
    if(NOT DEFINED _capstan_pch_${layer})
        message(FATAL_ERROR "capstan_precompile_headers: unknown layer '${layer}'")
    endif()
    target_precompile_headers(${target} PRIVATE ${_capstan_pch_${layer}})
endfunction()
