#include <cmath>
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

TEST(SpikeFilter, PassesSamplesInOrderWithTwoOfDelay)
{
    SpikeFilter f;
    f.configure({});
    EXPECT_FALSE(f.process({0, 1.0, 0}));
    EXPECT_FALSE(f.process({10, 1.1, 0}));
    const auto a = f.process({20, 1.0, 0});
    ASSERT_TRUE(a);
    EXPECT_EQ(a->tNs, 0);
    const auto rest = f.flush();
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[0].tNs, 10);
    EXPECT_EQ(rest[1].tNs, 20);
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
