#include <random>

#include <gtest/gtest.h>

#include <bandstation/hw/calibration_procedure.h>

namespace bandstation::hw {
namespace {

constexpr double kOffset = 150'000;
constexpr double kCountsPerN = 8'000;

struct Feeder {
    std::mt19937 rng{3};
    std::int64_t tNs = 0;
    double periodS = 1.0 / 80;

    // `seconds` of samples of `forceN`, with noise of `noiseN` (1 σ).
    std::vector<core::RawSample> hold(double forceN, double seconds, double noiseN = 0.02)
    {
        std::normal_distribution<double> noise(0.0, noiseN);
        std::vector<core::RawSample> out;
        for (double t = 0; t < seconds; t += periodS) {
            tNs += static_cast<std::int64_t>(periodS * 1e9);
            const double f = forceN + noise(rng);
            out.push_back({tNs, static_cast<std::int32_t>(kOffset + f * kCountsPerN), 0, 0});
        }
        return out;
    }
};

CalibrationProcedureConfig config(double massKg)
{
    CalibrationProcedureConfig c;
    c.massKg = massKg;
    return c;
}

TEST(CalibrationProcedure, TareMassRemovalGivesTheCalibration)
{
    int accepted = 0;
    core::Calibration got;
    CalibrationProcedure p([&](const core::Calibration& c) {
        ++accepted;
        got = c;
    });
    Feeder f;
    p.start(config(5.0));
    EXPECT_EQ(p.step(), CalibrationStep::Taring);
    p.feed(f.hold(0.0, 1.5));
    EXPECT_EQ(p.step(), CalibrationStep::WaitingForMass);
    EXPECT_NE(p.instruction().find("5.00 kg"), std::string::npos);
    p.feed(f.hold(20.0, 0.3, 3.0)); // swinging while it is hung
    EXPECT_EQ(p.step(), CalibrationStep::WaitingForMass);
    p.feed(f.hold(5.0 * 9.80665, 1.5));
    EXPECT_EQ(p.step(), CalibrationStep::WaitingForRemoval);
    EXPECT_EQ(accepted, 0); // not before the reading came back
    p.feed(f.hold(0.01, 1.5));
    ASSERT_EQ(p.step(), CalibrationStep::Done) << p.error();
    EXPECT_EQ(accepted, 1);
    EXPECT_NEAR(got.countsPerNewton, kCountsPerN, kCountsPerN * 1e-3);
    EXPECT_NEAR(got.offsetCounts, kOffset, 0.05 * kCountsPerN);
    EXPECT_TRUE(p.warning().empty());
}

TEST(CalibrationProcedure, ABandThatNeverRestsFailsWithAReason)
{
    CalibrationProcedure p;
    Feeder f;
    auto c = config(5.0);
    c.stepTimeoutS = 5;
    p.start(c);
    p.feed(f.hold(0.0, 6.0, 40.0));
    EXPECT_EQ(p.step(), CalibrationStep::Failed);
    EXPECT_NE(p.error().find("still"), std::string::npos) << p.error();
}

TEST(CalibrationProcedure, AReadingThatDoesNotComeBackIsRefused)
{
    CalibrationProcedure p;
    Feeder f;
    p.start(config(5.0));
    p.feed(f.hold(0.0, 1.5));
    p.feed(f.hold(49.0, 1.5));
    p.feed(f.hold(3.0, 1.5)); // 6 % of the load left: creep or a loose mount
    EXPECT_EQ(p.step(), CalibrationStep::Failed);
    EXPECT_NE(p.error().find("loose"), std::string::npos) << p.error();
    EXPECT_FALSE(p.result());
}

TEST(CalibrationProcedure, SaturatedWordsNeverCount)
{
    CalibrationProcedure p;
    Feeder f;
    p.start(config(5.0));
    auto tare = f.hold(0.0, 1.5);
    for (std::size_t i = 0; i < tare.size(); i += 20) {
        tare[i].flags = core::withFlag(0, core::SampleFlag::Saturated);
    }
    p.feed(tare);
    EXPECT_EQ(p.step(), CalibrationStep::Taring);
}

TEST(CalibrationProcedure, WarnsWhenTheSensitivityJumped)
{
    CalibrationProcedure p;
    Feeder f;
    auto c = config(5.0);
    c.previous = core::Calibration{kOffset, kCountsPerN * 1.5};
    p.start(c);
    p.feed(f.hold(0.0, 1.5));
    p.feed(f.hold(49.0, 1.5));
    p.feed(f.hold(0.0, 1.5));
    EXPECT_EQ(p.step(), CalibrationStep::Done);
    EXPECT_NE(p.warning().find("-33 %"), std::string::npos) << p.warning();
}

TEST(CalibrationProcedure, RefusesAWrongMassUnlessConfirmed)
{
    // 0.01 kg entered for the 5 kg mass: 500× the sensitivity of the last calibration.
    for (const bool confirmed : {false, true}) {
        CalibrationProcedure p;
        Feeder f;
        auto c = config(0.01);
        c.previous = core::Calibration{kOffset, kCountsPerN};
        c.confirmed = confirmed;
        p.start(c);
        p.feed(f.hold(0.0, 1.5));
        p.feed(f.hold(49.0, 1.5));
        p.feed(f.hold(0.0, 1.5));
        if (confirmed) {
            EXPECT_EQ(p.step(), CalibrationStep::Done) << p.error();
            EXPECT_FALSE(p.confirmable());
        } else {
            EXPECT_TRUE(p.confirmable()); // a client may offer "new load cell: calibrate again"
            ASSERT_EQ(p.step(), CalibrationStep::Failed);
            // A sentence a coach can act on: what the mass probably was, and what to do.
            EXPECT_NE(p.error().find("about 5.0 kg, not 0.01 kg"), std::string::npos) << p.error();
            EXPECT_NE(p.error().find("confirm"), std::string::npos) << p.error();
        }
    }
}

TEST(CalibrationProcedure, RefusesACellThatWouldSaturateBelowABandsPull)
{
    // No earlier calibration to compare with: the converter's range says it. 0.01 kg for 49 N.
    CalibrationProcedure p;
    Feeder f;
    p.start(config(0.01));
    p.feed(f.hold(0.0, 1.5));
    p.feed(f.hold(49.0, 1.5));
    EXPECT_EQ(p.step(), CalibrationStep::Failed);
    EXPECT_NE(p.error().find("saturate"), std::string::npos) << p.error();
    EXPECT_TRUE(p.confirmable());
}

TEST(CalibrationProcedure, RefusesABadMass)
{
    CalibrationProcedure p;
    p.start(config(-1));
    EXPECT_EQ(p.step(), CalibrationStep::Failed);
    EXPECT_FALSE(p.confirmable()); // nothing to confirm: the mass itself is wrong
}

} // namespace
} // namespace bandstation::hw
