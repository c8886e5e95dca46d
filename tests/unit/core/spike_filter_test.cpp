#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/spike_filter.h>

#include "synth.h"

namespace bandstation::core {
namespace {

std::vector<ForceSample> run(SpikeFilter& f, const std::vector<ForceSample>& in)
{
    std::vector<ForceSample> out;
    for (const auto& s : in) {
        if (auto o = f.process(s)) {
            out.push_back(*o);
        }
    }
    for (const auto& o : f.flush()) {
        out.push_back(o);
    }
    return out;
}

std::vector<ForceSample> sine(double rateHz, double seconds, double ampN, double freqHz,
                              double noiseN, std::uint32_t seed = 1)
{
    test::SensorModel m;
    m.rateHz = rateHz;
    m.noiseN = noiseN;
    m.seed = seed;
    return test::sample([&](double t) { return 60 + ampN * std::sin(6.283185307 * freqHz * t); },
                        seconds, m);
}

TEST(SpikeFilter, RemovesIsolatedFullScaleGlitchesAndFlagsTheGap)
{
    auto in = sine(80, 20, 50, 0.5, 0.3);
    const std::vector<std::size_t> at{100, 400, 401 + 300, 1200};
    for (auto i : at) {
        in[i].forceN = (i % 2) ? 1750.0 : -1750.0;
    }
    SpikeFilter f;
    f.configure({});
    const auto out = run(f, in);
    EXPECT_EQ(f.rejected(), at.size());
    EXPECT_EQ(out.size(), in.size() - at.size());
    for (const auto& s : out) {
        EXPECT_LT(std::abs(s.forceN - 60), 55);
    }
    // The sample after each glitch says something is missing before it.
    int gaps = 0;
    for (const auto& s : out) {
        gaps += hasFlag(s.flags, SampleFlag::Gap) ? 1 : 0;
    }
    EXPECT_EQ(gaps, static_cast<int>(at.size()));
}

TEST(SpikeFilter, DropsFlaggedAndNonFiniteSamples)
{
    auto in = sine(80, 5, 20, 0.5, 0.3);
    in[50].flags = withFlag(0, SampleFlag::Saturated);
    in[60].flags = withFlag(0, SampleFlag::Invalid);
    in[70].forceN = std::numeric_limits<double>::quiet_NaN();
    in[80].forceN = std::numeric_limits<double>::infinity();
    SpikeFilter f;
    f.configure({});
    const auto out = run(f, in);
    EXPECT_EQ(f.rejected(), 4u);
    EXPECT_EQ(out.size(), in.size() - 4);
    for (const auto& s : out) {
        EXPECT_TRUE(std::isfinite(s.forceN));
    }
}

TEST(SpikeFilter, KeepsFastStepPeaksAtTenSamplesPerSecond)
{
    // A walk sampled at 10/s: 130 N cycles of 0.9 s are sharp corners at this rate, not glitches.
    const auto in = sine(10, 60, 65, 1.1, 0.4);
    SpikeFilter f;
    f.configure({});
    const auto out = run(f, in);
    EXPECT_EQ(f.rejected(), 0u);
    EXPECT_EQ(out.size(), in.size());
}

TEST(SpikeFilter, KeepsEverySampleOfCleanNoiseAtAnyRate)
{
    for (double rate : {10.0, 80.0, 320.0, 1000.0, 2000.0}) {
        const auto in = sine(rate, 20, 40, 0.3, 0.3, static_cast<std::uint32_t>(rate));
        SpikeFilter f;
        f.configure({});
        const auto out = run(f, in);
        EXPECT_EQ(f.rejected(), 0u) << rate << " samples/s";
        EXPECT_EQ(out.size(), in.size());
    }
}

TEST(SpikeFilter, EstimatesTheNoise)
{
    const auto in = sine(320, 20, 0, 0.3, 0.5);
    SpikeFilter f;
    f.configure({});
    run(f, in);
    EXPECT_NEAR(f.noiseSigma(), 0.5, 0.15);
}

TEST(SpikeFilter, NoiseEstimateIsRightFromTheStart)
{
    // Whatever the first few samples happen to be, the noise floor is near the truth after the
    // warm-up: the detector's noise gate depends on it from the first rep on.
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        const auto in = sine(80, 1.0, 0, 0.3, 0.6, seed);
        SpikeFilter f;
        f.configure({});
        run(f, in);
        EXPECT_GT(f.noiseSigma(), 0.6 * 0.6) << "seed " << seed;
        EXPECT_LT(f.noiseSigma(), 0.6 * 1.6) << "seed " << seed;
    }
}

TEST(SpikeFilter, PassesSamplesInOrderWithThreeOfDelay)
{
    SpikeFilter f;
    f.configure({});
    EXPECT_FALSE(f.process({0, 1.0, 0}));
    EXPECT_FALSE(f.process({10, 1.1, 0}));
    EXPECT_FALSE(f.process({20, 1.0, 0}));
    const auto a = f.process({30, 1.05, 0});
    ASSERT_TRUE(a);
    EXPECT_EQ(a->tNs, 0);
    const auto rest = f.flush();
    ASSERT_EQ(rest.size(), 3u);
    EXPECT_EQ(rest[0].tNs, 10);
    EXPECT_EQ(rest[1].tNs, 20);
    EXPECT_EQ(rest[2].tNs, 30);
    EXPECT_TRUE(f.flush().empty());
}

TEST(SpikeFilter, RemovesBurstsOfTwo)
{
    auto in = sine(80, 20, 50, 0.5, 0.3);
    in[300].forceN = 1750.0;
    in[301].forceN = -1750.0;
    in[900].forceN = 1750.0;
    in[901].forceN = 1750.0;
    SpikeFilter f;
    f.configure({});
    const auto out = run(f, in);
    EXPECT_EQ(f.rejected(), 4u);
    for (const auto& s : out) {
        EXPECT_LT(std::abs(s.forceN - 60), 55);
    }
}

TEST(SpikeFilter, GlitchAtTheVeryStartIsCaughtAfterWarmUp)
{
    auto in = sine(80, 5, 20, 0.5, 0.3);
    in[6].forceN = 1750.0;
    SpikeFilter f;
    f.configure({});
    const auto out = run(f, in);
    EXPECT_EQ(f.rejected(), 1u);
    for (const auto& s : out) {
        EXPECT_LT(s.forceN, 100);
    }
}

TEST(SpikeFilter, KeepsTwoSamplePeaksOfAFastWalkAtTenPerSecond)
{
    // Steps with a 0.25 s top at 10 samples/s: the top is two samples high, and real.
    test::SensorModel m;
    m.rateHz = 10;
    m.noiseN = 0.4;
    const auto in = test::sample(
        [](double t) {
            const double c = std::fmod(t, 0.9);
            return c < 0.2    ? 40 + 130 * c / 0.2
                   : c < 0.45 ? 170
                   : c < 0.65 ? 170 - 130 * (c - 0.45) / 0.2
                              : 40;
        },
        60, m);
    SpikeFilter f;
    f.configure({});
    const auto out = run(f, in);
    EXPECT_EQ(f.rejected(), 0u);
}

} // namespace
} // namespace bandstation::core

namespace bandstation::core {
namespace {

// Samples at 10/s with timestamps, no noise: exactly the values given.
std::vector<ForceSample> at10(std::initializer_list<double> values)
{
    std::vector<ForceSample> out;
    std::int64_t t = 0;
    for (double v : values) {
        out.push_back({t, v, 0});
        t += 100'000'000;
    }
    return out;
}

std::vector<double> forces(const std::vector<ForceSample>& samples)
{
    std::vector<double> out;
    for (const auto& s : samples) {
        out.push_back(s.forceN);
    }
    return out;
}

TEST(SpikeFilterPhysics, KeepsAStepTopTheSignalClimbsToAndFallsFrom)
{
    // A stumble at 10/s: the rise centred on a conversion boundary lifts the sample before the
    // two-sample top by only a tenth of the way, but it does lift it (and the one after).
    const auto in = at10({54.5, 54.6, 54.4, 54.7, 54.5, 54.6, 54.5, 54.6, 65.5, 138.2, 141.1, 66.7,
                          54.4, 54.6, 54.5, 54.7, 54.6});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 0u);
    EXPECT_NE(std::find(out.begin(), out.end(), 141.1), out.end());
}

TEST(SpikeFilterPhysics, RemovesAWordThatLeapsFromAFlatSignalAndBack)
{
    // The same place, but the samples beside the pair sit on the floor: two words read at the
    // same wrong code.
    const auto in = at10({54.5, 54.6, 54.4, 54.7, 54.5, 54.6, 54.5, 54.6, 54.5, 138.2, 139.1, 54.6,
                          54.4, 54.6, 54.5, 54.7, 54.6});
    SpikeFilter f;
    f.configure({});
    run(f, in);
    EXPECT_EQ(f.rejected(), 2u);
}

TEST(SpikeFilterPhysics, RemovesAGlitchOnASteepFlank)
{
    // A flipped bit while the force rises: the sample after goes on rising, not down from it.
    const auto in = at10({42.0, 42.2, 41.9, 42.1, 42.0, 42.2, 42.1, 66.2, 190.9, 130.8, 131.3, 79.6,
                          45.5, 42.1, 42.0, 42.2});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 1u);
    EXPECT_EQ(std::find(out.begin(), out.end(), 190.9), out.end());
}

TEST(SpikeFilterPhysics, ATroughBelowZeroIsAGlitchHoweverItIsFlanked)
{
    // Between two steps the force falls to the floor and rises again: the flanks go towards the
    // trough, but a band cannot push.
    const auto in = at10({59.0, 105.0, 170.0, 172.0, 128.5, 67.3, 58.9, -98.1, 62.1, 105.1, 162.3,
                          170.4, 124.0, 64.0, 59.0, 58.8, 59.1});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 1u);
    EXPECT_EQ(std::find(out.begin(), out.end(), -98.1), out.end());
}

TEST(SpikeFilterPhysics, AWordReadWrongJustAfterATopLeavesTheTop)
{
    // A step's two-sample top at 10/s, and a low bit flipped in the sample after it (4.7 N where
    // the fall reads about 80): the glitch goes, the top stays.
    const auto in = at10({32.8, 32.9, 32.7, 32.8, 33.0, 32.8, 32.9, 32.8, 46.1, 98.1, 124.5, 122.7,
                          4.7, 37.4, 32.0, 32.4, 32.8, 32.7});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 1u);
    EXPECT_EQ(std::find(out.begin(), out.end(), 4.7), out.end());
    EXPECT_NE(std::find(out.begin(), out.end(), 124.5), out.end());
    EXPECT_NE(std::find(out.begin(), out.end(), 122.7), out.end());
}

TEST(SpikeFilterPhysics, AFullScaleWordRightAfterATopLeavesTheTop)
{
    // A 10/s walk; the last step's top (143.8 N) is followed by a word read at full scale where
    // the fall reads about 80. The step was climbed to; its fall is the glitch's sample, unseen.
    const auto in =
        at10({41.2, 41.0, 41.3,  40.9,  41.1,  41.2, 41.0, 41.4, 41.1,  41.0,  41.3,  41.1,
              40.8, 41.2, 41.0,  41.1,  41.3,  41.0, 41.2, 41.1, 41.0,  41.2,  41.1,  40.9,
              41.3, 41.0, 41.2,  41.1,  41.0,  41.2, 42.7, 41.3, 44.0,  98.4,  129.9, 94.3,
              42.7, 41.3, 68.8,  137.6, 143.5, 81.2, 41.4, 41.3, 70.1,  134.1, 121.8, 48.7,
              41.0, 57.7, 128.5, 136.8, 72.7,  41.1, 41.0, 62.9, 123.9, 119.6, 57.1,  41.4,
              42.4, 94.4, 143.8, 750.3, 50.3,  41.1, 41.2, 41.0});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 1u);
    EXPECT_EQ(std::find(out.begin(), out.end(), 750.3), out.end());
    EXPECT_NE(std::find(out.begin(), out.end(), 143.8), out.end());
}

TEST(SpikeFilterPhysics, AWordReadWrongAtRestAmongStepsIsRemoved)
{
    // A 10/s walk stops; at rest a flipped bit reads 93.5 N, within the steps' range. Its
    // neighbours on both sides stand still: no band pulls and lets go within one conversion.
    // (Four seconds of rest first: the filter knows the sensor's noise.)
    const auto in = at10(
        {54.1,  54.3,  53.8, 54.0, 54.2, 53.9, 54.1, 54.4,  53.7,  54.0,  54.2,  54.1, 53.9, 54.3,
         54.0,  53.8,  54.1, 54.2, 54.0, 53.9, 54.3, 54.1,  53.8,  54.0,  54.2,  54.1, 53.9, 54.0,
         54.2,  54.1,  54.0, 53.9, 54.2, 54.1, 54.0, 54.3,  53.9,  54.1,  54.0,  54.2, 89.5, 138.2,
         139.0, 95.1,  54.6, 54.0, 54.2, 53.9, 54.1, 54.0,  87.1,  57.2,  54.1,  54.0, 55.8, 89.6,
         137.4, 139.3, 96.8, 55.5, 54.0, 55.7, 78.1, 114.7, 129.8, 128.7, 112.7, 73.3, 54.2, 53.7,
         54.4,  53.9,  53.9, 54.1, 54.2, 54.3, 53.5, 93.5,  54.1,  54.1,  54.3,  53.4, 54.1, 54.0});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 1u);
    EXPECT_EQ(std::find(out.begin(), out.end(), 93.5), out.end());
}

TEST(SpikeFilterPhysics, AWordReadLowOnAStepsTopDoesNotSplitIt)
{
    // A 10/s walk; on a step's top a word reads 37.9 N, the floor's force, between 82.8 on the
    // way up and 110.0. Familiar, but the signal moves away from it on both sides: it is no floor
    // between two steps, whose neighbours fall to it and rise from it.
    const auto in =
        at10({35.1, 35.0, 34.9, 35.2, 35.0, 35.1, 34.9,  35.0,  35.2,  35.1,  35.0,  34.8, 35.1,
              35.0, 35.2, 34.9, 35.1, 35.0, 35.1, 35.0,  35.2,  35.0,  34.9,  35.1,  35.0, 35.1,
              34.9, 35.0, 35.2, 35.1, 47.6, 95.0, 129.5, 132.8, 118.9, 68.5,  36.8,  34.9, 35.1,
              52.6, 90.6, 82.9, 40.9, 34.9, 37.8, 65.4,  107.9, 123.6, 124.0, 109.6, 70.3, 39.5,
              35.0, 35.1, 35.2, 38.3, 82.8, 37.9, 110.0, 58.6,  35.3,  35.1,  35.0,  35.2});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 1u);
    EXPECT_EQ(std::find(out.begin(), out.end(), 37.9), out.end());
    EXPECT_NE(std::find(out.begin(), out.end(), 82.8), out.end());
    EXPECT_NE(std::find(out.begin(), out.end(), 110.0), out.end());
}

TEST(SpikeFilterPhysics, OfTwoOddSamplesTheOneOffTheTrendAfterItGoes)
{
    // A hold being pulled up to: 99.0, then a word read 34 N high (149.9), then 121.7 on the
    // way. The glitch makes the good sample after it look low too; the samples after that lead
    // back to the good one, not to the glitch.
    const auto in = at10({46.4, 45.3, 45.8,  44.9,  46.3,  46.4,  48.7,  55.1,  63.1,  73.8,
                          85.8, 99.0, 149.9, 121.7, 129.0, 134.7, 136.7, 138.5, 137.7, 138.1});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 1u);
    EXPECT_EQ(std::find(out.begin(), out.end(), 149.9), out.end());
    EXPECT_NE(std::find(out.begin(), out.end(), 121.7), out.end());
}

TEST(SpikeFilterPhysics, TwoWordsASampleApartAreBothRemoved)
{
    // Neither glitch may vouch for the other through the good sample between them, either sign.
    for (double word : {-1750.0, 1750.0}) {
        const auto in = at10({63.4, 63.1, 62.9, 62.6, 62.4, 62.1, 61.8, 61.5, 61.2, 60.9, word,
                              60.3, word, 60.0, 59.8, 59.5, 59.2, 59.0});
        SpikeFilter f;
        f.configure({});
        const auto out = forces(run(f, in));
        EXPECT_EQ(f.rejected(), 2u) << word;
        EXPECT_EQ(std::find(out.begin(), out.end(), word), out.end()) << word;
    }
}

TEST(SpikeFilterPhysics, AFullScaleWordAmongTheFirstSamplesIsCaught)
{
    // Before the noise is learnt, the neighbours' agreement stands in for it.
    const auto in = at10({43.8, 44.5, 1750.0, 44.4, 44.0, 44.9, 44.7, 45.1, 45.2, 44.6});
    SpikeFilter f;
    f.configure({});
    const auto out = forces(run(f, in));
    EXPECT_EQ(f.rejected(), 1u);
    EXPECT_LT(f.noiseSigma(), 1.0);
}

TEST(SpikeFilterPhysics, ALowWarmUpBeforeTheBandIsPutOnDoesNotStickTheNoiseFloor)
{
    // 10/s, σ 0.45 N. The first conversions happen to agree closely (the warm-up reads well
    // under half the noise), then the band is put on (six seconds of jerks fill the first block),
    // then it rests. The floor must come up to the rest's noise: the band's rest is told by it.
    test::SensorModel m;
    m.rateHz = 10;
    m.noiseN = 0.45;
    m.seed = 7;
    auto in = test::sample(
        [](double t) {
            if (t < 1.0) {
                return 0.0;
            }
            if (t < 7.0) {
                return 40.0 + 35.0 * std::sin(5.0 * t) * std::sin(1.3 * t);
            }
            return 37.0;
        },
        50.0, m);
    const double calm[] = {0.0, 0.2, 0.0, 0.1, 0.3, 0.1, 0.0, 0.2, 0.1, 0.0};
    for (std::size_t i = 0; i < std::size(calm); ++i) {
        in[i].forceN = calm[i];
    }
    SpikeFilter f;
    f.configure({});
    run(f, in);
    EXPECT_GT(f.noiseSigma(), 0.3);
    EXPECT_LT(f.noiseSigma(), 0.7);
}

TEST(SpikeFilterPhysics, QuantizationSetsTheNoiseFloor)
{
    // A flat HX711 signal through a 0.1 N calibration: no noise between the steps, but a one-step
    // flicker is not force.
    std::vector<ForceSample> in;
    for (int i = 0; i < 300; ++i) {
        in.push_back({i * 100'000'000LL, (i % 7 == 3) ? 30.1 : 30.0, 0});
    }
    SpikeFilter f;
    f.configure({});
    run(f, in);
    EXPECT_NEAR(f.quantumN(), 0.1, 1e-9);
    EXPECT_GE(f.noiseSigma(), 0.05 - 1e-12);
}

} // namespace
} // namespace bandstation::core
