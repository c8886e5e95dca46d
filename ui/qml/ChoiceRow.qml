import QtQuick

// One choice out of a few, as chips that wrap onto a second line when needed: `options` is a
// list of {value, text}.
Flow {
    id: root

    property var options: []
    property var current
    signal chosen(var value)

    spacing: Theme.gap / 2

    Repeater {
        model: root.options
        BigButton {
            required property var modelData
            objectName: "choice_" + modelData.value
            minWidth: Theme.touch * 1.1
            text: modelData.text
            fontSize: Theme.fontSmall
            tint: modelData.value === root.current ? Theme.accent : Theme.panelRaised
            onClicked: root.chosen(modelData.value)
        }
    }
}
