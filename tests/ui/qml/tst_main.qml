import QtQuick
import QtTest
import Bandstation
import "find.js" as Find

// The window: the daemon's phase picks the screen; when the daemon is away a banner says so and
// the screens take no taps.
Item {
    id: root

    FakeClient { id: fake }
    Component { id: mainComponent; Main { client: fake } }


    TestCase {
        name: "Main"
        when: windowShown

        function test_phasePicksTheScreenAndTheBannerShowsWhenAway() {
            const window = createTemporaryObject(mainComponent, null)
            verify(window)
            compare(window.screen, "home")
            verify(Find.child(window.contentItem, "connectionBanner") === null)
            fake.phase = "active"
            compare(window.screen, "live")
            fake.phase = "rest"
            compare(window.screen, "rest")
            fake.phase = "calibrating"
            compare(window.screen, "calibration")
            fake.phase = "ready"
            compare(window.screen, "home")
            fake.setEnded(3)
            compare(window.screen, "summary")
            window.page = "home"

            fake.status = StationClient.Connecting
            fake.errorString = "The station is not answering (Connection refused). Trying again…"
            const banner = Find.child(window.contentItem, "connectionBanner")
            verify(banner)
            compare(banner.text, fake.errorString)
            fake.status = StationClient.Error
            fake.errorString = "No access token"
            compare(banner.text, "No access token")
            fake.status = StationClient.Ready
            verify(Find.child(window.contentItem, "connectionBanner") === null)

            fake.sensor = { state: "faulted", reason: "no data-ready from the HX711: check DOUT wiring", counters: {} }
            const sensor = Find.child(window.contentItem, "sensorBanner")
            verify(sensor)
            verify(sensor.text.indexOf("check DOUT wiring") > 0)
        }
    }
}
