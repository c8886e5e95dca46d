import QtQuick
import QtQuick.Layouts

// The calibration wizard: enter the known mass, then the station leads: take everything off
// (tare), hang the mass, take it off. Its checks speak in plain words when a step fails.
Item {
    id: root

    required property var client
    signal done

    readonly property var cal: client.calibration
    readonly property string step: cal.step || "idle"
    readonly property bool running: !!cal.running
    readonly property var current: cal.current && cal.current.length > 0 ? cal.current[0] : null
    readonly property var steps: [
        { key: "taring", text: "Empty" },
        { key: "waiting_for_mass", text: "Hang the mass" },
        { key: "waiting_for_removal", text: "Take it off" },
        { key: "done", text: "Done" }
    ]
    readonly property int stepIndex: {
        for (let i = 0; i < steps.length; ++i)
            if (steps[i].key === step) return i
        return -1
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        Text {
            text: "Calibrate the load cell"
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.bold: true
        }
        Row {
            spacing: Theme.gap / 2
            Repeater {
                model: root.steps
                Rectangle {
                    required property var modelData
                    required property int index
                    width: 170 * Theme.scale
                    height: Theme.touch * 0.6
                    radius: Theme.radius
                    color: index === root.stepIndex ? Theme.accent
                         : index < root.stepIndex ? Theme.zone : Theme.panel
                    Text {
                        anchors.centerIn: parent
                        text: (index + 1) + ". " + modelData.text
                        color: Theme.text
                        font.pixelSize: Theme.fontSmall
                    }
                }
            }
        }
        Text {
            objectName: "calibrationInstruction"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: root.running ? root.cal.instruction
                  : root.step === "done" ? "Calibrated. The station now reads "
                    + (root.client.forceValid ? Math.round(root.client.force) + " N" : "–")
                    + ": hang the mass again to check (about " + Math.round(massStepper.value * 9.81) + " N)."
                  : root.step === "failed" ? ""
                  : "Have a known mass ready (a weight plate or a dumbbell), enter it, then start."
            color: Theme.text
            font.pixelSize: Theme.fontLarge
        }
        Text {
            objectName: "calibrationError"
            Layout.fillWidth: true
            visible: text !== ""
            wrapMode: Text.Wrap
            text: root.step === "failed" ? "That did not work: " + root.cal.error : (root.cal.warning || "")
            color: root.step === "failed" ? Theme.danger : Theme.warning
            font.pixelSize: Theme.fontNormal
        }
        BigButton {
            // Refused as implausible: usually a mistyped mass, but also what a new load cell
            // looks like; its owner says so here.
            objectName: "confirmCalibrationButton"
            visible: !root.running && root.step === "failed" && root.cal.confirmable === true
            text: "New load cell: calibrate again"
            onClicked: root.client.startCalibration(massStepper.value, true)
        }
        Text {
            objectName: "currentCalibration"
            visible: !root.running
            text: root.current
                  ? "In use since " + new Date(root.current.created_at).toLocaleDateString(Qt.locale(), "d MMM yyyy")
                    + " (" + (root.current.mass_kg ? root.current.mass_kg + " kg, " : "")
                    + Math.round(root.current.counts_per_newton) + " counts/N)"
                  : "Not calibrated yet: forces cannot be shown."
            color: root.current ? Theme.textDim : Theme.warning
            font.pixelSize: Theme.fontSmall
        }
        Item { Layout.fillHeight: true }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Stepper {
                id: massStepper
                objectName: "massStepper"
                visible: !root.running
                Layout.preferredWidth: 360 * Theme.scale
                label: "Known mass"
                unit: "kg"
                decimals: 1
                from: 0.5
                to: 100
                step: 0.5
                value: 5
                onMoved: (v) => value = v
            }
            Item { Layout.fillWidth: true }
            BigButton {
                objectName: "cancelCalibrationButton"
                visible: root.running
                text: "Cancel"
                onClicked: root.client.cancelCalibration()
            }
            BigButton {
                objectName: "calibrationDoneButton"
                visible: !root.running
                text: root.step === "done" ? "Accept" : "Back"
                onClicked: root.done()
            }
            BigButton {
                objectName: "startCalibrationButton"
                visible: !root.running
                tint: Theme.accent
                text: root.step === "failed" || root.step === "done" ? "Calibrate again" : "Start"
                onClicked: root.client.startCalibration(massStepper.value)
            }
        }
    }
}
