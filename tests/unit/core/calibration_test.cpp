#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/calibration.h>

namespace bandstation::core {
namespace {

// HX711-like: 4800 counts per newton around an offset, with Gaussian noise of `noise` counts.
std::vector<RawSample> window(double meanCounts, double noise, int n = 80, unsigned seed = 3)
{
    std::mt19937 rng(seed);
    std::normal_distribution<double> d(0.0, noise);
    std::vector<RawSample> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(
            {i * 12'500'000LL, static_cast<std::int32_t>(std::lround(meanCounts + d(rng))), 0});
    }
    return out;
}

constexpr double kOffset = -111'388.0;
constexpr double kScale = 4792.65; // counts per newton
constexpr double kG = 9.80665;

TEST(Calibration, TwoPointSolveRecoversOffsetAndScale)
{
    const double mass = 20.0;
    const auto tare = window(kOffset, 1500);
    const auto loaded = window(kOffset + kScale * mass * kG, 1500, 80, 4);
    const auto r = solveTwoPoint({tare, loaded, mass});
    ASSERT_TRUE(r.calibration) << r.reason;
    EXPECT_EQ(r.error, CalibrationError::None);
    EXPECT_NEAR(r.calibration->offsetCounts, kOffset, 400);
    EXPECT_NEAR(r.calibration->countsPerNewton, kScale, kScale * 0.002);
    // A 10 kg reading comes out as 98 N.
    const auto counts = static_cast<std::int32_t>(kOffset + kScale * 10 * kG);
    EXPECT_NEAR(r.calibration->newtons(counts), 10 * kG, 0.2);
}

TEST(Calibration, ReversedLoadCellGivesNegativeScaleAndPositiveForce)
{
    const auto tare = window(50'000, 800);
    const auto loaded = window(50'000 - kScale * 10 * kG, 800);
    const auto r = solveTwoPoint({tare, loaded, 10.0});
    ASSERT_TRUE(r.calibration) << r.reason;
    EXPECT_LT(r.calibration->countsPerNewton, 0);
    EXPECT_NEAR(r.calibration->newtons(static_cast<std::int32_t>(50'000 - kScale * 5 * kG)), 5 * kG,
                0.1);
}

TEST(Calibration, RefusesSaturatedTare)
{
    auto tare = window(kOffset, 1500);
    tare[10].counts = (1 << 23) - 1;
    const auto r = solveTwoPoint({tare, window(kOffset + 1e6, 1500), 20.0});
    EXPECT_FALSE(r.calibration);
    EXPECT_EQ(r.error, CalibrationError::Saturated);
    EXPECT_NE(r.reason.find("tare"), std::string::npos);
}

TEST(Calibration, RefusesSamplesFlaggedInvalid)
{
    auto loaded = window(kOffset + 1e6, 1500);
    loaded[3].flags = withFlag(0, SampleFlag::Invalid);
    const auto r = solveTwoPoint({window(kOffset, 1500), loaded, 20.0});
    EXPECT_EQ(r.error, CalibrationError::Saturated);
    EXPECT_NE(r.reason.find("loaded"), std::string::npos);
}

TEST(Calibration, RefusesNoisyTare)
{
    // 20 000 counts of spread is about 4 N: someone is touching the band.
    const auto r = solveTwoPoint({window(kOffset, 20'000), window(kOffset + 1e6, 1500), 20.0});
    EXPECT_EQ(r.error, CalibrationError::NoisyTare);
    EXPECT_NE(r.reason.find("tare again"), std::string::npos);
}

TEST(Calibration, RefusesSwingingMass)
{
    const auto r = solveTwoPoint({window(kOffset, 1500), window(kOffset + 1e6, 30'000), 20.0});
    EXPECT_EQ(r.error, CalibrationError::NoisyLoad);
}

TEST(Calibration, RefusesAMassThatMovedTheReadingTooLittle)
{
    // 1 % of the 24-bit range is 167 772 counts; 100 000 is not enough.
    const auto r = solveTwoPoint({window(kOffset, 1500), window(kOffset + 100'000, 1500), 2.0});
    EXPECT_EQ(r.error, CalibrationError::TooSmallChange);
    EXPECT_NE(r.reason.find("heavier mass"), std::string::npos);
}

TEST(Calibration, RefusesNonFiniteAndNonPositiveMass)
{
    const auto tare = window(kOffset, 1500);
    const auto loaded = window(kOffset + 1e6, 1500);
    EXPECT_EQ(solveTwoPoint({tare, loaded, std::numeric_limits<double>::quiet_NaN()}).error,
              CalibrationError::NotFinite);
    EXPECT_EQ(solveTwoPoint({tare, loaded, std::numeric_limits<double>::infinity()}).error,
              CalibrationError::NotFinite);
    EXPECT_EQ(solveTwoPoint({tare, loaded, 0.0}).error, CalibrationError::BadMass);
    EXPECT_EQ(solveTwoPoint({tare, loaded, -5.0}).error, CalibrationError::BadMass);
}

TEST(Calibration, RefusesTooFewSamples)
{
    const auto r = solveTwoPoint({window(kOffset, 100, 3), window(kOffset + 1e6, 100), 20.0});
    EXPECT_EQ(r.error, CalibrationError::TooFewSamples);
}

TEST(Calibration, ApplyFlagsSaturationAndGivesNaN)
{
    const Calibration c{kOffset, kScale};
    const CountRange range{};
    const auto ok = c.apply({5, static_cast<std::int32_t>(kOffset + kScale * 10), 0}, range);
    EXPECT_NEAR(ok.forceN, 10.0, 1e-3);
    EXPECT_EQ(ok.tNs, 5);
    const auto sat = c.apply({6, range.max, 0}, range);
    EXPECT_TRUE(hasFlag(sat.flags, SampleFlag::Saturated));
    EXPECT_TRUE(std::isnan(sat.forceN));
    const auto low = c.apply({7, range.min, 0}, range);
    EXPECT_TRUE(hasFlag(low.flags, SampleFlag::Saturated));
}

TEST(Calibration, ValidityNeedsFiniteNonZeroScale)
{
    EXPECT_TRUE((Calibration{0, 1}).valid());
    EXPECT_FALSE((Calibration{0, 0}).valid());
    EXPECT_FALSE((Calibration{std::numeric_limits<double>::quiet_NaN(), 1}).valid());
}

} // namespace
} // namespace bandstation::core
