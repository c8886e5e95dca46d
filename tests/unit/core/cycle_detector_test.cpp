#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/cycle_detector.h>

namespace bandstation::core {
namespace {

struct Found {
    std::vector<double> peaks;
};

// Runs the detector over f(t) sampled at `rate`, accepting every candidate.
template <typename F>
Found detect(F f, double seconds, double rate, double noiseSigma = 0.1,
             CycleDetectorConfig cfg = {})
{
    CycleDetector d;
    d.configure(cfg);
    d.setNoiseSigma(noiseSigma);
    Found out;
    const auto take = [&](std::optional<Cycle> c) {
        if (c) {
            out.peaks.push_back(c->view.points[c->view.peak].t);
            d.accept(*c);
        }
    };
    for (int i = 0; i < static_cast<int>(seconds * rate); ++i) {
        const double t = i / rate;
        take(d.process({t, f(t)}));
    }
    take(d.flush());
    return out;
}

TEST(CycleDetector, OneCyclePerPeriodOfASlowWave)
{
    // 0.25 Hz raised cosine between 20 and 120 N for 20 s: five cycles.
    const auto f = [](double t) { return 70 - 50 * std::cos(2 * M_PI * 0.25 * t); };
    const auto found = detect(f, 21, 80);
    ASSERT_EQ(found.peaks.size(), 5u);
    for (std::size_t i = 0; i < found.peaks.size(); ++i) {
        EXPECT_NEAR(found.peaks[i], 2.0 + 4.0 * static_cast<double>(i), 0.02);
    }
}

TEST(CycleDetector, NoiseAloneMakesNoCycles)
{
    // Deterministic pseudo-noise of ±0.5 N around 40 N, noise sigma told to the detector.
    const auto f = [](double t) { return 40 + 0.5 * std::sin(97.0 * t) * std::cos(31.0 * t); };
    EXPECT_TRUE(detect(f, 60, 80, 0.3).peaks.empty());
}

TEST(CycleDetector, SlowDriftMakesNoCycles)
{
    const auto f = [](double t) { return 30 + 0.5 * t / 60.0 + 2 * std::sin(2 * M_PI * t / 40.0); };
    EXPECT_TRUE(detect(f, 120, 80, 0.3).peaks.empty());
}

TEST(CycleDetector, SmallWobblesOnAPlateauMerge)
{
    // One long rise to 130 N with a 10 % ripple at 2 Hz for 6 s, then down: one cycle.
    const auto f = [](double t) {
        if (t < 2 || t > 9) {
            return 30.0;
        }
        if (t < 3) {
            return 30 + 100 * (t - 2);
        }
        if (t > 8) {
            return 130 - 100 * (t - 8);
        }
        return 130 - 10 * std::abs(std::sin(2 * M_PI * t));
    };
    EXPECT_EQ(detect(f, 12, 80).peaks.size(), 1u);
}

TEST(CycleDetector, AmplitudeGateScalesWithTheSet)
{
    // Three big cycles (100 N), then a 20 N bump (< 35 % of the reference), then a big one.
    const auto f = [](double t) {
        const double cycle = std::fmod(t, 4.0);
        const int n = static_cast<int>(t / 4.0);
        const double amp = n == 3 ? 20.0 : 100.0;
        return 30 + amp * 0.5 * (1 - std::cos(2 * M_PI * cycle / 4.0));
    };
    const auto found = detect(f, 20.5, 80);
    ASSERT_EQ(found.peaks.size(), 4u);
    EXPECT_NEAR(found.peaks[3], 18.0, 0.05);
}

TEST(CycleDetector, LastCycleIsReportedOnceItSettles)
{
    // Live: the set's last rep must count without waiting for another rep.
    CycleDetector d;
    CycleDetectorConfig cfg;
    cfg.settleS = 0.8;
    d.configure(cfg);
    d.setNoiseSigma(0.1);
    int found = 0;
    double when = -1;
    for (int i = 0; i < 80 * 10; ++i) {
        const double t = i / 80.0;
        const double f = (t > 1 && t < 4) ? 30 + 100 * std::sin(M_PI * (t - 1) / 3) : 30;
        if (auto c = d.process({t, f})) {
            d.accept(*c);
            ++found;
            when = t;
        }
    }
    EXPECT_EQ(found, 1);
    EXPECT_GT(when, 4.0);
    EXPECT_LT(when, 5.5);
    EXPECT_FALSE(d.flush());
}

TEST(CycleDetector, FallCutByTheEndOfDataIsNotACycle)
{
    const auto f = [](double t) { return t < 1 ? 30 : 30 + 100 * std::sin(M_PI * (t - 1) / 3); };
    // Data ends at 3.6 s, in the middle of the fall (force ≈ 80 N).
    EXPECT_TRUE(detect(f, 3.6, 80).peaks.empty());
}

TEST(CycleDetector, RejectedCandidateLeavesTheNextCycleIntact)
{
    CycleDetector d;
    d.configure({});
    d.setNoiseSigma(0.1);
    const auto f = [](double t) { return 30 + 50 * (1 - std::cos(2 * M_PI * t / 3.0)); };
    int accepted = 0, offered = 0;
    for (int i = 0; i < 80 * 10; ++i) {
        const double t = i / 80.0;
        if (auto c = d.process({t, f(t)})) {
            ++offered;
            if (offered == 1) {
                d.reject(); // the caller's duration gate said no
            } else {
                d.accept(*c);
                ++accepted;
            }
        }
    }
    EXPECT_EQ(offered, 3);
    EXPECT_EQ(accepted, 2);
    EXPECT_EQ(d.rejectedCycles(), 1u);
}

} // namespace
} // namespace bandstation::core
