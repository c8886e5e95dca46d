// The ADS1220 driver against the fake chip: register encoding, clean streams at the slowest and
// fastest rates, two channels, and every injected fault at every step.
#include <cmath>
#include <map>
#include <numbers>

#include <gtest/gtest.h>

#include <bandstation/hw/ads1220.h>
#include <bandstation/hw/errors.h>
#include <bandstation/hw/fake/fake_ads1220.h>

namespace bandstation::hw {
namespace {

using fake::Ads1220Fault;
using fake::FakeAds1220;
using fake::FakeClock;

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kS = 1'000'000'000;

std::int64_t signal(std::int64_t tNs, std::uint8_t mux, int gain)
{
    const double t = static_cast<double>(tNs) / 1e9;
    const double cell = mux == ads1220::kMuxAin0Ain1 ? 1.0 : -0.8;
    return static_cast<std::int64_t>(cell * gain *
                                         (900 + 400 * std::sin(2 * std::numbers::pi * 0.9 * t)) +
                                     static_cast<double>(tNs % 331));
}

struct Rig {
    explicit Rig(Ads1220Config c)
        : chip(clock, {}, signal), config(c), driver(chip.spi(), chip.drdy(), clock, config)
    {
    }

    void runUntil(std::int64_t untilNs)
    {
        while (clock.nowNs() < untilNs) {
            driver.poll(samples);
            const auto state = driver.status().state;
            if (state != lastState) {
                transitions.emplace_back(clock.nowNs(), state);
                lastState = state;
            }
        }
    }

    void expectEverySampleGenuine() const
    {
        std::map<std::int64_t, const FakeAds1220::Conversion*> byTime;
        for (const auto& c : chip.conversions()) {
            byTime[c.readyNs] = &c;
        }
        const auto left = ads1220Registers(config, ads1220::kMuxAin0Ain1);
        const auto right = ads1220Registers(config, ads1220::kMuxAin2Ain3);
        for (const auto& s : samples) {
            const auto it = byTime.find(s.tNs);
            ASSERT_NE(it, byTime.end()) << "a sample at " << s.tNs << " matches no DRDY";
            const auto& c = *it->second;
            EXPECT_TRUE(c.signalled);
            EXPECT_EQ(s.counts, c.code) << "corrupted result at " << s.tNs;
            EXPECT_EQ(c.registers, s.channel == 0 ? left : right)
                << "converted with another configuration at " << s.tNs;
        }
    }

    std::size_t samplesAfter(std::int64_t tNs) const
    {
        std::size_t n = 0;
        for (const auto& s : samples) {
            n += s.tNs >= tNs ? 1U : 0U;
        }
        return n;
    }

    FakeClock clock;
    FakeAds1220 chip;
    Ads1220Config config;
    Ads1220Driver driver;
    std::vector<core::RawSample> samples;
    std::vector<std::pair<std::int64_t, SourceState>> transitions;
    SourceState lastState = SourceState::Starting;
};

Ads1220Config at(double rate, int channels = 1)
{
    Ads1220Config c;
    c.rateHz = rate;
    c.channels = channels;
    return c;
}

TEST(Ads1220, RegistersFollowTheDatasheet)
{
    // 330/s normal mode, continuous, gain 128 with the PGA, AVDD reference, AIN0-AIN1.
    EXPECT_EQ(ads1220Registers(at(330), ads1220::kMuxAin0Ain1),
              (ads1220::Registers{0x0E, 0x84, 0xC0, 0x00}));
    // 2000/s is turbo mode; AIN2-AIN3.
    EXPECT_EQ(ads1220Registers(at(2000), ads1220::kMuxAin2Ain3),
              (ads1220::Registers{0x5E, 0xD4, 0xC0, 0x00}));
    // 20/s rejects 50 and 60 Hz together.
    EXPECT_EQ(ads1220Registers(at(20), ads1220::kMuxAin0Ain1)[2], 0xD0);
    EXPECT_DOUBLE_EQ(ads1220::dataRateHz({0x0E, 0x84, 0xC0, 0x00}), 330);
    EXPECT_DOUBLE_EQ(ads1220::dataRateHz({0x0E, 0xD4, 0xC0, 0x00}), 2000);
}

TEST(Ads1220, RefusesRatesAndGainsItDoesNotHave)
{
    try {
        ads1220Registers(at(500), 0);
        FAIL() << "500/s accepted";
    } catch (const SetupError& e) {
        EXPECT_NE(std::string(e.what()).find("20 40 45"), std::string::npos) << e.what();
    }
    auto c = at(330);
    c.gain = 3;
    EXPECT_THROW(ads1220Registers(c, 0), SetupError);
}

TEST(Ads1220, StreamsEveryConversionFrom20To2000PerSecond)
{
    for (const double rate : {20.0, 330.0, 2000.0}) {
        Rig rig(at(rate));
        const auto t0 = rig.clock.nowNs();
        rig.runUntil(t0 + 2 * kS);
        SCOPED_TRACE(rate);
        rig.expectEverySampleGenuine();
        const auto expected = 2.0 * rate;
        EXPECT_GT(static_cast<double>(rig.samples.size()), expected * 0.97);
        const auto st = rig.driver.status();
        EXPECT_EQ(st.state, SourceState::Streaming);
        EXPECT_EQ(st.counters.badReads, 0U);
        EXPECT_EQ(st.counters.configFailures, 0U);
        EXPECT_EQ(st.counters.resets, 1U);
        EXPECT_EQ(st.counters.samples, rig.samples.size());
    }
}

TEST(Ads1220, TwoChannelsAlternate)
{
    Rig rig(at(660, 2));
    rig.runUntil(rig.clock.nowNs() + 2 * kS);
    rig.expectEverySampleGenuine();
    std::size_t left = 0, right = 0;
    for (std::size_t i = 0; i < rig.samples.size(); ++i) {
        (rig.samples[i].channel == 0 ? left : right) += 1;
        if (i > 0) {
            EXPECT_NE(rig.samples[i].channel, rig.samples[i - 1].channel);
        }
    }
    EXPECT_GT(left, 600U);
    EXPECT_GT(right, 600U);
}

TEST(Ads1220, MissingDrdyIsAFaultWithinHalfASecondAndRecovers)
{
    Rig rig(at(330));
    rig.runUntil(rig.clock.nowNs() + 1 * kS);
    const auto onset = rig.clock.nowNs();
    rig.chip.inject({Ads1220Fault::Kind::MissingDrdy, rig.chip.operations() + 1, 2 * kS, 0});
    rig.runUntil(onset + 1 * kS);
    const auto opsBefore = rig.chip.operations();
    rig.runUntil(onset + 2 * kS);
    EXPECT_LT(rig.chip.operations() - opsBefore, 2000U) << "spins while faulted";
    bool faultedInTime = false;
    for (const auto& [t, s] : rig.transitions) {
        faultedInTime = faultedInTime || (s == SourceState::Faulted && t - onset < 500 * kMs);
    }
    EXPECT_TRUE(faultedInTime);
    EXPECT_NE(rig.driver.status().reason.find("DRDY"), std::string::npos);
    rig.runUntil(onset + 4 * kS);
    EXPECT_EQ(rig.driver.status().state, SourceState::Streaming);
    EXPECT_GT(rig.samplesAfter(onset + 3 * kS), 320U);
    rig.expectEverySampleGenuine();
}

TEST(Ads1220, BrokenMisoCostsOnlyUnprovenSamples)
{
    Rig rig(at(1000));
    rig.runUntil(rig.clock.nowNs() + 1 * kS);
    rig.chip.inject({Ads1220Fault::Kind::MisoStuck, rig.chip.operations() + 3, 600 * kMs, 0});
    rig.runUntil(rig.clock.nowNs() + 3 * kS);
    rig.expectEverySampleGenuine(); // 0xFFFFFF never passes for a reading of −1
    const auto st = rig.driver.status();
    EXPECT_GT(st.counters.configFailures, 0U);
    EXPECT_EQ(st.state, SourceState::Streaming);
}

struct FaultCase {
    Ads1220Fault::Kind kind;
    std::int64_t durationNs;
    std::int64_t delayNs;
    double rate;
    int channels;
};

class Ads1220FaultLoop : public ::testing::TestWithParam<FaultCase> {};

TEST_P(Ads1220FaultLoop, AtEveryStepOfTheProtocol)
{
    const auto fc = GetParam();
    Rig clean(at(fc.rate, fc.channels));
    const auto t0 = clean.clock.nowNs();
    clean.runUntil(t0 + 1 * kS);
    const auto startOp = clean.chip.operations();
    clean.runUntil(t0 + 2 * kS);
    const auto cleanCount = clean.samples.size();

    // From the first operation (reset, configuration, read-back) and through a stretch of the
    // stream including several read-backs.
    std::vector<std::uint64_t> ops;
    for (std::uint64_t op = 0; op < 12; ++op) {
        ops.push_back(op);
    }
    for (std::uint64_t op = startOp; op < startOp + 60; ++op) {
        ops.push_back(op);
    }
    for (const auto op : ops) {
        Rig rig(at(fc.rate, fc.channels));
        rig.chip.inject({fc.kind, op, fc.durationNs, fc.delayNs});
        rig.runUntil(t0 + 2 * kS);
        SCOPED_TRACE(toString(fc.kind) + " at operation " + std::to_string(op));
        rig.expectEverySampleGenuine();
        const auto c = rig.driver.status().counters;
        const auto counted = c.badReads + c.timeouts + c.timingRejects + (c.resets - 1) +
                             c.saturations + c.configFailures + c.gaps;
        if (rig.samples.size() + 2 < cleanCount) {
            EXPECT_GT(counted, 0U) << "samples were lost without a counted fault";
        }
        EXPECT_EQ(rig.driver.status().state, SourceState::Streaming);
        EXPECT_GT(static_cast<double>(rig.samplesAfter(t0 + 1500 * kMs)), 0.45 * fc.rate * 0.9);
        if (HasFailure()) {
            break;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(
    Faults, Ads1220FaultLoop,
    ::testing::Values(FaultCase{Ads1220Fault::Kind::CorruptWrite, 0, 0, 330, 1},
                      FaultCase{Ads1220Fault::Kind::CorruptWrite, 0, 0, 660, 2},
                      FaultCase{Ads1220Fault::Kind::TransferError, 0, 0, 330, 1},
                      FaultCase{Ads1220Fault::Kind::TransferError, 0, 0, 660, 2},
                      FaultCase{Ads1220Fault::Kind::MissingDrdy, 100 * kMs, 0, 330, 1},
                      FaultCase{Ads1220Fault::Kind::MisoStuck, 50 * kMs, 0, 2000, 1},
                      FaultCase{Ads1220Fault::Kind::MisoStuck, 50 * kMs, 0, 660, 2},
                      FaultCase{Ads1220Fault::Kind::PowerLoss, 0, 0, 330, 1},
                      FaultCase{Ads1220Fault::Kind::Saturate, 30 * kMs, 0, 330, 1},
                      FaultCase{Ads1220Fault::Kind::Preempt, 0, 2 * kMs, 2000, 1},
                      FaultCase{Ads1220Fault::Kind::Preempt, 0, 2 * kMs, 660, 2}),
    [](const auto& param) {
        std::string name = toString(param.param.kind) + "_" +
                           std::to_string(static_cast<int>(param.param.rate)) + "_" +
                           std::to_string(param.param.channels) + "ch";
        for (auto& ch : name) {
            if (!std::isalnum(static_cast<unsigned char>(ch))) {
                ch = '_';
            }
        }
        return name;
    });

} // namespace
} // namespace bandstation::hw
