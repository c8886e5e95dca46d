import QtQuick
import Bandstation

// Stands in for StationClient in the screens' tests: the same properties, plain list models with
// the same roles, and actions that record what was asked.
QtObject {
    id: root

    property int status: StationClient.Ready
    property string errorString: ""
    property string url: "http://127.0.0.1:7420"
    property string phase: "idle"
    property var session: ({})
    property var set: ({})
    property var rest: ({})
    property var calibration: ({ step: "idle", running: false, instruction: "", error: "",
                                 warning: "", current: [null] })
    property bool calibrated: false
    property var sensor: ({ state: "streaming", kind: "simulated", description: "simulated",
                            measured_rate_hz: 80, configured_rate_hz: 80, channels: 1,
                            counters: { samples: 100, bad_reads: 0 } })
    property var diagnostics: ({})
    property bool forceValid: true
    property real force: 0
    property real displayMax: 100
    property bool hasZone: false
    property real zoneLow: 0
    property real zoneHigh: 0
    property bool inZone: false
    property real holdInZoneS: 0
    property int direction: 0
    property int directionSteps: 0
    property bool turnNow: false
    property int repSerial: 0
    property var athleteId: 0
    property string athleteName: ""
    property var summary: ({})
    property var trace: null
    property var report: ({ valid: false, repModel: null, sets: null, curveCount: 0, reps: 0,
                            goodReps: 0, kind: "rep", hasZone: false, zoneLowFraction: 0,
                            zoneHighFraction: 0, tutS: 0, tempoAdherence: -1, meanPeak: 0,
                            symmetry: -1, weakerSide: "", exercise: "", side: "",
                            sessionSets: 0, sessionReps: 0, sessionGood: 0 })
    property var plan: QtObject {
        property string exercise: ""
        property string name: ""
        property string cue: ""
        property string kind: "rep"
        property string sides: "both"
        property bool fromHistory: false
        property string side: ""
        property string bandColour: ""
        property string bandPosition: ""
        property int reps: 12
        property int sets: 3
        property int restS: 60
        property int holdS: 30
        property bool hasZone: false
        property int zoneLow: 0
        property int zoneHigh: 0
        property bool hasTempo: true
        property string tempoText: "2-1-2"
        function select(id) { exercise = id; name = id }
    }
    property var athletes: ListModel {}
    property var exercises: ListModel {
        function shortName(id) { return id }
    }
    property var liveReps: ListModel {}
    property var history: ListModel {}
    property var trendExercises: ListModel {}
    property var trend: ListModel {
        property string exercise: ""
        property string unit: "reps"
    }

    property var calls: []
    function record(name, args) { calls = calls.concat([name + (args === undefined ? "" : "(" + args + ")")]) }

    signal setEnded(var setId)
    signal sessionEnded(var sessionId)
    signal actionFailed(string message)
    signal athleteAdded(var id)

    function refreshAthletes() { record("refreshAthletes") }
    function addAthlete(name, plan) { record("addAthlete", name + "," + plan) }
    function selectAthlete(id) { record("selectAthlete", id); athleteId = id }
    function startSession() { record("startSession") }
    function endSession() { record("endSession") }
    function startSet() { record("startSet") }
    function endSet() { record("endSet") }
    function skipRest() { record("skipRest") }
    function extendRest(seconds) { record("extendRest", seconds) }
    function startCalibration(mass, confirm) {
        record("startCalibration", mass + (confirm === undefined ? "" : "," + confirm))
    }
    function cancelCalibration() { record("cancelCalibration") }
    function refreshDiagnostics() { record("refreshDiagnostics") }
    function selectTrend(id) { record("selectTrend", id) }
}
