import QtQuick

// The target zone drawn across a plot: `lowFraction` and `highFraction` of the plot's scale, on a
// vertical span (by default the parent's whole height) with 0 at the bottom.
Rectangle {
    id: root

    property real lowFraction: 0
    property real highFraction: 0
    property real spanY: 0
    property real spanHeight: parent ? parent.height : 0

    anchors.left: parent ? parent.left : undefined
    anchors.right: parent ? parent.right : undefined
    y: spanY + spanHeight * (1 - Math.min(1, highFraction))
    height: spanHeight * Math.max(0, Math.min(1, highFraction) - Math.min(1, lowFraction))
    color: Theme.zone
    opacity: 0.45
}
