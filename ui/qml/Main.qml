import QtQuick
import Bandstation
import QtQuick.Layouts
import QtQuick.Window

// The station's one window. What the daemon does decides the screen during a set, a rest and a
// calibration; otherwise the runner moves between home, set-up, summaries and history.
Window {
    id: root

    required property var client
    property bool fullScreen: false
    // Where the runner is when no set, rest or calibration takes the screen.
    property string page: "home"

    readonly property string screen: {
        const phase = client.phase
        if (phase === "waiting" || phase === "active") return "live"
        if (phase === "rest") return "rest"
        if (phase === "calibrating") return "calibration"
        return page
    }

    width: 800
    height: 480
    visible: true
    visibility: fullScreen ? Window.FullScreen : Window.Windowed
    color: Theme.background
    title: "bandstation"

    Binding {
        target: Theme
        property: "scale"
        value: Math.min(root.width / 800, root.height / 480)
    }

    Connections {
        target: root.client
        function onSetEnded() { root.page = "summary" }
        function onSessionEnded() { root.page = "summary" }
        function onActionFailed(message) { toast.show(message) }
        function onAthleteAdded() { root.page = "home" }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        Header {
            Layout.fillWidth: true
            client: root.client
            onStatusRequested: root.page = "status"
            onHomeRequested: root.page = "home"
        }
        Banner {
            objectName: "connectionBanner"
            Layout.fillWidth: true
            visible: root.client.status !== StationClient.Ready
            text: root.client.status === StationClient.Connecting
                  ? (root.client.errorString || "Connecting to the station…")
                  : root.client.status === StationClient.Error ? root.client.errorString
                  : "Not connected to the station"
        }
        Banner {
            objectName: "sensorBanner"
            Layout.fillWidth: true
            tint: Theme.warning
            visible: root.client.status === StationClient.Ready
                     && root.client.sensor.state === "faulted"
            text: "Sensor problem: " + (root.client.sensor.reason || "no data")
                  + ". The station keeps trying."
        }
        // One screen at a time; plain anchors (a StackLayout would size itself to its widest
        // screen's content).
        Item {
            id: screens
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.margins: Theme.gap
            enabled: root.client.status === StationClient.Ready

            HomeScreen {
                anchors.fill: parent
                visible: root.screen === "home"
                client: root.client
                onSetupRequested: root.page = "setup"
                onHistoryRequested: root.page = "history"
                onCalibrationRequested: root.page = "calibration"
            }
            SetupScreen {
                anchors.fill: parent
                visible: root.screen === "setup"
                client: root.client
                onDone: root.page = "home"
            }
            LiveScreen {
                anchors.fill: parent
                visible: root.screen === "live"
                client: root.client
            }
            RestScreen {
                anchors.fill: parent
                visible: root.screen === "rest"
                client: root.client
            }
            SummaryScreen {
                anchors.fill: parent
                visible: root.screen === "summary"
                client: root.client
                onNextRequested: root.page = "setup"
                onHomeRequested: root.page = "home"
            }
            HistoryScreen {
                anchors.fill: parent
                visible: root.screen === "history"
                client: root.client
            }
            CalibrationScreen {
                anchors.fill: parent
                visible: root.screen === "calibration"
                client: root.client
                onDone: root.page = "home"
            }
            StatusScreen {
                anchors.fill: parent
                visible: root.screen === "status"
                client: root.client
            }
        }
    }

    Rectangle {
        id: toast
        objectName: "toast"
        function show(message) {
            toastText.text = message
            visible = true
            toastTimer.restart()
        }
        visible: false
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.gap * 2
        width: Math.min(parent.width - Theme.gap * 4, toastText.implicitWidth + Theme.gap * 4)
        height: toastText.implicitHeight + Theme.gap * 2
        radius: Theme.radius
        color: Theme.danger
        Text {
            id: toastText
            anchors.centerIn: parent
            width: Math.min(implicitWidth, root.width - Theme.gap * 8)
            wrapMode: Text.Wrap
            color: "#000000"
            font.pixelSize: Theme.fontNormal
            font.bold: true
        }
        Timer {
            id: toastTimer
            interval: 5000
            onTriggered: toast.visible = false
        }
        TapHandler { onTapped: toast.visible = false }
    }
}
