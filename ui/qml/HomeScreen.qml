import QtQuick
import QtQuick.Layouts

// Pick or add an athlete; their week against the plan, the streak and the last session.
Item {
    id: root

    required property var client
    signal setupRequested
    signal historyRequested
    signal calibrationRequested

    property bool adding: false
    readonly property var summary: client.summary
    readonly property bool hasSummary: summary.athlete !== undefined
                                       && summary.athlete.id === client.athleteId

    function dayAndDate(iso) {
        return iso ? new Date(iso).toLocaleDateString(Qt.locale(), "ddd d MMM") : ""
    }

    RowLayout {
        anchors.fill: parent
        spacing: Theme.gap
        visible: !root.adding

        ColumnLayout {
            Layout.preferredWidth: parent.width * 0.3
            Layout.fillWidth: false
            Layout.fillHeight: true
            spacing: Theme.gap

            ListView {
                id: athletes
                objectName: "athleteList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                spacing: Theme.gap / 2
                model: root.client.athletes
                delegate: BigButton {
                    required property var athleteId
                    required property string name
                    objectName: "athlete_" + name
                    width: athletes.width
                    text: name
                    tint: athleteId === root.client.athleteId ? Theme.accent : Theme.panelRaised
                    onClicked: root.client.selectAthlete(athleteId)
                }
                Text {
                    anchors.centerIn: parent
                    visible: athletes.count === 0
                    width: parent.width
                    wrapMode: Text.Wrap
                    horizontalAlignment: Text.AlignHCenter
                    text: "No athletes yet.\nAdd yourself to start."
                    color: Theme.textDim
                    font.pixelSize: Theme.fontNormal
                }
            }
            BigButton {
                objectName: "addAthleteButton"
                Layout.fillWidth: true
                text: "+ Add athlete"
                onClicked: { nameKeyboard.text = ""; root.adding = true }
            }
        }

        Rectangle {
            Layout.fillWidth: true
            Layout.fillHeight: true
            radius: Theme.radius
            color: Theme.panel

            ColumnLayout {
                anchors.fill: parent
                anchors.margins: Theme.gap * 1.5
                spacing: Theme.gap

                Text {
                    visible: root.client.athleteId === 0
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    text: "Tap your name."
                    color: Theme.textDim
                    font.pixelSize: Theme.fontLarge
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                Text {
                    objectName: "weekText"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    visible: root.hasSummary
                    text: root.hasSummary
                          ? "This week: " + root.summary.week.sessions + " of "
                            + root.summary.week.plan : ""
                    color: Theme.text
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                }
                Row {
                    visible: root.hasSummary
                    spacing: Theme.gap
                    Repeater {
                        model: root.hasSummary ? root.summary.week.plan : 0
                        Rectangle {
                            required property int index
                            width: Theme.touch * 0.55
                            height: width
                            radius: width / 2
                            color: index < root.summary.week.sessions ? Theme.good : "transparent"
                            border.color: Theme.good
                            border.width: 3
                        }
                    }
                }
                Text {
                    objectName: "streakText"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    visible: root.hasSummary
                    text: !root.hasSummary ? ""
                          : root.summary.streak_weeks > 0
                            ? "Streak: " + root.summary.streak_weeks + " week"
                              + (root.summary.streak_weeks === 1 ? "" : "s") + " on plan"
                            : "Meet the plan this week to start a streak"
                    color: Theme.good
                    font.pixelSize: Theme.fontNormal
                }
                Text {
                    objectName: "lastSessionText"
                    visible: root.hasSummary
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: !root.hasSummary ? ""
                          : root.summary.last_session
                            ? "Last session, " + root.dayAndDate(root.summary.last_session.started_at)
                              + ": " + root.summary.last_session.sets + " sets, "
                              + root.summary.last_session.movements + " reps, "
                              + root.summary.last_session.good + " good"
                            : "No sessions yet: your first one starts here."
                    color: Theme.textDim
                    font.pixelSize: Theme.fontNormal
                }
                Item { Layout.fillHeight: true }
                RowLayout {
                    Layout.fillWidth: true
                    spacing: Theme.gap
                    BigButton {
                        objectName: "startSessionButton"
                        Layout.fillWidth: true
                        visible: root.client.athleteId !== 0
                        tint: Theme.accent
                        text: root.client.phase === "idle" ? "Start session" : "Continue session"
                        onClicked: {
                            if (root.client.phase === "idle")
                                root.client.startSession()
                            root.setupRequested()
                        }
                    }
                    BigButton {
                        objectName: "historyButton"
                        visible: root.client.athleteId !== 0
                        text: "History"
                        onClicked: root.historyRequested()
                    }
                    BigButton {
                        objectName: "calibrateButton"
                        fontSize: Theme.fontSmall
                        minWidth: Theme.touch * 1.5
                        text: root.client.calibrated ? "Calibrate" : "Calibrate (needed)"
                        tint: root.client.calibrated ? Theme.panelRaised : Theme.warning
                        enabled: root.client.phase === "idle" || root.client.phase === "ready"
                        onClicked: root.calibrationRequested()
                    }
                }
            }
        }
    }

    // Adding an athlete: a name from the on-screen keyboard and a weekly plan.
    ColumnLayout {
        anchors.fill: parent
        visible: root.adding
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Rectangle {
                Layout.fillWidth: true
                height: Theme.touch
                radius: Theme.radius
                color: Theme.panel
                Text {
                    objectName: "nameField"
                    anchors.fill: parent
                    anchors.leftMargin: Theme.gap
                    verticalAlignment: Text.AlignVCenter
                    text: nameKeyboard.text.length > 0 ? nameKeyboard.text + "▏" : "Name"
                    color: nameKeyboard.text.length > 0 ? Theme.text : Theme.textDim
                    font.pixelSize: Theme.fontLarge
                }
            }
            Stepper {
                id: plan
                objectName: "planStepper"
                label: "Sessions a week"
                from: 1
                to: 7
                value: 3
                onMoved: (v) => value = v
            }
            BigButton {
                objectName: "cancelAddButton"
                text: "Cancel"
                onClicked: root.adding = false
            }
        }
        OnScreenKeyboard {
            id: nameKeyboard
            Layout.alignment: Qt.AlignHCenter
            onAccepted: {
                root.client.addAthlete(text.trim(), plan.value)
                root.adding = false
            }
        }
    }
}
