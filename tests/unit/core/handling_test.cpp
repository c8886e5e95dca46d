// The band's state from the force alone: off at the cell's zero, settling while it is put on, on
// at its rest tension, leaving when it is taken off, and the intervals of handling that result.
#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/handling.h>

namespace bandstation::core {
namespace {

// Feeds f(t) at `rate` from t0 to t1; returns the intervals closed on the way.
template <typename F>
std::vector<HandlingInterval> feed(HandlingDetector& d, F f, double t0, double t1, double rate = 80,
                                   double sigma = 0.2)
{
    std::vector<HandlingInterval> closed;
    for (double t = t0; t < t1; t += 1.0 / rate) {
        if (auto h = d.process({t, f(t)}, sigma)) {
            closed.push_back(*h);
        }
    }
    return closed;
}

// The band put on: nothing, jerks up to 150 N for two seconds, then rest at 40 N.
double puttingOn(double t)
{
    if (t < 2.0) {
        return 0.0;
    }
    if (t < 4.0) {
        return 40 + 60 * std::sin(7.0 * t) + 50 * std::sin(13.0 * t) * std::sin(13.0 * t);
    }
    return 40.0;
}

TEST(Handling, ASetThatBeginsOffSeesTheBandPutOnAndSettle)
{
    HandlingDetector d;
    d.configure({});
    EXPECT_TRUE(feed(d, puttingOn, 0, 1.9).empty());
    EXPECT_EQ(d.state(), BandState::Off);
    EXPECT_TRUE(feed(d, puttingOn, 1.9, 3.5).empty());
    EXPECT_EQ(d.state(), BandState::Settling);
    ASSERT_TRUE(d.openInterval());
    EXPECT_LE(d.certainUntil(), 2.0); // nothing after the band left zero is final yet
    const auto closed = feed(d, puttingOn, 3.5, 6);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].kind, HandlingKind::Setup);
    EXPECT_NEAR(closed[0].startS, 2.0, 0.05);
    EXPECT_NEAR(closed[0].endS, 4.0, 0.1);
    EXPECT_GT(closed[0].maxForceN, 120);
    EXPECT_EQ(d.state(), BandState::On);
    ASSERT_TRUE(d.restLevel());
    EXPECT_NEAR(*d.restLevel(), 40, 1);
}

TEST(Handling, TheSetupEndsAfterTheLastPointStillOnItsWay)
{
    // Put on with a last slow pull up to the rest (0.4 s from 5 N): the handling ends where the
    // force has arrived, so that no point still on its way becomes the first rep's trough.
    const auto f = [](double t) {
        if (t < 2.0) {
            return 0.0;
        }
        if (t < 3.6) {
            return 5.0 + 60 * std::abs(std::sin(9 * t)); // jerks
        }
        if (t < 4.0) {
            const double u = (t - 3.6) / 0.4;
            return 5 + 35 * u * u * u * (10 - 15 * u + 6 * u * u);
        }
        return 40.0;
    };
    HandlingDetector d;
    d.configure({});
    const auto closed = feed(d, f, 0, 6);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].kind, HandlingKind::Setup);
    const double tight = d.arrivedTolerance(40);
    EXPECT_GE(f(closed[0].endS), 40 - tight);
    EXPECT_LE(closed[0].endS, 4.0 + 1.0 / 80);
}

TEST(Handling, TheBandTakenOffIsATeardownFromItsLastRest)
{
    HandlingDetector d;
    d.configure({});
    const auto off = [](double t) {
        if (t < 10) {
            return 40.0;
        }
        if (t < 11.5) {
            return 40 + 70 * std::abs(std::sin(5 * (t - 10)));
        }
        return 0.3;
    };
    feed(d, off, 0, 9);
    d.movementCounted(40, 8.0, 8.0, 100); // on, at rest after a rep
    feed(d, off, 9, 11.6);
    EXPECT_EQ(d.state(), BandState::Leaving);
    const auto closed = feed(d, off, 11.6, 14);
    ASSERT_EQ(closed.size(), 1u);
    EXPECT_EQ(closed[0].kind, HandlingKind::Teardown);
    EXPECT_NEAR(closed[0].startS, 10.0, 0.1);
    EXPECT_NEAR(closed[0].endS, 11.5, 0.1);
    EXPECT_EQ(d.state(), BandState::Off);
}

TEST(Handling, ASlackMomentIsNotTheBandComingOff)
{
    HandlingDetector d;
    d.configure({});
    // A step whose trail leg came too close: the band slack for 0.2 s, then on again.
    const auto slack = [](double t) { return (t > 5 && t < 5.2) ? 0.5 : 45.0; };
    feed(d, slack, 0, 4);
    d.movementCounted(45, 3.5, 3.5, 100);
    EXPECT_TRUE(feed(d, slack, 4, 8).empty());
    EXPECT_EQ(d.state(), BandState::On);
}

TEST(Handling, OffAndOnAgainIsOneRetie)
{
    HandlingDetector d;
    d.configure({});
    const auto retie = [](double t) {
        if (t < 10) {
            return 40.0;
        }
        if (t < 11) {
            return 40 * (11 - t);
        }
        if (t < 14) {
            return 0.0;
        }
        if (t < 15) {
            return 55 * (t - 14) + 30 * std::sin(20 * t) * (15 - t);
        }
        return 55.0;
    };
    feed(d, retie, 0, 9);
    d.movementCounted(40, 8.0, 8.0, 100);
    feed(d, retie, 9, 20);
    ASSERT_EQ(d.intervals().size(), 1u);
    const auto& h = d.intervals()[0];
    EXPECT_EQ(h.kind, HandlingKind::Reposition);
    EXPECT_NEAR(h.startS, 10.0, 0.2);
    EXPECT_NEAR(h.endS, 15.0, 0.2);
    EXPECT_NEAR(*d.restLevel(), 55, 1);
}

TEST(Handling, AnUnknownStartIsNeverHeldBack)
{
    // A recording that begins on the band (at rest or on a rep's plateau) has nothing to wait
    // for: movements are final as they come, until the band is seen at rest.
    HandlingDetector d;
    d.configure({});
    feed(
        d, [](double) { return 120.0; }, 0, 3);
    EXPECT_EQ(d.state(), BandState::Unknown);
    EXPECT_TRUE(std::isinf(d.certainUntil()));
}

TEST(Handling, TheRestFollowsSlowDriftButNotAJump)
{
    HandlingDetector d;
    d.configure({});
    feed(
        d, [](double) { return 30.0; }, 0, 2);
    d.movementCounted(30, 1.0, 1.0, 100);
    // 1 N/min of drift over a minute at rest: followed.
    feed(
        d, [](double t) { return 30 + (t - 2) / 60.0; }, 2, 62);
    EXPECT_NEAR(*d.restLevel(), 31, 0.2);
    EXPECT_NEAR(d.lastAtRestS(), 62, 0.1);
    // A jump to 45 N: not followed (the analyzer decides what it was).
    feed(
        d, [](double) { return 45.0; }, 62, 66);
    EXPECT_NEAR(*d.restLevel(), 31, 0.2);
    EXPECT_LT(d.lastAtRestS(), 62.1);
}

} // namespace
} // namespace bandstation::core
