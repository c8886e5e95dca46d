import QtQuick

// The strip that says what is wrong in words: the daemon away, a refused token, a sensor fault.
Rectangle {
    id: root

    property string text
    property color tint: Theme.danger

    implicitHeight: visible ? Math.max(Theme.touch * 0.75, label.implicitHeight + Theme.gap) : 0
    color: tint

    Text {
        id: label
        anchors.fill: parent
        anchors.margins: Theme.gap / 2
        verticalAlignment: Text.AlignVCenter
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        text: root.text
        color: "#000000"
        font.pixelSize: Theme.fontSmall
        font.bold: true
    }
}
