// Property test: whatever the set looks like, every report the analyzer gives is well-formed.
// Random rep shapes (tempo, amplitude, rest, creeping troughs, plateau dips) through random sensor
// artifacts at random rates, over many seeds; on each, the phases are ordered, the reps are in
// time order and do not overlap, the measures are finite and consistent, and no more reps come out
// than went in.
#include <cmath>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include <bandstation/core/trace_analysis.h>

#include "synth.h"

namespace bandstation::core {
namespace {

// Seeded uniform draws for the random sets.
class Dice {
public:
    explicit Dice(std::uint32_t seed) : rng_(seed) {}
    double unit() { return u_(rng_); }
    double between(double lo, double hi) { return lo + (hi - lo) * unit(); }

private:
    std::mt19937 rng_;
    std::uniform_real_distribution<double> u_{0.0, 1.0};
};

class Invariants : public ::testing::TestWithParam<int> {};

TEST_P(Invariants, ReportsAreWellFormed)
{
    const auto seed = static_cast<std::uint32_t>(GetParam());
    Dice dice(seed);
    const auto u = [&dice] { return dice.unit(); };
    const auto between = [&dice](double lo, double hi) { return dice.between(lo, hi); };

    std::vector<test::RepShape> shapes;
    const int n = 3 + static_cast<int>(u() * 10);
    double trough = between(10, 60);
    for (int i = 0; i < n; ++i) {
        test::RepShape r;
        r.restS = u() < 0.1 ? between(3, 15) : between(0.2, 2.0);
        r.upS = between(0.3, 3.0);
        r.holdS = between(0.05, 2.5);
        r.downS = between(0.3, 3.5);
        r.troughN = trough;
        r.peakN = trough + between(20, 150);
        r.afterN = trough + (u() < 0.3 ? between(-5, 10) : 0);
        r.plateauDip = u() < 0.2 ? between(0.02, 0.2) : 0.0;
        trough = r.afterN;
        shapes.push_back(r);
    }
    const test::RepSignal signal(shapes, between(0, 3), between(0.5, 4));
    test::SensorModel m;
    const double rates[] = {10, 80, 320, 660, 1000, 2000};
    m.rateHz = rates[static_cast<std::size_t>(u() * 6)];
    m.noiseN = between(0.05, 1.0);
    m.jitter = between(0, 0.02);
    m.spikeProbability = between(0, 0.003);
    m.gapProbability = between(0, 0.002);
    m.driftNPerS = between(-1, 1) / 60.0;
    m.mainsN = between(0, 0.3);
    m.quantumN = m.rateHz <= 80 && u() < 0.5 ? 0.1 : 0.0;
    m.seed = seed;
    const auto samples = test::sample(signal, signal.endS(), m);

    const char* exercises[] = {"clamshell", "banded_bridge", "crab_walk", "glute_bridge_hold"};
    const auto* ex = findExercise(exercises[seed % 4]);
    const auto a = analyzeSamples(samples, *ex, defaultTargets(*ex), m.rateHz);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", " + std::string(ex->id) + " at " +
                 std::to_string(m.rateHz));

    EXPECT_LE(a.reps.size(), shapes.size());
    EXPECT_EQ(a.judgements.size(), a.reps.size());
    double lastEnd = -1e9;
    for (const auto& r : a.reps) {
        for (double v : {r.startS, r.concentricEndS, r.peakS, r.eccentricStartS, r.endS,
                         r.peakForceN, r.meanForceN, r.impulseNs, r.tutS}) {
            ASSERT_TRUE(std::isfinite(v));
        }
        EXPECT_LE(r.startS, r.concentricEndS);
        EXPECT_LE(r.concentricEndS, r.peakS + 1e-9);
        EXPECT_LE(r.peakS, r.eccentricStartS + 1e-9);
        EXPECT_LE(r.eccentricStartS, r.endS);
        EXPECT_GE(r.holdS, 0);
        EXPECT_NEAR(r.tutS, r.concentricS + r.holdS + r.eccentricS, 1e-9);
        EXPECT_GE(r.startS, lastEnd - 1e-9) << "reps overlap";
        EXPECT_GE(r.peakForceN, r.meanForceN);
        EXPECT_GE(r.peakForceN, std::max(r.troughBeforeN, r.troughAfterN));
        EXPECT_GE(r.impulseNs, 0);
        lastEnd = r.endS;
    }
    for (const auto& h : a.holds) {
        EXPECT_LT(h.startS, h.endS);
        EXPECT_TRUE(std::isfinite(h.meanForceN));
        EXPECT_GE(h.steadinessCv, 0);
    }
}

INSTANTIATE_TEST_SUITE_P(RandomSets, Invariants, ::testing::Range(1, 201));

// Recall and precision on plausible sets: reps of one athlete with one band (amplitudes within
// ±15 %, any tempo a physio would accept), random sensor artifacts at 80-1000 samples/s. Every
// rep is found, none is invented.
class ExactCount : public ::testing::TestWithParam<int> {};

TEST_P(ExactCount, EveryRepAndNoOther)
{
    const auto seed = static_cast<std::uint32_t>(GetParam());
    Dice dice(seed);
    const auto u = [&dice] { return dice.unit(); };
    const auto between = [&dice](double lo, double hi) { return dice.between(lo, hi); };
    const double amplitude = between(40, 150);
    const double rest = between(10, 50);
    std::vector<test::RepShape> shapes(3 + static_cast<std::size_t>(u() * 10));
    for (auto& r : shapes) {
        r = {between(0.3, 2),
             between(0.6, 2.5),
             between(0.2, 2),
             between(0.6, 3),
             rest,
             rest + amplitude * between(0.85, 1.15)};
        r.plateauDip = u() < 0.2 ? between(0.02, 0.15) : 0.0;
    }
    const test::RepSignal signal(shapes, between(0.5, 4), between(1, 3));
    test::SensorModel m;
    const double rates[] = {80, 320, 1000};
    m.rateHz = rates[seed % 3];
    m.noiseN = between(0.1, 0.8);
    m.spikeProbability = 0.001;
    m.gapProbability = 0.0005;
    m.driftNPerS = between(-1, 1) / 60.0;
    m.mainsN = 0.2;
    m.seed = seed;
    const auto* ex = findExercise("clamshell");
    const auto a = analyzeSamples(test::sample(signal, signal.endS(), m), *ex, Targets{}, m.rateHz);
    ASSERT_EQ(a.reps.size(), shapes.size()) << "seed " << seed;
    for (std::size_t i = 0; i < shapes.size(); ++i) {
        EXPECT_GT(a.reps[i].peakS, signal.truth()[i].startS) << "seed " << seed << " rep " << i;
        EXPECT_LT(a.reps[i].peakS, signal.truth()[i].endS) << "seed " << seed << " rep " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(PlausibleSets, ExactCount, ::testing::Range(1, 101));

} // namespace
} // namespace bandstation::core
