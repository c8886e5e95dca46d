import QtQuick
import Bandstation
import QtQuick.Layouts

// After a set (and after the session): per-rep peaks against the zone, the reps' curves laid
// over each other, tempo adherence, time under tension, left/right symmetry, and the session.
Item {
    id: root

    required property var client
    signal nextRequested
    signal homeRequested

    readonly property var report: client.report
    readonly property bool sessionOver: client.phase === "idle"

    function figure(label, value, name) {
        return { label: label, value: value, name: name }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap / 2

        Text {
            objectName: "summaryTitle"
            Layout.fillWidth: true
            text: !root.report.valid ? "No reps in this session"
                  : (root.sessionOver ? "Session done · last set: " : "Set done · ")
                    + root.report.exercise + (root.report.side ? " · " + root.report.side : "")
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            font.bold: true
            elide: Text.ElideRight
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap / 2
            Repeater {
                model: [
                    root.figure("Good", root.report.goodReps + " / " + root.report.reps, "good"),
                    root.figure("Under tension", Math.round(root.report.tutS) + " s", "tut"),
                    root.figure("Tempo", root.report.tempoAdherence < 0 ? "–"
                                : root.report.tempoAdherence + " %", "tempo"),
                    root.figure("Mean peak", Math.round(root.report.meanPeak) + " N", "peak"),
                    root.figure("Left/right", root.report.symmetry < 0 ? "–"
                                : root.report.symmetry + " %", "symmetry")
                ]
                Rectangle {
                    required property var modelData
                    objectName: "figure_" + modelData.name
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    height: Theme.touch * 1.1
                    radius: Theme.radius
                    color: Theme.panel
                    Column {
                        anchors.centerIn: parent
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: modelData.value
                            color: Theme.text
                            font.pixelSize: Theme.fontLarge
                            font.bold: true
                        }
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: modelData.label
                            color: Theme.textDim
                            font.pixelSize: Theme.fontSmall
                        }
                    }
                }
            }
        }
        Text {
            objectName: "symmetryNote"
            visible: root.report.symmetry >= 0 && root.report.symmetry < 90
            text: "The " + root.report.weakerSide + " side is weaker: worth showing your coach."
            color: Theme.warning
            font.pixelSize: Theme.fontSmall
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.gap
            RepBars {
                objectName: "summaryRepBars"
                Layout.fillWidth: true
                Layout.preferredWidth: 3
                Layout.minimumWidth: 0
                Layout.fillHeight: true
                model: root.report.repModel
                hasZone: root.report.hasZone
                zoneLowFraction: root.report.zoneLowFraction
                zoneHighFraction: root.report.zoneHighFraction
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredWidth: 4
                Layout.minimumWidth: 0
                Layout.fillHeight: true
                radius: Theme.radius
                color: Theme.panel
                clip: true
                ZoneBand {
                    visible: root.report.hasZone
                    lowFraction: root.report.zoneLowFraction
                    highFraction: root.report.zoneHighFraction
                }
                CurveOverlay {
                    objectName: "curveOverlay"
                    anchors.fill: parent
                    anchors.margins: Theme.gap / 2
                    report: root.report
                }
                Text {
                    anchors.left: parent.left
                    anchors.top: parent.top
                    anchors.margins: Theme.gap / 2
                    text: root.report.curveCount + " reps overlaid"
                    color: Theme.textDim
                    font.pixelSize: Theme.fontSmall
                }
            }
            ListView {
                objectName: "sessionSets"
                Layout.fillWidth: true
                Layout.preferredWidth: 3
                Layout.minimumWidth: 0
                Layout.fillHeight: true
                clip: true
                model: root.report.sets
                header: Text {
                    width: ListView.view.width
                    wrapMode: Text.Wrap
                    text: "Session: " + root.report.sessionSets + " sets, " + root.report.sessionReps
                          + " reps, " + root.report.sessionGood + " good"
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                }
                delegate: Text {
                    width: ListView.view.width
                    elide: Text.ElideRight
                    required property string exercise
                    required property string side
                    required property int reps
                    required property int good
                    text: exercise + (side ? " " + side[0].toUpperCase() : "") + ": " + good + "/" + reps
                    color: Theme.textDim
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
        Item {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touch
            BigButton {
                objectName: "summaryEndSessionButton"
                anchors.left: parent.left
                visible: !root.sessionOver
                text: "End session"
                onClicked: root.client.endSession()
            }
            BigButton {
                objectName: "summaryHomeButton"
                anchors.left: parent.left
                visible: root.sessionOver
                text: "Home"
                onClicked: root.homeRequested()
            }
            BigButton {
                objectName: "nextExerciseButton"
                anchors.right: parent.right
                visible: !root.sessionOver
                tint: Theme.accent
                text: "Next exercise"
                onClicked: root.nextRequested()
            }
        }
    }
}
