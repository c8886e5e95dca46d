import QtQuick
import Bandstation
import QtQuick.Layouts

// During a set: the force bar with the zone, the force in big digits, the count against the
// target, the tempo pacer, the station's cues and the last ten seconds of force.
Item {
    id: root

    required property var client
    readonly property var set: client.set
    readonly property string kind: set.kind || "rep"
    readonly property bool waiting: client.phase === "waiting"
    // What the band is doing, as the station's analysis tells: handling is not counted.
    readonly property string band: set.band || "on"
    readonly property string bandText: band === "off" ? "Put the band on"
                                       : band === "settling" ? "Band going on: not counting yet"
                                       : band === "leaving" ? "Band coming off: not counting"
                                       : waiting ? "Start when you are ready" : ""

    RowLayout {
        anchors.fill: parent
        spacing: Theme.gap

        ColumnLayout {
            Layout.preferredWidth: 150 * Theme.scale
            Layout.fillWidth: false
            Layout.fillHeight: true
            spacing: Theme.gap / 2
            Text {
                objectName: "forceText"
                Layout.alignment: Qt.AlignHCenter
                text: root.client.forceValid ? Math.round(root.client.force) : "–"
                color: root.client.inZone ? Theme.good : Theme.text
                font.pixelSize: Theme.fontHuge * 0.7
                font.bold: true
            }
            Text {
                Layout.alignment: Qt.AlignHCenter
                text: "newtons"
                color: Theme.textDim
                font.pixelSize: Theme.fontSmall
            }
            ForceBar {
                objectName: "forceBar"
                Layout.fillWidth: true
                Layout.fillHeight: true
                force: root.client.force
                valid: root.client.forceValid
                maxForce: root.client.displayMax
                hasZone: root.client.hasZone
                zoneLow: root.client.zoneLow
                zoneHigh: root.client.zoneHigh
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.gap / 2

            Text {
                objectName: "setTitle"
                Layout.fillWidth: true
                text: root.client.exercises.shortName(root.set.exercise || "")
                      + (root.set.side ? " · " + root.set.side : "")
                      + "  ·  set " + (root.set.number || 0) + " of " + (root.set.of || 0)
                color: Theme.textDim
                font.pixelSize: Theme.fontNormal
                elide: Text.ElideRight
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap * 2
                Text {
                    objectName: "countText"
                    text: root.kind === "hold"
                          ? root.client.holdInZoneS.toFixed(0) + " / " + (root.set.target_hold_s || 0) + " s"
                          : root.kind === "step"
                            ? root.client.directionSteps + " / " + (root.set.target || 0)
                            : (root.set.count || 0) + " / " + (root.set.target || 0)
                    color: Theme.text
                    font.pixelSize: Theme.fontHuge
                    font.bold: true
                }
                ColumnLayout {
                    spacing: 0
                    Text {
                        objectName: "goodText"
                        text: root.kind === "hold" ? "in the zone"
                              : root.kind === "step" ? "steps this way · " + (root.set.count || 0) + " in all"
                              : (root.set.good || 0) + " good"
                        color: Theme.good
                        font.pixelSize: Theme.fontLarge
                    }
                    Text {
                        objectName: "bandText"
                        text: root.bandText
                        color: Theme.textDim
                        font.pixelSize: Theme.fontNormal
                    }
                }
            }
            TempoGuide {
                objectName: "tempoGuide"
                Layout.fillWidth: true
                visible: !!root.set.tempo
                up: root.set.tempo ? root.set.tempo.up_s : 0
                hold: root.set.tempo ? root.set.tempo.hold_s : 0
                down: root.set.tempo ? root.set.tempo.down_s : 0
                pause: root.set.tempo ? root.set.tempo.bottom_pause_s : 0
                running: root.client.phase === "active"
                serial: root.client.repSerial
            }
            Text {
                objectName: "cueText"
                Layout.fillWidth: true
                text: root.client.turnNow ? "Turn around"
                      : (root.set.cues && root.set.cues.length > 0 ? root.set.cues.join(" · ") : "")
                // The station's praise in green, its corrections in amber.
                color: root.set.cues && root.set.cues.length === 1 && root.set.cues[0] === "Good rep"
                       ? Theme.good : Theme.warning
                font.pixelSize: Theme.fontLarge
                font.bold: true
                elide: Text.ElideRight
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: Theme.radius
                color: Theme.panel
                clip: true
                ZoneBand {
                    visible: root.client.hasZone
                    lowFraction: root.client.zoneLow / root.client.displayMax
                    highFraction: root.client.zoneHigh / root.client.displayMax
                }
                ForceTrace {
                    objectName: "forceTrace"
                    anchors.fill: parent
                    anchors.margins: Theme.gap / 2
                    buffer: root.client.trace
                    windowSeconds: 10
                    maxForce: root.client.displayMax
                    color: Theme.trace
                    lineWidth: 3 * Theme.scale
                }
            }
            BigButton {
                objectName: "endSetButton"
                Layout.alignment: Qt.AlignRight
                text: "End set"
                onClicked: root.client.endSet()
            }
        }
    }
}
