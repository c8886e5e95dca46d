// The HX711 driver against the fake chip: clean streams, every injected fault at every step of
// the protocol, unplugging, and timing.
#include <cmath>
#include <map>
#include <numbers>
#include <optional>

#include <gtest/gtest.h>

#include <bandstation/hw/fake/fake_hx711.h>
#include <bandstation/hw/hx711.h>

namespace bandstation::hw {
namespace {

using fake::FakeClock;
using fake::FakeHx711;
using fake::Hx711Fault;

constexpr std::int64_t kMs = 1'000'000;
constexpr std::int64_t kS = 1'000'000'000;

// A slowly moving input, scaled by the gain the chip converts with, so a word converted at the
// wrong gain cannot pass for a right one.
std::int64_t signal(std::int64_t tNs, Hx711Gain gain)
{
    const double t = static_cast<double>(tNs) / 1e9;
    const double base = 120'000 + 60'000 * std::sin(2 * std::numbers::pi * 0.7 * t) +
                        static_cast<double>(tNs % 977); // low bits change every word
    switch (gain) {
    case Hx711Gain::A128:
        return static_cast<std::int64_t>(base);
    case Hx711Gain::A64:
        return static_cast<std::int64_t>(base / 2) + 3;
    case Hx711Gain::B32:
        return -static_cast<std::int64_t>(base / 4) - 5;
    }
    return 0;
}

struct Rig {
    explicit Rig(double rate = 80, Hx711Gain gain = Hx711Gain::A128)
        : chip(clock, {rate, 0, 1'000}, signal), config{rate, gain},
          driver(chip.lines(), clock, config)
    {
    }

    // Polls until the virtual clock reaches `untilNs`; remembers when the state changed.
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

    std::optional<std::int64_t> firstTimeIn(SourceState state, std::int64_t after) const
    {
        for (const auto& [t, s] : transitions) {
            if (s == state && t >= after) {
                return t;
            }
        }
        return std::nullopt;
    }

    // No sample that the chip did not produce exactly so, at the configured gain.
    void expectEverySampleGenuine() const
    {
        std::map<std::int64_t, const FakeHx711::Conversion*> byTime;
        for (const auto& c : chip.conversions()) {
            byTime[c.readyNs] = &c;
        }
        for (const auto& s : samples) {
            const auto it = byTime.find(s.tNs);
            ASSERT_NE(it, byTime.end()) << "a sample at " << s.tNs << " matches no data-ready";
            const auto& c = *it->second;
            EXPECT_TRUE(c.signalled);
            EXPECT_EQ(s.counts, c.code) << "corrupted word at " << s.tNs;
            EXPECT_EQ(c.gain, config.gain) << "a word converted at another gain at " << s.tNs;
            const bool fullScale = c.code == kHx711Max || c.code == kHx711Min;
            EXPECT_EQ(core::hasFlag(s.flags, core::SampleFlag::Saturated), fullScale);
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
    FakeHx711 chip;
    Hx711Config config;
    Hx711Driver driver;
    std::vector<core::RawSample> samples;
    std::vector<std::pair<std::int64_t, SourceState>> transitions;
    SourceState lastState = SourceState::Starting;
};

TEST(Hx711, StreamsEveryConversionAt80PerSecond)
{
    Rig rig(80);
    const auto start = rig.clock.nowNs();
    rig.runUntil(start + 5 * kS);
    rig.expectEverySampleGenuine();
    // Settling (50 ms), one discarded word, one period of confirmation delay.
    EXPECT_GE(rig.samples.size(), 395U);
    EXPECT_LE(rig.samples.size(), 400U);
    const auto st = rig.driver.status();
    EXPECT_EQ(st.state, SourceState::Streaming);
    EXPECT_EQ(st.counters.badReads, 0U);
    EXPECT_EQ(st.counters.timeouts, 0U);
    EXPECT_EQ(st.counters.resets, 1U); // the one that starts the stream
    EXPECT_EQ(st.counters.gaps, 0U);
    EXPECT_EQ(st.counters.samples, rig.samples.size());
    for (std::size_t i = 1; i < rig.samples.size(); ++i) {
        EXPECT_EQ(rig.samples[i].tNs - rig.samples[i - 1].tNs, 12'500'000);
    }
}

TEST(Hx711, StreamsAt10PerSecond)
{
    Rig rig(10);
    rig.runUntil(rig.clock.nowNs() + 5 * kS);
    rig.expectEverySampleGenuine();
    EXPECT_GE(rig.samples.size(), 44U);
    EXPECT_EQ(rig.driver.status().counters.badReads, 0U);
}

TEST(Hx711, GainAndChannelFollowThePulseCount)
{
    for (const auto gain : {Hx711Gain::A64, Hx711Gain::B32}) {
        Rig rig(80, gain);
        rig.runUntil(rig.clock.nowNs() + 2 * kS);
        // The first word after reset is converted at A-128 and discarded; every delivered one
        // was converted at the configured gain (checked against the chip's record).
        rig.expectEverySampleGenuine();
        EXPECT_GT(rig.samples.size(), 150U);
    }
}

TEST(Hx711, WaitsOnTheEdgeInsteadOfSpinning)
{
    Rig rig(80);
    rig.runUntil(rig.clock.nowNs() + 2 * kS);
    const auto opsPerSample =
        static_cast<double>(rig.chip.operations()) / static_cast<double>(rig.samples.size());
    // One wait, one level check, 25 pulses of four operations, one post-read check.
    EXPECT_LT(opsPerSample, 110.0);
}

TEST(Hx711, UnpluggedIsAFaultWithinHalfASecondAndRecovers)
{
    for (const auto kind : {Hx711Fault::Kind::StuckHigh, Hx711Fault::Kind::StuckLow}) {
        Rig rig(80);
        rig.runUntil(rig.clock.nowNs() + 1 * kS);
        const auto onset = rig.clock.nowNs();
        rig.chip.inject({kind, rig.chip.operations() + 1, 3 * kS, 0});
        rig.runUntil(onset + 1 * kS);
        // Faulted, it keeps trying without spinning: a few hundred operations a second.
        const auto opsBefore = rig.chip.operations();
        rig.runUntil(onset + 2 * kS);
        EXPECT_LT(rig.chip.operations() - opsBefore, 1000U) << toString(kind);
        const auto faulted = rig.firstTimeIn(SourceState::Faulted, onset);
        ASSERT_TRUE(faulted) << toString(kind);
        EXPECT_LT(*faulted - onset, 500 * kMs) << toString(kind);
        const auto reason = rig.driver.status().reason;
        EXPECT_NE(reason.find(kind == Hx711Fault::Kind::StuckHigh ? "stays high" : "stays low"),
                  std::string::npos)
            << reason;
        rig.runUntil(onset + 5 * kS);
        EXPECT_EQ(rig.driver.status().state, SourceState::Streaming) << toString(kind);
        EXPECT_GT(rig.samplesAfter(onset + 4 * kS), 75U);
        rig.expectEverySampleGenuine();
    }
}

TEST(Hx711, AClockHighPhaseOver50usIsRejectedAndOver60usResetsTheChip)
{
    {
        Rig rig(80);
        rig.runUntil(rig.clock.nowNs() + 1 * kS);
        // Find a pulse: pre-empt the operation that ends a high phase, long enough to pass 50 µs
        // but not 60 µs. Operations: wait, level, then per bit set(1), get, set(0), get.
        rig.runUntil(rig.clock.nowNs() + 1); // land at a wait
        rig.chip.inject({Hx711Fault::Kind::Preempt, rig.chip.operations() + 2 + 2, 0, 52'000});
        rig.runUntil(rig.clock.nowNs() + 1 * kS);
        const auto st = rig.driver.status();
        EXPECT_EQ(st.counters.timingRejects, 1U);
        EXPECT_EQ(rig.chip.powerDowns(), 1); // the reset that starts the stream
        EXPECT_EQ(st.counters.resets, 1U);
        rig.expectEverySampleGenuine();
    }
    {
        Rig rig(80);
        rig.runUntil(rig.clock.nowNs() + 1 * kS);
        rig.runUntil(rig.clock.nowNs() + 1);
        rig.chip.inject({Hx711Fault::Kind::Preempt, rig.chip.operations() + 2 + 2, 0, 80'000});
        rig.runUntil(rig.clock.nowNs() + 1 * kS);
        const auto st = rig.driver.status();
        EXPECT_GE(st.counters.timingRejects, 1U);
        EXPECT_EQ(rig.chip.powerDowns(), 2);
        EXPECT_EQ(st.counters.resets, 2U);
        EXPECT_EQ(st.state, SourceState::Streaming);
        rig.expectEverySampleGenuine();
    }
}

TEST(Hx711, SaturatedWordsAreFlaggedNotPassedAsForce)
{
    Rig rig(80);
    rig.runUntil(rig.clock.nowNs() + 1 * kS);
    rig.chip.inject({Hx711Fault::Kind::Saturate, rig.chip.operations() + 1, 200 * kMs, 0});
    rig.runUntil(rig.clock.nowNs() + 1 * kS);
    rig.expectEverySampleGenuine();
    const auto st = rig.driver.status();
    EXPECT_GE(st.counters.saturations, 14U);
    std::size_t flagged = 0;
    for (const auto& s : rig.samples) {
        flagged += core::hasFlag(s.flags, core::SampleFlag::Saturated) ? 1U : 0U;
    }
    EXPECT_EQ(flagged, st.counters.saturations);
}

TEST(Hx711, AWordReadLateIsNotStampedWithAnEarlierDataReady)
{
    // The reader is away for 11 ms somewhere between a data-ready edge and the first clock
    // pulse: the chip overwrites the unread result with the next conversion, so the word no
    // longer belongs to the edge. Tried at every operation of a cycle; where it lands in that
    // window it must be rejected, never stamped a period early.
    int rejected = 0;
    for (std::uint64_t offset = 0; offset < 120; ++offset) {
        Rig rig(80);
        rig.runUntil(rig.clock.nowNs() + 1 * kS);
        rig.chip.inject({Hx711Fault::Kind::Preempt, rig.chip.operations() + offset, 0, 11 * kMs});
        rig.runUntil(rig.clock.nowNs() + 1 * kS);
        rig.expectEverySampleGenuine();
        rejected += rig.driver.status().counters.timingRejects > 0 ? 1 : 0;
    }
    EXPECT_GT(rejected, 0);
}

// The loop the issue asks for: each fault, injected at every operation of two full read cycles,
// never lets a corrupted value out, is counted when it costs a sample, and heals.
struct FaultCase {
    Hx711Fault::Kind kind;
    std::int64_t durationNs;
    std::int64_t delayNs;
};

class Hx711FaultLoop : public ::testing::TestWithParam<FaultCase> {};

TEST_P(Hx711FaultLoop, AtEveryStepOfTheProtocol)
{
    const auto fc = GetParam();
    // A fault-free run gives the number of samples to expect and where the cycle starts.
    Rig clean(80);
    const auto t0 = clean.clock.nowNs();
    clean.runUntil(t0 + 1 * kS);
    const auto startOp = clean.chip.operations();
    clean.runUntil(t0 + 3 * kS);
    const auto cleanCount = clean.samples.size();
    const std::uint64_t cycleOps = 110;

    for (std::uint64_t op = startOp; op < startOp + 2 * cycleOps; ++op) {
        Rig rig(80);
        rig.chip.inject({fc.kind, op, fc.durationNs, fc.delayNs});
        rig.runUntil(t0 + 3 * kS);
        SCOPED_TRACE(toString(fc.kind) + " at operation " + std::to_string(op));
        rig.expectEverySampleGenuine();
        const auto c = rig.driver.status().counters;
        // A conversion the chip drops (it finished while the previous word was being read)
        // shows only as a gap before the next sample: gaps count.
        const auto counted =
            c.badReads + c.timeouts + c.timingRejects + (c.resets - 1) + c.saturations + c.gaps;
        if (rig.samples.size() < cleanCount) {
            EXPECT_GT(counted, 0U) << "samples were lost without a counted fault";
        }
        // Healed: the last second streams at the full rate.
        EXPECT_EQ(rig.driver.status().state, SourceState::Streaming);
        EXPECT_GE(rig.samplesAfter(t0 + 2 * kS), 78U);
        if (HasFailure()) {
            break; // one operation's report is enough to debug
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Faults, Hx711FaultLoop,
                         ::testing::Values(FaultCase{Hx711Fault::Kind::GlitchBit, 0, 0},
                                           FaultCase{Hx711Fault::Kind::StuckHigh, 300 * kMs, 0},
                                           FaultCase{Hx711Fault::Kind::StuckLow, 300 * kMs, 0},
                                           FaultCase{Hx711Fault::Kind::NotReady, 100 * kMs, 0},
                                           FaultCase{Hx711Fault::Kind::Preempt, 0, 55'000},
                                           FaultCase{Hx711Fault::Kind::Preempt, 0, 200'000},
                                           FaultCase{Hx711Fault::Kind::Preempt, 0, 15 * kMs},
                                           FaultCase{Hx711Fault::Kind::Saturate, 50 * kMs, 0},
                                           FaultCase{Hx711Fault::Kind::PowerLoss, 0, 0}),
                         [](const auto& param) {
                             std::string name =
                                 toString(param.param.kind) + "_" +
                                 std::to_string(param.param.durationNs + param.param.delayNs);
                             for (auto& ch : name) {
                                 if (!std::isalnum(static_cast<unsigned char>(ch))) {
                                     ch = '_';
                                 }
                             }
                             return name;
                         });

} // namespace
} // namespace bandstation::hw
