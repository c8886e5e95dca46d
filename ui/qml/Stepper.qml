import QtQuick

// A number set with − and + (no typing): label, value with its unit, big buttons.
Rectangle {
    id: root

    property string label
    property string unit
    property real value: 0
    property real step: 1
    property real from: 0
    property real to: 100
    property int decimals: 0
    signal moved(real value)

    implicitHeight: Theme.touch * 0.875
    implicitWidth: 300 * Theme.scale
    radius: Theme.radius
    color: Theme.panel
    opacity: enabled ? 1.0 : 0.35

    BigButton {
        id: minus
        objectName: root.objectName + "Minus"
        anchors.left: parent.left
        width: Theme.touch
        height: root.height
        text: "−"
        fontSize: Theme.fontLarge
        enabled: root.value - root.step >= root.from - 1e-9
        onClicked: root.moved(Math.max(root.from, root.value - root.step))
    }
    // The label above the value, between the buttons: it fits however narrow the stepper is.
    Column {
        anchors.left: minus.right
        anchors.right: plus.left
        anchors.verticalCenter: parent.verticalCenter
        Text {
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: root.label
            color: Theme.textDim
            font.pixelSize: Theme.fontSmall * 0.8
            elide: Text.ElideRight
        }
        Text {
            objectName: root.objectName + "Value"
            width: parent.width
            horizontalAlignment: Text.AlignHCenter
            text: root.value.toFixed(root.decimals) + (root.unit ? " " + root.unit : "")
            color: Theme.text
            font.pixelSize: Theme.fontNormal
            font.bold: true
        }
    }
    BigButton {
        id: plus
        objectName: root.objectName + "Plus"
        anchors.right: parent.right
        width: Theme.touch
        height: root.height
        text: "+"
        fontSize: Theme.fontLarge
        enabled: root.value + root.step <= root.to + 1e-9
        onClicked: root.moved(Math.min(root.to, root.value + root.step))
    }
}
