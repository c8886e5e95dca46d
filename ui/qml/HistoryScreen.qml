import QtQuick
import QtQuick.Layouts

// The athlete's sessions, and per exercise the trend of peak force and volume.
Item {
    id: root

    required property var client

    RowLayout {
        anchors.fill: parent
        spacing: Theme.gap

        ListView {
            id: sessions
            objectName: "historyList"
            Layout.preferredWidth: parent.width * 0.38
            Layout.fillHeight: true
            clip: true
            spacing: Theme.gap / 2
            model: root.client.history
            header: Text {
                text: root.client.athleteName ? "Sessions of " + root.client.athleteName : "Choose an athlete first"
                color: Theme.text
                font.pixelSize: Theme.fontNormal
                font.bold: true
                bottomPadding: Theme.gap / 2
            }
            delegate: Rectangle {
                required property var sessionId
                required property string date
                required property string exercises
                required property real volume
                required property int good
                width: sessions.width
                height: Theme.touch
                radius: Theme.radius
                color: Theme.panel
                Column {
                    anchors.fill: parent
                    anchors.margins: Theme.gap / 2
                    Text {
                        text: date + "  ·  " + Math.round(volume) + " done, " + good + " good"
                        color: Theme.text
                        font.pixelSize: Theme.fontSmall
                        font.bold: true
                    }
                    Text {
                        width: parent.width
                        text: exercises
                        color: Theme.textDim
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                    }
                }
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.gap / 2

            ListView {
                id: tabs
                objectName: "trendTabs"
                Layout.fillWidth: true
                Layout.preferredHeight: Theme.touch
                orientation: ListView.Horizontal
                spacing: Theme.gap / 2
                clip: true
                model: root.client.trendExercises
                delegate: BigButton {
                    required property string exerciseId
                    required property string name
                    objectName: "trend_" + exerciseId
                    fontSize: Theme.fontSmall
                    text: name
                    tint: exerciseId === root.client.trend.exercise ? Theme.accent : Theme.panelRaised
                    onClicked: root.client.selectTrend(exerciseId)
                }
            }
            Text {
                text: "Peak force (N)"
                color: Theme.textDim
                font.pixelSize: Theme.fontSmall
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                radius: Theme.radius
                color: Theme.panel
                ListView {
                    id: peaks
                    objectName: "peakTrend"
                    anchors.fill: parent
                    anchors.margins: Theme.gap / 2
                    orientation: ListView.Horizontal
                    interactive: false
                    spacing: Theme.gap / 2
                    model: root.client.trend
                    delegate: Item {
                        required property string date
                        required property real peakForce
                        required property real peakFraction
                        width: Math.min(Theme.touch, (peaks.width - peaks.spacing * (peaks.count - 1)) / Math.max(1, peaks.count))
                        height: peaks.height
                        Rectangle {
                            anchors.bottom: dateText.top
                            width: parent.width
                            height: (parent.height - dateText.height - valueText.height) * peakFraction
                            radius: 3
                            color: Theme.accent
                        }
                        Text {
                            id: valueText
                            anchors.horizontalCenter: parent.horizontalCenter
                            y: parent.height - dateText.height - (parent.height - dateText.height - height) * peakFraction - height
                            text: Math.round(peakForce)
                            color: Theme.text
                            font.pixelSize: Theme.fontSmall
                        }
                        Text {
                            id: dateText
                            anchors.bottom: parent.bottom
                            anchors.horizontalCenter: parent.horizontalCenter
                            text: date
                            color: Theme.textDim
                            font.pixelSize: Theme.fontSmall * 0.8
                        }
                    }
                }
            }
            Text {
                text: "Volume (" + root.client.trend.unit + ")"
                color: Theme.textDim
                font.pixelSize: Theme.fontSmall
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: parent.height * 0.22
                radius: Theme.radius
                color: Theme.panel
                ListView {
                    id: volumes
                    objectName: "volumeTrend"
                    anchors.fill: parent
                    anchors.margins: Theme.gap / 2
                    orientation: ListView.Horizontal
                    interactive: false
                    spacing: Theme.gap / 2
                    model: root.client.trend
                    delegate: Item {
                        required property real volume
                        required property real volumeFraction
                        width: Math.min(Theme.touch, (volumes.width - volumes.spacing * (volumes.count - 1)) / Math.max(1, volumes.count))
                        height: volumes.height
                        Rectangle {
                            anchors.bottom: parent.bottom
                            width: parent.width
                            height: parent.height * volumeFraction
                            radius: 3
                            color: Theme.good
                        }
                        Text {
                            anchors.horizontalCenter: parent.horizontalCenter
                            anchors.bottom: parent.bottom
                            text: Math.round(volume)
                            color: "#000000"
                            font.pixelSize: Theme.fontSmall * 0.8
                        }
                    }
                }
            }
        }
    }
}
