import QtQuick
import QtQuick.Layouts

// Set up the next exercise: from the catalog with its cue; side, band and targets, prefilled
// from the athlete's last session of it (or the catalog's defaults).
Item {
    id: root

    required property var client
    signal done

    readonly property var plan: client.plan
    readonly property bool isHold: plan.kind === "hold"
    readonly property bool isWalk: plan.kind === "step"

    RowLayout {
        anchors.fill: parent
        spacing: Theme.gap

        ListView {
            id: exercises
            objectName: "exerciseList"
            Layout.preferredWidth: parent.width * 0.33
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap / 2
            model: root.client.exercises
            delegate: BigButton {
                required property string exerciseId
                required property string shortName
                objectName: "exercise_" + exerciseId
                width: exercises.width
                fontSize: Theme.fontSmall
                maxLines: 2
                text: shortName
                tint: exerciseId === root.plan.exercise ? Theme.accent : Theme.panelRaised
                onClicked: root.plan.select(exerciseId)
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.gap

            Text {
                visible: root.plan.exercise === ""
                Layout.fillWidth: true
                Layout.fillHeight: true
                text: "Choose an exercise."
                color: Theme.textDim
                font.pixelSize: Theme.fontLarge
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }

            Flickable {
                id: flick
                visible: root.plan.exercise !== ""
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                contentWidth: width
                contentHeight: form.implicitHeight
                boundsBehavior: Flickable.StopAtBounds

                ColumnLayout {
                    id: form
                    width: flick.width
                    spacing: Theme.gap * 0.8

                    Text {
                        Layout.fillWidth: true
                        text: root.plan.name
                        color: Theme.text
                        font.pixelSize: Theme.fontNormal
                        font.bold: true
                        elide: Text.ElideRight
                    }
                    Text {
                        objectName: "cueText"
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        maximumLineCount: 2
                        elide: Text.ElideRight
                        text: root.plan.cue + (root.plan.fromHistory ? "  ·  targets from your last session"
                                                                     : "")
                        color: Theme.textDim
                        font.pixelSize: Theme.fontSmall
                    }
                    GridLayout {
                        Layout.fillWidth: true
                        columns: 2
                        columnSpacing: Theme.gap
                        rowSpacing: Theme.gap * 0.8
                        Stepper {
                            objectName: "repsStepper"
                            Layout.fillWidth: true
                            label: root.isHold ? "Hold" : root.isWalk ? "Steps each way" : "Reps"
                            unit: root.isHold ? "s" : ""
                            from: root.isHold ? 5 : 1
                            to: root.isHold ? 300 : 100
                            step: root.isHold ? 5 : 1
                            value: root.isHold ? root.plan.holdS : root.plan.reps
                            onMoved: (v) => { if (root.isHold) root.plan.holdS = v; else root.plan.reps = v }
                        }
                        Stepper {
                            objectName: "setsStepper"
                            Layout.fillWidth: true
                            label: root.plan.sides === "left_right" ? "Sets a side" : "Sets"
                            from: 1
                            to: 10
                            value: root.plan.sets
                            onMoved: (v) => root.plan.sets = v
                        }
                        Stepper {
                            objectName: "zoneLowStepper"
                            Layout.fillWidth: true
                            visible: root.plan.hasZone
                            label: "Zone from"
                            unit: "N"
                            from: 0
                            to: root.plan.zoneHigh - 5
                            step: 5
                            value: root.plan.zoneLow
                            onMoved: (v) => root.plan.zoneLow = v
                        }
                        Stepper {
                            objectName: "zoneHighStepper"
                            Layout.fillWidth: true
                            visible: root.plan.hasZone
                            label: "to"
                            unit: "N"
                            from: root.plan.zoneLow + 5
                            to: 1000
                            step: 5
                            value: root.plan.zoneHigh
                            onMoved: (v) => root.plan.zoneHigh = v
                        }
                        BigButton {
                            objectName: "addZoneButton"
                            visible: !root.plan.hasZone
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touch * 0.875
                            fontSize: Theme.fontSmall
                            text: "+ Force zone"
                            onClicked: {
                                root.plan.zoneLow = 40
                                root.plan.zoneHigh = 60
                                root.plan.hasZone = true
                            }
                        }
                        Text {
                            Layout.fillWidth: true
                            visible: !root.plan.hasZone
                            horizontalAlignment: Text.AlignHCenter
                            text: root.plan.hasTempo ? "Tempo " + root.plan.tempoText + " s" : ""
                            color: Theme.textDim
                            font.pixelSize: Theme.fontSmall
                        }
                        Stepper {
                            objectName: "restStepper"
                            Layout.fillWidth: true
                            label: "Rest"
                            unit: "s"
                            from: 0
                            to: 600
                            step: 15
                            value: root.plan.restS
                            onMoved: (v) => root.plan.restS = v
                        }
                        BigButton {
                            objectName: "bandButton"
                            Layout.fillWidth: true
                            Layout.preferredHeight: Theme.touch * 0.875
                            fontSize: Theme.fontSmall
                            maxLines: 2
                            text: "Band: " + (root.plan.bandColour || "colour?") + ", "
                                  + (root.plan.bandPosition || "where?")
                                  + (root.plan.sides === "left_right"
                                     ? "\n" + (root.plan.side ? root.plan.side + " only" : "both sides") : "")
                            onClicked: bandPanel.visible = true
                        }
                    }
                }
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.gap
                BigButton {
                    objectName: "endSessionButton"
                    text: "End session"
                    enabled: root.client.phase === "ready"
                    onClicked: root.client.endSession()
                }
                BigButton {
                    objectName: "startSetButton"
                    Layout.fillWidth: true
                    tint: Theme.accent
                    text: "Start"
                    enabled: root.plan.exercise !== "" && root.client.phase === "ready"
                    onClicked: root.client.startSet()
                }
            }
        }
    }

    // The band (and the side, for one-sided work): chosen once, shown on the button.
    Rectangle {
        id: bandPanel
        objectName: "bandPanel"
        anchors.fill: parent
        visible: false
        color: Theme.background
        Column {
            anchors.fill: parent
            spacing: Theme.gap
            Text {
                text: "Band colour"
                color: Theme.textDim
                font.pixelSize: Theme.fontSmall
            }
            ChoiceRow {
                objectName: "bandColour"
                width: parent.width
                options: [{ value: "", text: "—" }, { value: "yellow", text: "Yellow" },
                          { value: "red", text: "Red" }, { value: "green", text: "Green" },
                          { value: "blue", text: "Blue" }, { value: "black", text: "Black" }]
                current: root.plan.bandColour
                onChosen: (v) => root.plan.bandColour = v
            }
            Text {
                text: "Where the band sits"
                color: Theme.textDim
                font.pixelSize: Theme.fontSmall
            }
            ChoiceRow {
                objectName: "bandPosition"
                width: parent.width
                options: [{ value: "", text: "—" }, { value: "knees", text: "Knees" },
                          { value: "shins", text: "Shins" }, { value: "ankles", text: "Ankles" },
                          { value: "feet", text: "Feet" }]
                current: root.plan.bandPosition
                onChosen: (v) => root.plan.bandPosition = v
            }
            Text {
                visible: root.plan.sides === "left_right"
                text: "Side"
                color: Theme.textDim
                font.pixelSize: Theme.fontSmall
            }
            ChoiceRow {
                visible: root.plan.sides === "left_right"
                width: parent.width
                options: [{ value: "", text: "Both, left first" },
                          { value: "left", text: "Left only" },
                          { value: "right", text: "Right only" }]
                current: root.plan.side
                onChosen: (v) => root.plan.side = v
            }
        }
        BigButton {
            objectName: "bandDoneButton"
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            tint: Theme.accent
            text: "Done"
            onClicked: bandPanel.visible = false
        }
    }
}
