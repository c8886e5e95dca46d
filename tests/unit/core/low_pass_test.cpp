#include <cmath>
#include <limits>
#include <numbers>
#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/low_pass.h>

namespace bandstation::core {
namespace {

LowPass make(double rate, double cutoff)
{
    LowPass f;
    f.configure({rate, cutoff, 0.5});
    return f;
}

// Steady-state gain at `freq` measured over the last half of 4 s.
double gain(double rate, double cutoff, double freq)
{
    auto f = make(rate, cutoff);
    double peak = 0;
    const int n = static_cast<int>(4 * rate);
    for (int i = 0; i < n; ++i) {
        const double t = i / rate;
        const auto y = f.process(
            {static_cast<std::int64_t>(t * 1e9), std::sin(2 * std::numbers::pi * freq * t), 0});
        if (i > n / 2) {
            peak = std::max(peak, std::abs(y.forceN));
        }
    }
    return peak;
}

TEST(LowPass, PassesSlowMovementAndCutsMains)
{
    EXPECT_NEAR(gain(1000, 6, 0.5), 1.0, 0.01);
    EXPECT_NEAR(gain(1000, 6, 6), std::sqrt(0.5), 0.03); // -3 dB at the cutoff
    EXPECT_LT(gain(1000, 6, 50), 0.02);                  // mains pickup
    EXPECT_LT(gain(80, 6, 30), 0.06);                    // mains aliased to 30 Hz at 80/s
}

TEST(LowPass, StartsAtTheFirstValueWithoutARampFromZero)
{
    auto f = make(80, 6);
    const auto y = f.process({0, 35.0, 0});
    EXPECT_NEAR(y.forceN, 35.0, 1e-9);
    for (int i = 1; i < 50; ++i) {
        EXPECT_NEAR(f.process({i * 12'500'000LL, 35.0, 0}).forceN, 35.0, 1e-9);
    }
}

TEST(LowPass, CompensatesItsGroupDelay)
{
    // A slow ramp comes out on the same line in time: the filter's delay is taken off the stamps.
    auto f = make(320, 6);
    EXPECT_GT(f.groupDelayNs(), 30'000'000); // √2/(2π·6 Hz) ≈ 37.5 ms
    EXPECT_LT(f.groupDelayNs(), 45'000'000);
    double worst = 0;
    for (int i = 0; i < 640; ++i) {
        const double t = i / 320.0;
        const auto y = f.process({static_cast<std::int64_t>(t * 1e9), 10 * t, 0});
        if (t > 0.5) {
            worst = std::max(worst, std::abs(y.forceN - 10 * toSeconds(y.tNs)));
        }
    }
    EXPECT_LT(worst, 0.01); // 1 ms of a 10 N/s ramp
}

TEST(LowPass, BypassesWhenTheCutoffIsNearNyquist)
{
    auto f = make(10, 6);
    EXPECT_TRUE(f.bypassed());
    EXPECT_EQ(f.groupDelayNs(), 0);
    EXPECT_EQ(f.process({5, 42.0, 0}).forceN, 42.0);
}

TEST(LowPass, BridgesShortGapsAndRestartsAfterLongOnes)
{
    auto f = make(80, 6);
    std::int64_t t = 0;
    for (int i = 0; i < 80; ++i, t += 12'500'000) {
        f.process({t, 50.0, 0});
    }
    // Four samples missing on a constant signal: nothing happens.
    t += 4 * 12'500'000;
    EXPECT_NEAR(f.process({t, 50.0, 0}).forceN, 50.0, 1e-9);
    // Two seconds missing and a new level: the filter starts over there, no ringing across.
    t += 2'000'000'000;
    EXPECT_NEAR(f.process({t, 80.0, 0}).forceN, 80.0, 1e-9);
}

TEST(LowPass, ToleratesJitteredTimestamps)
{
    auto f = make(80, 6);
    double worst = 0;
    for (int i = 0; i < 400; ++i) {
        const std::int64_t jitter = (i % 3 - 1) * 250'000; // ±2 % of the period
        const auto y = f.process({i * 12'500'000LL + jitter, 30.0, 0});
        worst = std::max(worst, std::abs(y.forceN - 30.0));
    }
    EXPECT_LT(worst, 1e-9);
}

TEST(LowPass, NonFiniteInputPassesThroughWithoutPoisoningTheState)
{
    auto f = make(80, 6);
    f.process({0, 20.0, 0});
    const auto bad = f.process({12'500'000, std::numeric_limits<double>::quiet_NaN(), 0});
    EXPECT_TRUE(std::isnan(bad.forceN));
    EXPECT_NEAR(f.process({25'000'000, 20.0, 0}).forceN, 20.0, 1e-6);
}

} // namespace
} // namespace bandstation::core
