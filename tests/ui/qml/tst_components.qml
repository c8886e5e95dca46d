import QtQuick
import QtTest
import Bandstation
import "find.js" as Find

// The building blocks: steppers stop at their bounds, the keyboard types, the force bar's colour
// says where the force is against the zone, a disabled button does nothing.
Item {
    id: root
    width: 800
    height: 480

    Stepper { id: stepper; objectName: "s"; from: 1; to: 3; value: 2; onMoved: (v) => value = v }
    OnScreenKeyboard { id: keyboard; y: 80 }
    ForceBar { id: bar; x: 700; width: 80; height: 300; maxForce: 100; hasZone: true; zoneLow: 40; zoneHigh: 60; valid: true }
    BigButton { id: button; x: 600; y: 400; text: "Go"; enabled: false; property int taps: 0; onClicked: taps++ }


    TestCase {
        name: "Components"
        when: windowShown

        function test_stepperStopsAtItsBounds() {
            const plus = Find.child(stepper, "sPlus")
            const minus = Find.child(stepper, "sMinus")
            mouseClick(plus)
            compare(stepper.value, 3)
            verify(!plus.enabled)
            mouseClick(plus)
            compare(stepper.value, 3)
            mouseClick(minus); mouseClick(minus)
            compare(stepper.value, 1)
            verify(!minus.enabled)
        }

        function test_keyboardTypesANameWithCapitals() {
            keyboard.text = ""
            for (const key of ["key_J", "key_O", "key_space", "key_B"])
                mouseClick(Find.child(keyboard, key))
            compare(keyboard.text, "Jo B")
            mouseClick(Find.child(keyboard, "key_backspace"))
            compare(keyboard.text, "Jo ")
            const done = Find.child(keyboard, "key_done")
            verify(done.enabled)
            keyboard.text = "  "
            verify(!done.enabled)
        }

        function test_forceBarColoursAndZone() {
            const fill = Find.child(bar, "fill")
            const zone = Find.child(bar, "zoneBand")
            bar.force = 50
            verify(bar.inZone)
            compare(fill.color, Theme.good)
            compare(fill.height, 150)
            compare(zone.height, 60) // 40-60 N of 100 N on 300 px
            bar.force = 75
            compare(fill.color, Theme.warning)
            bar.force = 20
            compare(fill.color, Theme.accent)
            bar.force = 250
            compare(fill.height, 300) // capped
            bar.valid = false
            compare(fill.height, 0)
            bar.valid = true
        }

        function test_disabledButtonIgnoresTaps() {
            mouseClick(button)
            compare(button.taps, 0)
            button.enabled = true
            mouseClick(button)
            compare(button.taps, 1)
        }
    }
}
