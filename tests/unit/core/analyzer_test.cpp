// The whole chain on synthetic sets with known phases: the harder cases the example traces do not
// have. Phase errors are checked on durations; absolute instants carry the sensor's averaging lag.
#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/trace_analysis.h>

#include "synth.h"

namespace bandstation::core {
namespace {

using test::RepShape;
using test::RepSignal;
using test::SensorModel;

struct Outcome {
    TraceAnalysis analysis;
    std::vector<test::Truth> truth;
};

Outcome run(const RepSignal& signal, const SensorModel& model,
            std::string_view exercise = "clamshell", double from = 0.0)
{
    auto samples = test::sample(signal, signal.endS(), model);
    std::erase_if(samples, [from](const ForceSample& s) { return toSeconds(s.tNs) < from; });
    const auto* ex = findExercise(exercise);
    return {analyzeSamples(samples, *ex, defaultTargets(*ex), model.rateHz), signal.truth()};
}

// Matches detected reps to truth by peak time (as the traces README does) and checks counts and the
// mean absolute phase-duration error. `offset`: where the analysis time base starts on the
// signal's.
void expectMatches(const Outcome& o, double maxMeanMs, double offset = 0.0,
                   std::size_t skipTruth = 0)
{
    const auto& reps = o.analysis.reps;
    ASSERT_EQ(reps.size(), o.truth.size() - skipTruth);
    double sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < reps.size(); ++i) {
        const auto& t = o.truth[i + skipTruth];
        const auto& r = reps[i];
        EXPECT_GT(r.peakS + offset, t.startS) << "rep " << i;
        EXPECT_LT(r.peakS + offset, t.endS) << "rep " << i;
        for (double e : {r.concentricS - t.concentricS(), r.holdS - t.holdS(),
                         r.eccentricS - t.eccentricS()}) {
            sum += std::abs(e) * 1000;
            ++n;
        }
    }
    if (n > 0) {
        EXPECT_LE(sum / n, maxMeanMs);
    }
}

std::vector<RepShape> reps(int n, RepShape shape)
{
    return std::vector<RepShape>(static_cast<std::size_t>(n), shape);
}

TEST(Analyzer, TypicalSetAtEveryRate)
{
    for (double rate : {80.0, 320.0, 660.0, 1000.0}) {
        SensorModel m;
        m.rateHz = rate;
        m.seed = static_cast<std::uint32_t>(rate);
        const RepSignal s(reps(8, {1.0, 1.0, 1.0, 1.5, 25, 110}));
        SCOPED_TRACE(rate);
        expectMatches(run(s, m), 30);
    }
}

TEST(Analyzer, TenSamplesPerSecondCountsRepsAndWarnsAboutTempo)
{
    SensorModel m;
    m.rateHz = 10;
    m.quantumN = 0.1;
    m.noiseN = 0.4;
    const auto o = run(RepSignal(reps(8, {1.5, 2.0, 1.0, 3.0, 28, 88})), m, "hip_flexor_lift");
    EXPECT_EQ(o.analysis.reps.size(), 8u);
    EXPECT_FALSE(o.analysis.tempoReliable);
    ASSERT_FALSE(o.analysis.warnings.empty());
    EXPECT_NE(o.analysis.warnings.front().find("unreliable"), std::string::npos);
    for (const auto& j : o.analysis.judgements) {
        EXPECT_FALSE(j.tempoJudged);
    }
    for (std::size_t i = 0; i < o.analysis.reps.size(); ++i) {
        EXPECT_NEAR(o.analysis.reps[i].peakForceN, 88, 88 * 0.03);
    }
}

TEST(Analyzer, PauseMidSet)
{
    auto shapes = reps(10, {0.8, 1.0, 1.0, 1.7, 12, 78});
    shapes[5].restS = 8.0; // a long breather after rep 5
    SensorModel m;
    m.rateHz = 1000;
    expectMatches(run(RepSignal(shapes), m), 30);
}

TEST(Analyzer, VerySlowReps)
{
    SensorModel m;
    m.rateHz = 80;
    expectMatches(run(RepSignal(reps(4, {2.0, 5.0, 4.0, 6.0, 30, 140})), m, "banded_bridge"), 40);
}

TEST(Analyzer, VeryFastReps)
{
    SensorModel m;
    m.rateHz = 320;
    expectMatches(run(RepSignal(reps(12, {0.3, 0.45, 0.15, 0.45, 20, 90})), m), 30);
}

TEST(Analyzer, DoubleBumpOnThePlateauIsOneRep)
{
    RepShape shape{1.0, 1.0, 2.0, 1.5, 25, 120};
    shape.plateauDip = 0.18; // an 18 % dip in the hold
    SensorModel m;
    m.rateHz = 80;
    expectMatches(run(RepSignal(reps(6, shape)), m), 30);
}

TEST(Analyzer, TroughsThatCreepUpward)
{
    // The band does not get back to rest between reps: each trough a little higher.
    std::vector<RepShape> shapes;
    for (int i = 0; i < 8; ++i) {
        const double base = 25 + 4.0 * i;
        RepShape r{0.6, 1.0, 1.0, 1.5, base, 130};
        r.afterN = base + 4.0;
        shapes.push_back(r);
    }
    SensorModel m;
    m.rateHz = 80;
    expectMatches(run(RepSignal(shapes), m), 30);
}

TEST(Analyzer, StrongDrift)
{
    SensorModel m;
    m.rateHz = 80;
    m.driftNPerS = 3.0 / 60.0; // 3 N/min, six times the traces'
    expectMatches(run(RepSignal(reps(10, {1.0, 1.0, 1.0, 1.5, 25, 100})), m), 30);
}

TEST(Analyzer, LongIdleStretches)
{
    // A minute of rest before the set and two between its halves: no phantom reps, nothing lost.
    auto shapes = reps(6, {1.0, 1.0, 1.0, 1.5, 30, 120});
    shapes[0].restS = 60;
    shapes[3].restS = 120;
    SensorModel m;
    m.rateHz = 80;
    m.spikeProbability = 0.002;
    expectMatches(run(RepSignal(shapes, 0, 30), m), 30);
}

TEST(Analyzer, TraceThatStartsMidRep)
{
    // The recording begins during rep 1's hold: rep 1 is cut and must not be reported.
    SensorModel m;
    m.rateHz = 80;
    const RepSignal s(reps(5, {1.0, 1.0, 1.0, 1.5, 30, 120}));
    const double from = s.truth()[0].peakS + 0.3;
    expectMatches(run(s, m, "clamshell", from), 30, from, 1);
}

TEST(Analyzer, GlitchesGapsJitterAndMains)
{
    SensorModel m;
    m.rateHz = 1000;
    m.spikeProbability = 0.002;
    m.gapProbability = 0.001;
    m.jitter = 0.02;
    m.mainsN = 0.5;
    const auto o = run(RepSignal(reps(8, {1.0, 1.0, 1.0, 1.5, 15, 80})), m);
    expectMatches(o, 30);
    EXPECT_GT(o.analysis.counters.glitches, 0u);
    EXPECT_GT(o.analysis.counters.gaps, 0u);
}

TEST(Analyzer, TwitchAmongSlowRepsIsNotARep)
{
    // Four slow reps, then a quick full-height twitch (0.6 s from start to end), then two more.
    auto shapes = reps(7, {1.0, 1.5, 1.5, 2.0, 30, 130});
    shapes[4] = {1.0, 0.3, 0.1, 0.3, 30, 130};
    SensorModel m;
    m.rateHz = 80;
    auto o = run(RepSignal(shapes), m, "banded_bridge");
    ASSERT_EQ(o.analysis.reps.size(), 6u);
    EXPECT_GE(o.analysis.counters.rejectedCycles, 1u);
    for (const auto& r : o.analysis.reps) {
        EXPECT_GT(r.tutS, 2.0);
    }
}

TEST(Analyzer, FastRepsAmongSlowOnesCountAndATwitchStillDoesNot)
{
    // A 2-1-2 prescription done at double and at half the tempo, in turns, with a full-height
    // twitch (0.3 s up and down) in the middle: the fast reps count, the twitch does not.
    std::vector<RepShape> shapes;
    for (int i = 0; i < 8; ++i) {
        const double s = i % 2 ? 0.5 : 2.0;
        shapes.push_back({0.8, 2.0 * s, 1.0 * s, 2.0 * s, 30, 130});
    }
    shapes.insert(shapes.begin() + 4, RepShape{1.0, 0.3, 0.05, 0.3, 30, 130});
    for (double rate : {10.0, 80.0, 320.0, 1000.0}) {
        SensorModel m;
        m.rateHz = rate;
        m.quantumN = rate <= 10 ? 0.1 : 0.0;
        auto samples = test::sample(RepSignal(shapes), RepSignal(shapes).endS(), m);
        const auto* ex = findExercise("banded_bridge");
        const auto a = analyzeSamples(samples, *ex, defaultTargets(*ex), rate);
        SCOPED_TRACE(rate);
        ASSERT_EQ(a.reps.size(), 8u);
        EXPECT_GE(a.counters.rejectedCycles, 1u);
        for (const auto& r : a.reps) {
            EXPECT_GT(r.tutS, 1.5); // none is the twitch (about 0.5 s)
        }
        if (rate >= 80) {
            // Judged like for like: the fast ones are too fast, the slow ones are fine.
            int tooFast = 0;
            for (const auto& j : a.judgements) {
                tooFast += (j.tooFastUp || j.tooFastDown) ? 1 : 0;
            }
            EXPECT_EQ(tooFast, 4);
        }
    }
}

TEST(Analyzer, NoRepsFromTheRestBeforeTheFirstRep)
{
    // Noisy rest at the start of a stream (where the noise estimate is youngest) is not a rep.
    for (std::uint32_t seed = 1; seed <= 10; ++seed) {
        SensorModel m;
        m.rateHz = 80;
        m.noiseN = 0.8;
        m.seed = seed;
        auto shapes = reps(3, {1.0, 1.5, 1.0, 2.0, 30, 130});
        shapes[0].restS = 4.0;
        expectMatches(run(RepSignal(shapes), m, "clamshell"), 30);
    }
}

TEST(Analyzer, StepsWithATurn)
{
    // 15 steps, a 3.4 s pause to change direction, 15 steps: 30 steps in two directions.
    auto shapes = reps(30, {0.25, 0.25, 0.2, 0.25, 40, 170});
    shapes[15].restS = 3.4;
    SensorModel m;
    m.rateHz = 80;
    const auto o = run(RepSignal(shapes, 1.0), m, "crab_walk");
    expectMatches(o, 30);
    EXPECT_EQ(o.analysis.summary.directions, 2);
    EXPECT_EQ(o.analysis.directions.front(), 0);
    EXPECT_EQ(o.analysis.directions.back(), 1);
}

TEST(Analyzer, HoldIsFoundWithItsLevel)
{
    SensorModel m;
    m.rateHz = 80;
    const auto o = run(RepSignal({{5.0, 1.5, 30.0, 1.5, 37, 165}}), m, "glute_bridge_hold");
    EXPECT_TRUE(o.analysis.reps.empty());
    ASSERT_EQ(o.analysis.holds.size(), 1u);
    const auto& h = o.analysis.holds[0];
    EXPECT_NEAR(h.durationS, 30 + 2 * test::tenPercentTau() * 1.5, 0.1);
    EXPECT_NEAR(h.levelN, 165, 1.0);
}

TEST(Analyzer, EmptyAndTinyInputs)
{
    const auto* ex = findExercise("clamshell");
    const auto empty = analyzeSamples({}, *ex, defaultTargets(*ex), 80);
    EXPECT_TRUE(empty.reps.empty());
    EXPECT_EQ(empty.samples, 0u);
    const auto one = analyzeSamples({{0, 30.0, 0}}, *ex, defaultTargets(*ex), 80);
    EXPECT_TRUE(one.reps.empty());
}

TEST(Analyzer, RfdOnlyAtHighRates)
{
    SensorModel m;
    m.rateHz = 80;
    const RepSignal s(reps(3, {1.0, 1.0, 1.0, 1.5, 25, 110}));
    for (const auto& r : run(s, m).analysis.reps) {
        EXPECT_FALSE(r.rfdNPerS);
    }
    m.rateHz = 320;
    for (const auto& r : run(s, m).analysis.reps) {
        ASSERT_TRUE(r.rfdNPerS);
        // A 1 s minimum-jerk rise of 85 N peaks at 1.875 × 85 N/s.
        EXPECT_NEAR(*r.rfdNPerS, 1.875 * 85, 0.1 * 1.875 * 85);
    }
}

} // namespace
} // namespace bandstation::core
