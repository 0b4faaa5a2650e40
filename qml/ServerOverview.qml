// SPDX-License-Identifier: Apache-2.0
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Capstan

// The state of the connection to a server: which server, connected or not and
// why, and the server's version in detail.
Pane {
    id: root

    property ServerStatus status: null

    readonly property color stateColor: {
        if (!status)
            return palette.mid
        switch (status.phase) {
        case ServerStatus.Connected: return "#2e9d5a"
        case ServerStatus.Failed: return "#d0382b"
        case ServerStatus.Starting:
        case ServerStatus.Connecting: return "#d99a1e"
        default: return palette.mid
        }
    }

    padding: 24

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width, 640)
        spacing: 16
        visible: root.status !== null

        RowLayout {
            spacing: 12
            Rectangle {
                objectName: "stateIndicator"
                width: 14
                height: 14
                radius: 7
                color: root.stateColor
                Layout.alignment: Qt.AlignVCenter
            }
            Label {
                objectName: "stateTitle"
                text: root.status ? root.status.title : ""
                font.pointSize: 13
                font.bold: true
            }
            Item { Layout.fillWidth: true }
            BusyIndicator {
                running: root.status !== null && (root.status.phase === ServerStatus.Starting
                                                  || root.status.phase === ServerStatus.Connecting)
                visible: running
                Layout.preferredHeight: 28
                Layout.preferredWidth: 28
            }
        }

        Label {
            objectName: "serverLine"
            text: root.status ? (root.status.serverAddress.length > 0
                                 ? qsTr("%1 — %2").arg(root.status.serverName).arg(root.status.serverAddress)
                                 : root.status.serverName) : ""
            color: palette.placeholderText
            elide: Text.ElideMiddle
            Layout.fillWidth: true
        }

        Label {
            objectName: "errorMessage"
            text: root.status ? root.status.message : ""
            visible: text.length > 0
            wrapMode: Text.Wrap
            color: "#d0382b"
            Layout.fillWidth: true
        }

        Button {
            objectName: "retryButton"
            text: qsTr("Try Again")
            visible: root.status !== null && root.status.phase === ServerStatus.Failed
            onClicked: root.status.retry()
        }

        Label {
            objectName: "versionLabel"
            text: root.status ? root.status.version : ""
            visible: text.length > 0
            font.pointSize: 16
            elide: Text.ElideRight
            Layout.fillWidth: true
            Layout.topMargin: 4
        }

        GridLayout {
            columns: 2
            columnSpacing: 12
            rowSpacing: 3
            visible: root.status !== null && root.status.phase === ServerStatus.Connected
            Layout.fillWidth: true

            Repeater {
                model: root.status ? root.status.details : null
                delegate: Label {
                    required property int index
                    required property string label
                    required property string value
                    // Labels fill the first column, values the second.
                    Layout.row: index
                    Layout.column: 0
                    text: label
                    color: palette.placeholderText
                }
            }
            Repeater {
                model: root.status ? root.status.details : null
                delegate: Label {
                    required property int index
                    required property string value
                    Layout.row: index
                    Layout.column: 1
                    Layout.fillWidth: true
                    text: value
                    elide: Text.ElideRight
                    font.family: "monospace"
                }
            }
        }
    }
}
