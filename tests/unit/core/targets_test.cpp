#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/targets.h>

namespace bandstation::core {
namespace {

Rep rep(double up, double hold, double down, double peak = 100, double start = 0)
{
    Rep r;
    r.startS = start;
    r.concentricS = up;
    r.holdS = hold;
    r.eccentricS = down;
    r.tutS = up + hold + down;
    r.peakForceN = peak;
    return r;
}

TEST(Targets, MinimumJerkTenNinetyFractionIsAboutHalf)
{
    EXPECT_NEAR(minimumJerkTenNinetyFraction(), 0.506, 0.002);
}

TEST(Targets, PrescribedTempoBecomesExpectedTenNinetyPhases)
{
    // 2-1-2 measures about 1.0-2.0-1.0 (EXERCISES.md: "roughly 1.1-1.8-1.1").
    const auto e = expectedPhases({2, 1, 2, 0});
    EXPECT_NEAR(e.concentricS, 1.01, 0.01);
    EXPECT_NEAR(e.holdS, 1.99, 0.01);
    EXPECT_NEAR(e.eccentricS, 1.01, 0.01);
}

TEST(Targets, AWellExecutedRepIsGood)
{
    Targets t;
    t.tempo = Tempo{2, 1, 2, 0};
    const auto j = judgeRep(rep(1.05, 1.8, 1.1), t, true);
    EXPECT_TRUE(j.tempoJudged);
    EXPECT_TRUE(j.good);
}

TEST(Targets, TooFastUpTooFastDownHoldTooShort)
{
    Targets t;
    t.tempo = Tempo{2, 1, 2, 0};
    const auto up = judgeRep(rep(0.5, 1.9, 1.0), t, true);
    EXPECT_TRUE(up.tooFastUp);
    EXPECT_FALSE(up.good);
    const auto down = judgeRep(rep(1.0, 1.9, 0.5), t, true);
    EXPECT_TRUE(down.tooFastDown);
    const auto hold = judgeRep(rep(1.0, 0.8, 1.0), t, true);
    EXPECT_TRUE(hold.holdTooShort);
    // Slower than prescribed is not a fault.
    EXPECT_TRUE(judgeRep(rep(2.5, 3.0, 2.5), t, true).good);
}

TEST(Targets, ToleranceIsRespected)
{
    Targets t;
    t.tempo = Tempo{2, 1, 2, 0};
    const double expectedUp = expectedPhases(*t.tempo).concentricS;
    EXPECT_FALSE(judgeRep(rep(expectedUp * 0.81, 2, 1.1), t, true).tooFastUp);
    EXPECT_TRUE(judgeRep(rep(expectedUp * 0.79, 2, 1.1), t, true).tooFastUp);
    t.tempoTolerance = 0.3;
    EXPECT_FALSE(judgeRep(rep(expectedUp * 0.75, 2, 1.1), t, true).tooFastUp);
}

TEST(Targets, HoldAllowanceScalesWithTheWholeRep)
{
    // 2-1-2 expects a 1.99 s hold in a 4.01 s rep: flagged below 1.99 − 0.2 × 4.01 = 1.19 s.
    Targets t;
    t.tempo = Tempo{2, 1, 2, 0};
    EXPECT_FALSE(judgeRep(rep(1.05, 1.25, 1.05), t, true).holdTooShort);
    EXPECT_TRUE(judgeRep(rep(1.05, 1.10, 1.05), t, true).holdTooShort);
    // An athlete who skips the hold (2-0-2 measures about 1.0-1.0-1.0) is told so.
    const auto skipped = expectedPhases({2, 0, 2, 0});
    EXPECT_TRUE(judgeRep(rep(skipped.concentricS, skipped.holdS, skipped.eccentricS), t, true)
                    .holdTooShort);
}

TEST(Targets, TempoNotJudgedWhenTheRateCannotSupportIt)
{
    Targets t;
    t.tempo = Tempo{2, 1, 2, 0};
    const auto j = judgeRep(rep(0.2, 0.2, 0.2), t, false);
    EXPECT_FALSE(j.tempoJudged);
    EXPECT_TRUE(j.good);
}

TEST(Targets, ForceZone)
{
    Targets t;
    t.zone = ForceZone{80, 120};
    EXPECT_TRUE(*judgeRep(rep(1, 1, 1, 100), t, true).inZone);
    EXPECT_FALSE(judgeRep(rep(1, 1, 1, 130), t, true).good);
    EXPECT_FALSE(judgeRep(rep(1, 1, 1, 70), t, true).good);
    EXPECT_FALSE(judgeRep(rep(1, 1, 1, 100), Targets{}, true).inZone);
}

TEST(Targets, LimbSymmetryIndex)
{
    EXPECT_NEAR(*limbSymmetryIndex(90, 100), 90.0, 1e-9);
    EXPECT_NEAR(*limbSymmetryIndex(100, 80), 80.0, 1e-9);
    EXPECT_FALSE(limbSymmetryIndex(0, 100));
    const std::vector<Rep> left{rep(1, 1, 1, 100), rep(1, 1, 1, 110)};
    const std::vector<Rep> right{rep(1, 1, 1, 84), rep(1, 1, 1, 84)};
    EXPECT_NEAR(*peakForceSymmetry(left, right), 80.0, 1e-9);
    EXPECT_LT(*peakForceSymmetry(left, right), kSymmetryConcern);
    EXPECT_FALSE(peakForceSymmetry(left, {}));
}

TEST(Targets, StepDirectionsSplitAtTheTurn)
{
    std::vector<Rep> steps;
    for (int i = 0; i < 15; ++i) {
        steps.push_back(rep(0.2, 0.2, 0.2, 150, 1.0 + 0.92 * i));
    }
    for (int i = 0; i < 15; ++i) {
        steps.push_back(rep(0.2, 0.2, 0.2, 150, 18.0 + 0.92 * i));
    }
    const auto d = stepDirections(steps);
    EXPECT_EQ(d[14], 0);
    EXPECT_EQ(d[15], 1);
    EXPECT_EQ(d[29], 1);
    const auto s = summarizeSet(steps, {}, MovementKind::Step);
    EXPECT_EQ(s.directions, 2);
    EXPECT_NEAR(s.meanCycleS, 0.92, 1e-9);
    EXPECT_NEAR(s.cadenceCv, 0.0, 1e-9);
}

TEST(Targets, SlackStepsAreCounted)
{
    std::vector<Rep> steps;
    for (int i = 0; i < 10; ++i) {
        auto r = rep(0.2, 0.2, 0.2, 170, 1.0 + 0.9 * i);
        r.troughBeforeN = r.troughAfterN = (i == 4) ? 8.0 : 40.0; // one step let the band go
        steps.push_back(r);
    }
    EXPECT_EQ(summarizeSet(steps, {}, MovementKind::Step).slackSteps, 1);
    EXPECT_EQ(summarizeSet(steps, {}, MovementKind::Rep).slackSteps, 0);
}

TEST(Targets, SetSummaryCountsGoodReps)
{
    const std::vector<Rep> reps{rep(1, 1, 1, 100), rep(1, 1, 1, 120), rep(1, 1, 1, 110)};
    std::vector<RepJudgement> j(3);
    j[1].good = false;
    const auto s = summarizeSet(reps, j, MovementKind::Rep);
    EXPECT_EQ(s.reps, 3);
    EXPECT_EQ(s.goodReps, 2);
    EXPECT_NEAR(s.meanPeakForceN, 110, 1e-9);
    EXPECT_NEAR(s.totalTutS, 9, 1e-9);
}

} // namespace
} // namespace bandstation::core
