import QtQuick

// A button for sweaty fingers: at least one touch target high, a clear pressed state, dimmed and
// inert when disabled.
Rectangle {
    id: root

    property string text
    property color tint: Theme.panelRaised
    property color textColor: Theme.text
    property real fontSize: Theme.fontNormal
    property real minWidth: Theme.touch * 2
    property int maxLines: 1
    signal clicked

    implicitHeight: Theme.touch
    implicitWidth: Math.max(minWidth, label.implicitWidth + Theme.gap * 3)
    radius: Theme.radius
    color: tap.pressed ? Qt.lighter(tint, 1.4) : tint
    opacity: enabled ? 1.0 : 0.35
    border.color: activeFocus ? Theme.accent : "transparent"
    border.width: 2

    Text {
        id: label
        anchors.centerIn: parent
        width: parent.width - Theme.gap * 2
        horizontalAlignment: Text.AlignHCenter
        text: root.text
        color: root.textColor
        font.pixelSize: root.fontSize
        font.bold: true
        elide: Text.ElideRight
        wrapMode: root.maxLines > 1 ? Text.Wrap : Text.NoWrap
        maximumLineCount: root.maxLines
    }

    MouseArea {
        id: tap
        anchors.fill: parent
        enabled: root.enabled
        onClicked: root.clicked()
    }
}
