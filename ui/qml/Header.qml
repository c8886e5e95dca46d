import QtQuick
import Bandstation

// The top line: who trains, what the station does, and how the sensor and the link are.
Rectangle {
    id: root

    required property var client
    signal statusRequested
    signal homeRequested

    implicitHeight: Theme.touch
    color: Theme.panel

    readonly property bool connected: client.status === StationClient.Ready
    readonly property string sensorState: client.sensor.state || "unknown"

    Row {
        anchors.left: parent.left
        anchors.leftMargin: Theme.gap
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.gap
        BigButton {
            objectName: "homeButton"
            text: "⌂"
            implicitWidth: Theme.touch
            fontSize: Theme.fontLarge
            tint: Theme.panel
            onClicked: root.homeRequested()
        }
        Text {
            anchors.verticalCenter: parent.verticalCenter
            text: root.client.athleteName || "No athlete"
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            font.bold: true
        }
    }
    BigButton {
        id: statusButton
        objectName: "statusButton"
        anchors.right: parent.right
        anchors.rightMargin: Theme.gap
        anchors.verticalCenter: parent.verticalCenter
        height: Theme.touch * 0.8
        tint: Theme.panel
        fontSize: Theme.fontSmall
        text: (root.connected ? "● " : "○ ")
              + (root.sensorState === "streaming"
                 ? Math.round(root.client.sensor.measured_rate_hz || 0) + " Hz"
                 : "sensor " + root.sensorState)
        textColor: !root.connected ? Theme.danger
                   : root.sensorState === "streaming" ? Theme.good : Theme.warning
        onClicked: root.statusRequested()
    }
}
