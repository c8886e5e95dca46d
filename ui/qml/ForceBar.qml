import QtQuick

// The live force as a tall bar against the target zone, readable from two metres: the fill is
// green inside the zone, amber above it, blue below it.
Rectangle {
    id: root

    property real force: 0
    property bool valid: false
    property real maxForce: 100
    property bool hasZone: false
    property real zoneLow: 0
    property real zoneHigh: 0

    readonly property real fraction: valid ? Math.max(0, Math.min(1, force / maxForce)) : 0
    readonly property bool inZone: valid && hasZone && force >= zoneLow && force <= zoneHigh

    radius: Theme.radius
    color: Theme.panel
    clip: true

    ZoneBand {
        id: zoneBand
        objectName: "zoneBand"
        visible: root.hasZone
        lowFraction: root.zoneLow / root.maxForce
        highFraction: root.zoneHigh / root.maxForce
        opacity: 0.55
    }
    Rectangle {
        id: fill
        objectName: "fill"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: parent.width * 0.18
        anchors.bottom: parent.bottom
        height: root.height * root.fraction
        radius: Theme.radius / 2
        color: !root.hasZone ? Theme.accent
             : root.inZone ? Theme.good
             : root.force > root.zoneHigh ? Theme.warning : Theme.accent
    }
    Text {
        visible: root.hasZone
        x: Theme.gap / 2
        y: zoneBand.y + 2
        text: Math.round(root.zoneHigh)
        color: Theme.text
        font.pixelSize: Theme.fontSmall
    }
    Text {
        visible: root.hasZone
        x: Theme.gap / 2
        y: zoneBand.y + zoneBand.height - height - 2
        text: Math.round(root.zoneLow)
        color: Theme.text
        font.pixelSize: Theme.fontSmall
    }
}
