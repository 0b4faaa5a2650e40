// SPDX-License-Identifier: Apache-2.0
// An application's resources as a left-to-right graph: pan by dragging, zoom
// with Ctrl+wheel or the buttons, fit, and focus the selected resource.
// Groups of many siblings ("12 × Pod") expand and collapse on click.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Capstan

Item {
    id: root
    property ResourceGraph graph: null
    property real zoom: 1.0
    readonly property real minimumZoom: 0.2
    readonly property real maximumZoom: 2.5

    function healthColor(health) {
        switch (health) {
        case "Healthy": return "#18be94"
        case "Progressing": return "#0dadea"
        case "Degraded": return "#e96d76"
        case "Suspended": return "#766f94"
        case "Missing": return "#f4c030"
        default: return "#8fa4b1"
        }
    }
    function kindLabel(kind) {
        const names = {
            "Application": "app", "Deployment": "deploy", "ReplicaSet": "rs", "Pod": "pod",
            "Service": "svc", "Endpoints": "ep", "EndpointSlice": "eps", "ConfigMap": "cm",
            "Secret": "secret", "Ingress": "ing", "StatefulSet": "sts", "DaemonSet": "ds",
            "Job": "job", "CronJob": "cj", "PersistentVolumeClaim": "pvc", "ServiceAccount": "sa",
            "Namespace": "ns", "Role": "role", "RoleBinding": "rb", "ClusterRole": "crole",
            "ClusterRoleBinding": "crb", "HorizontalPodAutoscaler": "hpa", "NetworkPolicy": "netpol"
        }
        return names[kind] !== undefined ? names[kind] : kind.substring(0, 5).toLowerCase()
    }
    function setZoom(value, centreX, centreY) {
        const z = Math.max(minimumZoom, Math.min(maximumZoom, value))
        // Keep the point under the cursor (or the view's centre) where it is.
        const cx = centreX === undefined ? flick.width / 2 : centreX
        const cy = centreY === undefined ? flick.height / 2 : centreY
        const gx = (flick.contentX + cx) / zoom
        const gy = (flick.contentY + cy) / zoom
        zoom = z
        flick.contentX = Math.max(0, gx * zoom - cx)
        flick.contentY = Math.max(0, gy * zoom - cy)
    }
    function fit() {
        if (!graph || graph.contentWidth <= 0)
            return
        zoom = Math.max(minimumZoom, Math.min(1.0, Math.min((flick.width - 40) / graph.contentWidth,
                                                             (flick.height - 40) / graph.contentHeight)))
        flick.contentX = 0
        flick.contentY = 0
    }
    function focusSelection() {
        if (!graph || graph.selectedKey.length === 0)
            return
        const r = graph.boundsOf(graph.selectedKey)
        if (r.width <= 0)
            return
        zoom = Math.max(zoom, 1.0)
        flick.contentX = Math.max(0, (r.x + r.width / 2 + 20) * zoom - flick.width / 2)
        flick.contentY = Math.max(0, (r.y + r.height / 2 + 20) * zoom - flick.height / 2)
    }

    Connections {
        target: root.graph
        // The first layout is fitted; later ones keep the user's view.
        property bool fitted: false
        function onLayoutChanged() {
            if (!fitted && root.graph.laidOut) {
                fitted = true
                Qt.callLater(root.fit)
            }
        }
    }

    Rectangle {
        anchors.fill: parent
        color: palette.base
    }

    Flickable {
        id: flick
        objectName: "graphFlickable"
        anchors.fill: parent
        clip: true
        contentWidth: canvas.width * root.zoom + 40
        contentHeight: canvas.height * root.zoom + 40
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.horizontal: ScrollBar {}
        ScrollBar.vertical: ScrollBar {}

        Item {
            id: canvas
            x: 20
            y: 20
            width: root.graph ? root.graph.contentWidth : 0
            height: root.graph ? root.graph.contentHeight : 0
            scale: root.zoom
            transformOrigin: Item.TopLeft

            GraphEdges {
                anchors.fill: parent
                graph: root.graph
                color: palette.mid
            }

            Repeater {
                model: root.graph
                delegate: Rectangle {
                    id: node
                    required property string key
                    required property string kind
                    required property string name
                    required property string namespace
                    required property string health
                    required property string healthMessage
                    required property string sync
                    required property string status
                    required property real nodeX
                    required property real nodeY
                    required property real nodeWidth
                    required property real nodeHeight
                    required property int count
                    required property bool isGroup
                    required property bool isApplication
                    required property bool expanded
                    required property bool live
                    readonly property bool selected: root.graph.selectedKey === key

                    objectName: "node:" + key
                    x: nodeX
                    y: nodeY
                    width: nodeWidth
                    height: nodeHeight
                    radius: 6
                    color: selected ? Qt.lighter(palette.highlight, 1.9) : palette.window
                    border.width: selected ? 2.5 : 1
                    border.color: selected ? palette.highlight : root.healthColor(health)
                    opacity: live ? 1.0 : 0.6
                    Behavior on x { NumberAnimation { duration: 180; easing.type: Easing.OutCubic } }
                    Behavior on y { NumberAnimation { duration: 180; easing.type: Easing.OutCubic } }

                    Rectangle {
                        id: kindBadge
                        anchors.left: parent.left
                        anchors.leftMargin: 8
                        anchors.verticalCenter: parent.verticalCenter
                        width: 38
                        height: 38
                        radius: 19
                        color: node.isApplication ? "#f4802f" : "#326ce5"
                        Label {
                            anchors.centerIn: parent
                            text: root.kindLabel(node.kind)
                            color: "white"
                            font.pixelSize: 10
                            font.bold: true
                        }
                    }
                    ColumnLayout {
                        anchors.left: kindBadge.right
                        anchors.leftMargin: 8
                        anchors.right: badges.left
                        anchors.rightMargin: 4
                        anchors.verticalCenter: parent.verticalCenter
                        spacing: 1
                        Label {
                            Layout.fillWidth: true
                            text: node.isGroup ? qsTr("%1 × %2").arg(node.count).arg(node.kind) : node.name
                            font.bold: true
                            elide: Text.ElideMiddle
                        }
                        Label {
                            Layout.fillWidth: true
                            text: node.isGroup ? (node.expanded ? qsTr("click to collapse") : qsTr("click to expand"))
                                               : (node.status.length > 0 ? node.kind + " · " + node.status : node.kind)
                            color: palette.placeholderText
                            font.pixelSize: 11
                            elide: Text.ElideRight
                        }
                    }
                    Row {
                        id: badges
                        anchors.right: parent.right
                        anchors.rightMargin: 8
                        anchors.verticalCenter: parent.verticalCenter
                        spacing: 4
                        Image {
                            visible: node.health.length > 0
                            source: "qrc:/icons/health-" + (["Healthy", "Progressing", "Degraded", "Suspended", "Missing"]
                                    .indexOf(node.health) >= 0 ? node.health.toLowerCase() : "unknown") + ".svg"
                            sourceSize: Qt.size(16, 16)
                        }
                        Image {
                            visible: node.sync.length > 0
                            source: node.sync === "Synced" ? "qrc:/icons/sync-synced.svg"
                                  : node.sync === "OutOfSync" ? "qrc:/icons/sync-outofsync.svg" : "qrc:/icons/sync-unknown.svg"
                            sourceSize: Qt.size(16, 16)
                        }
                    }
                    ToolTip.visible: area.containsMouse && node.healthMessage.length > 0
                    ToolTip.delay: 500
                    ToolTip.text: node.healthMessage
                    MouseArea {
                        id: area
                        anchors.fill: parent
                        hoverEnabled: true
                        onClicked: {
                            root.graph.selectedKey = node.key
                            if (node.isGroup)
                                root.graph.toggleGroup(node.key)
                        }
                    }
                }
            }
        }

        WheelHandler {
            acceptedModifiers: Qt.ControlModifier
            onWheel: event => root.setZoom(root.zoom * (event.angleDelta.y > 0 ? 1.15 : 1 / 1.15),
                                           event.x - flick.contentX, event.y - flick.contentY)
        }
        PinchHandler {
            target: null
            onScaleChanged: delta => root.setZoom(root.zoom * delta)
        }
    }

    Label {
        anchors.centerIn: parent
        visible: root.graph !== null && !root.graph.laidOut
        text: qsTr("Laying out the resources…")
        color: palette.placeholderText
    }
    Label {
        anchors.centerIn: parent
        visible: root.graph !== null && root.graph.error.length > 0
        text: root.graph ? root.graph.error : ""
        color: "#d0382b"
    }

    Row {
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 10
        spacing: 4
        Button {
            objectName: "zoomOutButton"
            implicitWidth: 36
            text: "−"
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Zoom out (Ctrl+wheel)")
            onClicked: root.setZoom(root.zoom / 1.25)
        }
        Button {
            objectName: "zoomInButton"
            implicitWidth: 36
            text: "+"
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Zoom in (Ctrl+wheel)")
            onClicked: root.setZoom(root.zoom * 1.25)
        }
        Button {
            objectName: "fitButton"
            text: qsTr("Fit")
            onClicked: root.fit()
        }
        Button {
            objectName: "focusButton"
            text: qsTr("Focus")
            enabled: root.graph !== null && root.graph.selectedKey.length > 0
            onClicked: root.focusSelection()
        }
    }
}
