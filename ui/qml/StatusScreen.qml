import QtQuick
import Bandstation
import QtQuick.Layouts

// The station's health for the gym owner: the link to the daemon, the sensor, its counters.
Item {
    id: root

    required property var client
    readonly property var sensor: client.sensor
    readonly property var counters: sensor.counters || ({})

    onVisibleChanged: if (visible) root.client.refreshDiagnostics()

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap / 2

        Text {
            objectName: "linkText"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: "Station " + root.client.url + ": "
                  + (root.client.status === StationClient.Ready ? "connected"
                     : root.client.errorString || "not connected")
            color: root.client.status === StationClient.Ready ? Theme.good : Theme.danger
            font.pixelSize: Theme.fontNormal
        }
        Text {
            objectName: "sensorText"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: "Sensor: " + (root.sensor.description || root.sensor.kind || "unknown") + " · "
                  + (root.sensor.state || "unknown")
                  + (root.sensor.reason ? " (" + root.sensor.reason + ")" : "")
            color: root.sensor.state === "streaming" ? Theme.text : Theme.warning
            font.pixelSize: Theme.fontNormal
        }
        Text {
            objectName: "rateText"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: "Sample rate: " + (root.sensor.measured_rate_hz || 0).toFixed(1) + " of "
                  + (root.sensor.configured_rate_hz || 0) + " per second · "
                  + (root.sensor.channels || 0) + " channel(s) · " + (root.sensor.realtime || "")
            color: Theme.textDim
            font.pixelSize: Theme.fontSmall
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 4
            rowSpacing: Theme.gap / 2
            columnSpacing: Theme.gap / 2
            Repeater {
                model: Object.keys(root.counters)
                Rectangle {
                    required property string modelData
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    height: Theme.touch * 0.9
                    radius: Theme.radius
                    color: Theme.panel
                    Column {
                        anchors.centerIn: parent
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: root.counters[modelData]
                            color: modelData !== "samples" && root.counters[modelData] > 0
                                   ? Theme.warning : Theme.text
                            font.pixelSize: Theme.fontNormal
                            font.bold: true
                        }
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: modelData.replace(/_/g, " ")
                            color: Theme.textDim
                            font.pixelSize: Theme.fontSmall
                        }
                    }
                }
            }
        }
        Text {
            // Storage off is said in words (not only in colour), with what still works.
            objectName: "storageText"
            readonly property var storage: root.client.diagnostics.storage || ({})
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: storage.ok !== undefined
            text: storage.ok
                  ? "Storage: saving to " + storage.path
                  : "Storage OFF: " + storage.error + ". Live feedback goes on; saving starts"
                    + " again by itself once the card has space."
            color: storage.ok ? Theme.textDim : Theme.danger
            font.pixelSize: storage.ok ? Theme.fontSmall : Theme.fontNormal
            font.bold: !storage.ok
        }
        Text {
            objectName: "lossText"
            text: root.client.diagnostics.samples_lost !== undefined
                  ? "Samples lost since start: " + root.client.diagnostics.samples_lost : ""
            color: Theme.textDim
            font.pixelSize: Theme.fontSmall
        }
        Item { Layout.fillHeight: true }
        BigButton {
            objectName: "refreshButton"
            Layout.alignment: Qt.AlignRight
            text: "Refresh"
            onClicked: root.client.refreshDiagnostics()
        }
    }
}
