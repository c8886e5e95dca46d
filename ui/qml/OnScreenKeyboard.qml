import QtQuick

// Letters for a name, big enough for a finger; no system input method needed on the kiosk.
Column {
    id: root

    property string text
    property int maxLength: 40
    signal accepted

    spacing: Theme.gap / 2

    readonly property var rows: ["QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM"]

    Repeater {
        model: root.rows
        Row {
            required property string modelData
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: Theme.gap / 2
            Repeater {
                model: modelData.split("")
                BigButton {
                    required property string modelData
                    objectName: "key_" + modelData
                    width: Theme.touch * 0.95
                    implicitWidth: width
                    text: root.text.length === 0 || root.text.endsWith(" ") ? modelData
                                                                            : modelData.toLowerCase()
                    onClicked: if (root.text.length < root.maxLength) root.text += text
                }
            }
        }
    }
    Row {
        anchors.horizontalCenter: parent.horizontalCenter
        spacing: Theme.gap / 2
        BigButton {
            objectName: "key_space"
            width: Theme.touch * 4
            text: "space"
            onClicked: if (root.text.length > 0 && !root.text.endsWith(" ")) root.text += " "
        }
        BigButton {
            objectName: "key_backspace"
            width: Theme.touch * 2
            text: "⌫"
            onClicked: root.text = root.text.slice(0, -1)
        }
        BigButton {
            objectName: "key_done"
            width: Theme.touch * 2
            text: "Done"
            tint: Theme.accent
            enabled: root.text.trim().length > 0
            onClicked: root.accepted()
        }
    }
}
