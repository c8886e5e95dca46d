import QtQuick

// The prescribed tempo as a pacer: UP, HOLD, DOWN (and a pause) light up in turn with their
// durations. Each counted rep restarts it, so the guide follows the athlete instead of drifting.
Rectangle {
    id: root

    property real up: 0
    property real hold: 0
    property real down: 0
    property real pause: 0
    property bool running: false
    property int serial: 0 // changes at each rep
    property string phase: "up"

    implicitHeight: Theme.touch
    radius: Theme.radius
    color: Theme.panel

    onSerialChanged: restart()
    onRunningChanged: restart()
    function restart() {
        pacer.stop()
        root.phase = "up"
        if (root.running && root.up + root.hold + root.down > 0)
            pacer.start()
    }

    SequentialAnimation {
        id: pacer
        loops: Animation.Infinite
        PropertyAction { target: root; property: "phase"; value: "up" }
        PauseAnimation { duration: root.up * 1000 }
        PropertyAction { target: root; property: "phase"; value: "hold" }
        PauseAnimation { duration: root.hold * 1000 }
        PropertyAction { target: root; property: "phase"; value: "down" }
        PauseAnimation { duration: root.down * 1000 }
        PropertyAction { target: root; property: "phase"; value: "pause" }
        PauseAnimation { duration: Math.max(0.3, root.pause) * 1000 }
    }

    Row {
        anchors.fill: parent
        anchors.margins: Theme.gap / 2
        spacing: Theme.gap / 2
        Repeater {
            model: [
                { key: "up", text: "UP", seconds: root.up },
                { key: "hold", text: "HOLD", seconds: root.hold },
                { key: "down", text: "DOWN", seconds: root.down }
            ]
            Rectangle {
                required property var modelData
                objectName: "tempo_" + modelData.key
                width: (parent.width - 2 * Theme.gap / 2) / 3
                height: parent.height
                radius: Theme.radius / 2
                color: root.running && root.phase === modelData.key ? Theme.accent : Theme.panelRaised
                Text {
                    anchors.centerIn: parent
                    text: modelData.text + "  " + modelData.seconds + " s"
                    color: Theme.text
                    font.pixelSize: Theme.fontNormal
                    font.bold: true
                }
            }
        }
    }
}
