import QtQuick
import QtTest
import Bandstation
import "find.js" as Find

// The screens with a fake client: what they show for a state, and what a tap asks the station.
Item {
    id: root
    width: 800
    height: 420

    FakeClient { id: fake }

    Component { id: homeComponent; HomeScreen { width: 800; height: 400; client: fake } }
    Component { id: liveComponent; LiveScreen { width: 800; height: 400; client: fake } }
    Component { id: restComponent; RestScreen { width: 800; height: 400; client: fake } }
    Component { id: calibrationComponent; CalibrationScreen { width: 800; height: 400; client: fake } }
    Component { id: setupComponent; SetupScreen { width: 800; height: 400; client: fake } }
    Component { id: statusComponent; StatusScreen { width: 800; height: 400; client: fake } }


    TestCase {
        name: "Screens"
        when: windowShown

        function init() {
            fake.calls = []
            fake.phase = "idle"
            fake.athleteId = 0
            fake.summary = {}
            fake.athletes.clear()
        }

        function test_statusSaysWhenStorageIsOffInWords() {
            fake.diagnostics = { samples_lost: 0,
                                 storage: { ok: true, error: "", path: "/var/lib/bandstation/station.db" } }
            const status = createTemporaryObject(statusComponent, root)
            compare(Find.child(status, "storageText").text,
                    "Storage: saving to /var/lib/bandstation/station.db")
            fake.diagnostics = { samples_lost: 1200,
                                 storage: { ok: false, error: "database or disk is full", path: "x" } }
            const text = Find.child(status, "storageText").text
            verify(text.indexOf("Storage OFF: database or disk is full") === 0, text)
            verify(text.indexOf("Live feedback goes on") > 0, text)
            compare(Find.child(status, "lossText").text, "Samples lost since start: 1200")
            fake.diagnostics = {}
        }

        function test_homeWithoutAthletesAsksForOne() {
            const home = createTemporaryObject(homeComponent, root)
            verify(Find.child(home, "startSessionButton") === null) // hidden without an athlete
            mouseClick(Find.child(home, "addAthleteButton"))
            mouseClick(Find.child(home, "key_B"))
            mouseClick(Find.child(home, "key_O"))
            mouseClick(Find.child(home, "planStepperMinus"))
            mouseClick(Find.child(home, "key_done"))
            compare(fake.calls, ["addAthlete(Bo,2)"])
        }

        function test_homeShowsTheWeekTheStreakAndStarts() {
            fake.athletes.append({ athleteId: 4, name: "Ana", sessionsPerWeek: 3 })
            fake.athleteId = 4
            fake.athleteName = "Ana"
            fake.summary = { athlete: { id: 4 }, week: { sessions: 2, plan: 3, start: "2026-11-16" },
                             streak_weeks: 5,
                             last_session: { started_at: "2026-11-18T08:00:00.000Z", sets: 4,
                                             movements: 48, good: 44 } }
            const home = createTemporaryObject(homeComponent, root)
            compare(Find.child(home, "weekText").text, "This week: 2 of 3")
            compare(Find.child(home, "streakText").text, "Streak: 5 weeks on plan")
            verify(Find.child(home, "lastSessionText").text.indexOf("4 sets, 48 reps, 44 good") > 0)
            const start = Find.child(home, "startSessionButton")
            compare(start.text, "Start session")
            let asked = false
            home.setupRequested.connect(() => asked = true)
            mouseClick(start)
            compare(fake.calls, ["startSession"])
            verify(asked)
            fake.phase = "ready"
            compare(start.text, "Continue session")
        }

        function test_liveShowsCountCuesAndEndsTheSet() {
            fake.phase = "active"
            fake.set = { id: 7, exercise: "clamshell", kind: "rep", side: "left", number: 2, of: 6,
                         target: 15, count: 4, good: 3, cues: ["Lower slowly"],
                         tempo: { up_s: 1, hold_s: 1, down_s: 2, bottom_pause_s: 0 } }
            fake.force = 52.4
            const live = createTemporaryObject(liveComponent, root)
            compare(Find.child(live, "countText").text, "4 / 15")
            compare(Find.child(live, "goodText").text, "3 good")
            compare(Find.child(live, "forceText").text, "52")
            compare(Find.child(live, "cueText").text, "Lower slowly")
            verify(Find.child(live, "setTitle").text.indexOf("set 2 of 6") > 0)
            verify(Find.child(live, "tempoGuide").visible)
            tryCompare(Find.child(live, "tempoGuide"), "phase", "hold", 2000)
            mouseClick(Find.child(live, "endSetButton"))
            compare(fake.calls, ["endSet"])

            // A walk counts steps this way and says when to turn; a hold counts time in zone.
            fake.set = { id: 8, exercise: "crab_walk", kind: "step", target: 15, count: 20, cues: [] }
            fake.directionSteps = 15
            fake.turnNow = true
            compare(Find.child(live, "countText").text, "15 / 15")
            compare(Find.child(live, "cueText").text, "Turn around")
            fake.set = { id: 9, exercise: "glute_bridge_hold", kind: "hold", target_hold_s: 30, cues: [] }
            fake.holdInZoneS = 12.4
            fake.turnNow = false
            compare(Find.child(live, "countText").text, "12 / 30 s")
            verify(Find.child(live, "tempoGuide") === null)
        }

        function test_liveSaysWhatTheBandIsDoing() {
            // The station tells the band's state; handling is not counted, and the screen says so.
            fake.phase = "waiting"
            fake.set = { id: 7, exercise: "banded_bridge", kind: "rep", target: 12, count: 0, good: 0,
                         cues: [], band: "off" }
            const live = createTemporaryObject(liveComponent, root)
            compare(Find.child(live, "bandText").text, "Put the band on")
            fake.set = Object.assign({}, fake.set, { band: "settling" })
            compare(Find.child(live, "bandText").text, "Band going on: not counting yet")
            fake.set = Object.assign({}, fake.set, { band: "on" })
            compare(Find.child(live, "bandText").text, "Start when you are ready")
            fake.phase = "active"
            fake.set = Object.assign({}, fake.set, { band: "leaving", count: 12 })
            compare(Find.child(live, "bandText").text, "Band coming off: not counting")
        }

        function test_restCountsDownAndSkipsOrExtends() {
            fake.phase = "rest"
            fake.rest = { remaining_s: 64.2, next_number: 3, of: 6, exercise: "clamshell", next_side: "left" }
            const rest = createTemporaryObject(restComponent, root)
            compare(Find.child(rest, "restCountdown").text, "1:05")
            verify(Find.child(rest, "nextText").text.indexOf("set 3 of 6") > 0)
            mouseClick(Find.child(rest, "addRestButton"))
            mouseClick(Find.child(rest, "skipRestButton"))
            compare(fake.calls, ["extendRest(30)", "skipRest"])
        }

        function test_calibrationWizardSpeaksPlainly() {
            const wizard = createTemporaryObject(calibrationComponent, root)
            verify(Find.child(wizard, "currentCalibration").text.indexOf("Not calibrated") === 0)
            mouseClick(Find.child(wizard, "massStepperPlus"))
            mouseClick(Find.child(wizard, "startCalibrationButton"))
            compare(fake.calls, ["startCalibration(5.5)"])

            fake.calibration = { step: "waiting_for_mass", running: true,
                                 instruction: "Hang the 5.5 kg mass and let go", error: "", warning: "",
                                 current: [null] }
            compare(Find.child(wizard, "calibrationInstruction").text, "Hang the 5.5 kg mass and let go")
            verify(Find.child(wizard, "startCalibrationButton") === null)
            mouseClick(Find.child(wizard, "cancelCalibrationButton"))
            compare(fake.calls[1], "cancelCalibration")

            fake.calibration = { step: "failed", running: false, instruction: "",
                                 error: "the reading did not change: is the mass hanging from the band?",
                                 warning: "", current: [null] }
            compare(Find.child(wizard, "calibrationError").text,
                    "That did not work: the reading did not change: is the mass hanging from the band?")
            compare(Find.child(wizard, "startCalibrationButton").text, "Calibrate again")
            verify(Find.child(wizard, "confirmCalibrationButton") === null) // nothing to confirm

            // Refused as implausible: a mistyped mass, or a new load cell, which the owner says.
            fake.calibration = { step: "failed", running: false, instruction: "", warning: "",
                                 error: "the load cell would read 10.0× less sensitive …",
                                 confirmable: true, current: [null] }
            mouseClick(Find.child(wizard, "confirmCalibrationButton"))
            compare(fake.calls[2], "startCalibration(5.5,true)")
        }

        function test_setupStartsOnlyWithAnExerciseInASession() {
            fake.phase = "ready"
            fake.plan.exercise = ""
            const setup = createTemporaryObject(setupComponent, root)
            const start = Find.child(setup, "startSetButton")
            verify(!start.enabled)
            fake.plan.select("clamshell")
            verify(start.enabled)
            waitForRendering(setup) // the form appears and is laid out in the next frame
            const plus = Find.child(setup, "repsStepperPlus")
            mouseClick(plus)
            // The fake's plan is plain properties: the stepper writes them as the real one does.
            compare(fake.plan.reps, 13)
            mouseClick(start)
            compare(fake.calls, ["startSet"])
        }
    }
}
