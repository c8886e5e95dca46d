pragma Singleton
import QtQuick

// Colours and sizes of the station. Sizes are for the 800×480 design and grow with `scale`
// (Main sets it from the window). A touch target is at least 64 px at 800×480 on the official
// 7" screen (about 12 mm; the floor is 9 mm).
QtObject {
    id: root

    property real scale: 1.0

    readonly property color background: "#0e1116"
    readonly property color panel: "#1b212b"
    readonly property color panelRaised: "#27303d"
    readonly property color text: "#ffffff"
    readonly property color textDim: "#b7c0cc"
    readonly property color accent: "#3da5ff"
    readonly property color good: "#4cd964"
    readonly property color zone: "#2e7d32"
    readonly property color warning: "#ffb300"
    readonly property color danger: "#ff5252"
    readonly property color trace: "#e8f1ff"

    readonly property real touch: Math.round(64 * scale)
    readonly property real gap: Math.round(10 * scale)
    readonly property real radius: Math.round(10 * scale)
    readonly property real fontSmall: Math.round(17 * scale)
    readonly property real fontNormal: Math.round(22 * scale)
    readonly property real fontLarge: Math.round(32 * scale)
    readonly property real fontHuge: Math.round(96 * scale)
}
