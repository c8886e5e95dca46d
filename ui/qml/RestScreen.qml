import QtQuick
import QtQuick.Layouts

// Between sets: the countdown, what comes next, skip and +30 s, and the set just done.
Item {
    id: root

    required property var client
    readonly property var rest: client.rest
    readonly property var report: client.report

    RowLayout {
        anchors.fill: parent
        spacing: Theme.gap

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.gap
            Text {
                Layout.alignment: Qt.AlignHCenter
                text: "Rest"
                color: Theme.textDim
                font.pixelSize: Theme.fontLarge
            }
            Text {
                objectName: "restCountdown"
                Layout.alignment: Qt.AlignHCenter
                text: {
                    const s = Math.ceil(root.rest.remaining_s || 0)
                    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0")
                }
                color: Theme.text
                font.pixelSize: Theme.fontHuge * 1.4
                font.bold: true
            }
            Text {
                objectName: "nextText"
                Layout.alignment: Qt.AlignHCenter
                text: "Next: " + root.client.exercises.shortName(root.rest.exercise || "")
                      + "  ·  set " + (root.rest.next_number || 0) + " of " + (root.rest.of || 0)
                      + (root.rest.next_side ? "  ·  " + root.rest.next_side : "")
                color: Theme.text
                font.pixelSize: Theme.fontNormal
            }
            Item { Layout.fillHeight: true }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                BigButton {
                    objectName: "addRestButton"
                    Layout.fillWidth: true
                    text: "+30 s"
                    onClicked: root.client.extendRest(30)
                }
                BigButton {
                    objectName: "skipRestButton"
                    Layout.fillWidth: true
                    tint: Theme.accent
                    text: "Skip rest"
                    onClicked: root.client.skipRest()
                }
            }
        }
        ColumnLayout {
            Layout.preferredWidth: parent.width * 0.4
            Layout.fillWidth: false
            Layout.fillHeight: true
            visible: root.report.valid
            spacing: Theme.gap / 2
            Text {
                objectName: "lastSetText"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: "Last set: " + root.report.reps + " " + (root.report.kind === "step" ? "steps" : "reps")
                      + ", " + root.report.goodReps + " good"
                color: Theme.text
                font.pixelSize: Theme.fontNormal
            }
            RepBars {
                Layout.fillWidth: true
                Layout.fillHeight: true
                model: root.report.repModel
                hasZone: root.report.hasZone
                zoneLowFraction: root.report.zoneLowFraction
                zoneHighFraction: root.report.zoneHighFraction
            }
        }
    }
}
