import QtQuick

// One bar per rep: its peak force against the zone (the band behind); green when good, amber
// when not. `model` is a RepModel (roles number, peakFraction, good, inZone).
Rectangle {
    id: root

    property alias model: bars.model
    property bool hasZone: false
    property real zoneLowFraction: 0
    property real zoneHighFraction: 0

    radius: Theme.radius
    color: Theme.panel

    ZoneBand {
        visible: root.hasZone
        lowFraction: root.zoneLowFraction
        highFraction: root.zoneHighFraction
        spanY: bars.y
        spanHeight: bars.height
    }
    ListView {
        id: bars
        objectName: "repBars"
        anchors.fill: parent
        anchors.margins: Theme.gap / 2
        orientation: ListView.Horizontal
        interactive: false
        spacing: Math.max(2, Theme.gap / 3)
        delegate: Item {
            required property int number
            required property real peakFraction
            required property bool good
            width: Math.max(6, Math.min(Theme.touch / 2,
                                        (bars.width - bars.spacing * (bars.count - 1)) / Math.max(1, bars.count)))
            height: bars.height
            Rectangle {
                anchors.bottom: parent.bottom
                width: parent.width
                height: parent.height * peakFraction
                radius: 3
                color: good ? Theme.good : Theme.warning
            }
        }
    }
}
