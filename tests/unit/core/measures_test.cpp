#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/measures.h>

#include "synth.h"

namespace bandstation::core {
namespace {

// Dense clean points of a signal from t0 to t1.
std::vector<Point> dense(const test::RepSignal& s, double t0, double t1, double step = 0.0005)
{
    std::vector<Point> p;
    for (double t = t0; t <= t1; t += step) {
        p.push_back({t, s(t)});
    }
    return p;
}

CycleView view(const std::vector<Point>& p)
{
    CycleView v;
    v.points = p;
    std::size_t pk = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i].f > p[pk].f) {
            pk = i;
        }
    }
    v.peak = pk;
    v.troughBeforeIdx = 0;
    for (std::size_t i = 0; i < pk; ++i) {
        if (p[i].f < p[v.troughBeforeIdx].f) {
            v.troughBeforeIdx = i;
        }
    }
    v.troughAfterIdx = pk;
    for (std::size_t i = pk; i < p.size(); ++i) {
        if (p[i].f < p[v.troughAfterIdx].f) {
            v.troughAfterIdx = i;
        }
    }
    v.troughBefore = p[v.troughBeforeIdx].f;
    v.troughAfter = p[v.troughAfterIdx].f;
    return v;
}

TEST(Measures, PhasesOfACleanRepMatchTheDefinition)
{
    const test::RepSignal s({{1.0, 2.0, 1.0, 2.0, 30, 150}});
    const auto p = dense(s, 0, s.endS());
    const auto rep = measureRep(view(p), false);
    ASSERT_TRUE(rep);
    const auto& t = s.truth()[0];
    EXPECT_NEAR(rep->startS, t.startS, 1e-3);
    EXPECT_NEAR(rep->concentricEndS, t.concentricEndS, 1e-3);
    EXPECT_NEAR(rep->eccentricStartS, t.eccentricStartS, 1e-3);
    EXPECT_NEAR(rep->endS, t.endS, 1e-3);
    // 2-1-2 measures about 1.0-2.0-1.0 on the 10/90 % definition.
    EXPECT_NEAR(rep->concentricS, 2.0 * (1 - 2 * test::tenPercentTau()), 2e-3);
    EXPECT_NEAR(rep->holdS, 1.0 + 4.0 * test::tenPercentTau(), 2e-3);
    EXPECT_NEAR(rep->peakForceN, 150, 1e-6);
    EXPECT_NEAR(rep->troughBeforeN, 30, 1e-6);
    EXPECT_NEAR(rep->amplitudeN, 120, 1e-6);
    EXPECT_NEAR(rep->tutS, rep->endS - rep->startS, 1e-12);
    EXPECT_FALSE(rep->rfdNPerS);
}

TEST(Measures, MeanAndImpulseOfARectangle)
{
    // A square pulse 30 → 130 N for 2 s, edges of one sample: mean ≈ 130, impulse ≈ 100 N × 2 s.
    std::vector<Point> p;
    for (int i = 0; i <= 5000; ++i) {
        const double t = i * 0.001;
        p.push_back({t, (t > 1.0 && t < 3.0) ? 130.0 : 30.0});
    }
    const auto rep = measureRep(view(p), false);
    ASSERT_TRUE(rep);
    EXPECT_NEAR(rep->tutS, 2.0, 0.003);
    EXPECT_NEAR(rep->meanForceN, 130, 0.5);
    EXPECT_NEAR(rep->impulseNs, 200, 0.5);
}

TEST(Measures, DipOnThePlateauIsNotAPhaseBoundary)
{
    // A 30 % dip in the middle of the hold: concentric end is the first reach, eccentric start
    // the last time at or above 90 %, so the dip stays inside the hold.
    test::RepShape shape{1.0, 1.0, 2.0, 1.5, 20, 120};
    shape.plateauDip = 0.3;
    const test::RepSignal s({shape});
    const auto p = dense(s, 0, s.endS());
    const auto rep = measureRep(view(p), false);
    ASSERT_TRUE(rep);
    EXPECT_NEAR(rep->concentricEndS, s.truth()[0].concentricEndS, 1e-3);
    EXPECT_NEAR(rep->eccentricStartS, s.truth()[0].eccentricStartS, 1e-3);
}

TEST(Measures, TroughsDifferBeforeAndAfter)
{
    // Up from 30, down to 60 (a trough that creeps upward): each side uses its own trough.
    test::RepShape shape{1.0, 1.0, 1.0, 1.0, 30, 130};
    shape.afterN = 60;
    const test::RepSignal s({shape});
    const auto p = dense(s, 0, s.endS());
    const auto rep = measureRep(view(p), false);
    ASSERT_TRUE(rep);
    EXPECT_NEAR(rep->troughAfterN, 60, 1e-6);
    EXPECT_NEAR(rep->endS, s.truth()[0].endS, 1e-3);
    EXPECT_NEAR(rep->startS, s.truth()[0].startS, 1e-3);
}

TEST(Measures, RateOfForceDevelopmentOfAKnownRamp)
{
    // Linear rise of 100 N over 0.5 s: 200 N/s.
    std::vector<Point> p;
    for (int i = 0; i <= 3000; ++i) {
        const double t = i * 0.001;
        double f = 20;
        if (t >= 1.0 && t < 1.5) {
            f = 20 + 200 * (t - 1.0);
        } else if (t >= 1.5 && t < 2.0) {
            f = 120;
        } else if (t >= 2.0 && t < 2.5) {
            f = 120 - 200 * (t - 2.0);
        }
        p.push_back({t, f});
    }
    const auto rep = measureRep(view(p), true);
    ASSERT_TRUE(rep);
    ASSERT_TRUE(rep->rfdNPerS);
    EXPECT_NEAR(*rep->rfdNPerS, 200, 2);
}

TEST(Measures, RepCutByTheDataIsNotMeasured)
{
    const test::RepSignal s({{1.0, 2.0, 1.0, 2.0, 30, 150}});
    // Starts at the plateau: no upward crossing before the peak.
    const auto late = dense(s, 3.5, s.endS());
    EXPECT_FALSE(measureRep(view(late), false));
}

TEST(Measures, HoldByTheLevelDefinition)
{
    // A 20 s hold at 160 N from 35 N: level 160, start and end at 90 % of the way.
    const test::RepSignal s({{2.0, 1.5, 20.0, 1.5, 35, 160}});
    const auto p = dense(s, 0, s.endS(), 0.002);
    const auto hold = measureHold(view(p));
    ASSERT_TRUE(hold);
    EXPECT_NEAR(hold->levelN, 160, 0.01);
    const double tau90 = 1 - test::tenPercentTau();
    EXPECT_NEAR(hold->startS, 2.0 + tau90 * 1.5, 0.003);
    EXPECT_NEAR(hold->endS, 2.0 + 1.5 + 20.0 + (1 - tau90) * 1.5, 0.003);
    EXPECT_NEAR(hold->meanForceN, 159, 1.5);
    EXPECT_LT(hold->steadinessCv, 0.02);
}

TEST(Measures, HoldTimeInZone)
{
    // Level 160 N for about 20.5 s between the 90 % instants; a zone of 150-170 N holds nearly all
    // of it, a zone of 165-200 N none, and a zone across a linear ramp exactly its share of it.
    const test::RepSignal s({{2.0, 1.5, 20.0, 1.5, 35, 160}});
    const auto p = dense(s, 0, s.endS(), 0.002);
    const auto all = measureHold(view(p), ForceZone{150, 170});
    ASSERT_TRUE(all && all->timeInZoneS);
    EXPECT_GT(*all->timeInZoneS, all->durationS - 0.2);
    EXPECT_LE(*all->timeInZoneS, all->durationS + 1e-9);
    EXPECT_NEAR(*measureHold(view(p), ForceZone{165, 200})->timeInZoneS, 0.0, 1e-9);
    EXPECT_FALSE(measureHold(view(p))->timeInZoneS);

    std::vector<Point> ramp;
    for (int i = 0; i <= 100; ++i) {
        ramp.push_back({i * 0.1, 100.0 + i}); // 100 → 200 N over 10 s
    }
    // [start, end] of a hold needs a rise and fall around it: build one.
    std::vector<Point> shape{{-2, 0}, {-1, 0}, {-0.5, 100}};
    shape.insert(shape.end(), ramp.begin(), ramp.end());
    shape.push_back({10.5, 0});
    shape.push_back({11, 0});
    // 160-190 N: 3 s on the ramp, plus 30/200 of the 0.5 s fall at the end.
    const auto h = measureHold(view(shape), ForceZone{160, 190});
    ASSERT_TRUE(h && h->timeInZoneS);
    EXPECT_NEAR(*h->timeInZoneS, 3.0 + 0.5 * 30 / 200, 1e-6);
}

TEST(Measures, CrossingInterpolatesLinearly)
{
    EXPECT_DOUBLE_EQ(crossingTime({1.0, 10}, {2.0, 20}, 12.5), 1.25);
    EXPECT_DOUBLE_EQ(crossingTime({1.0, 10}, {2.0, 10}, 10), 1.0);
}

} // namespace
} // namespace bandstation::core
