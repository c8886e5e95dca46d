#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <bandstation/hw/errors.h>
#include <bandstation/hw/fake/fake_clock.h>
#include <bandstation/hw/replay.h>

#ifndef BANDSTATION_TEST_DATA
#error "BANDSTATION_TEST_DATA must name tests/data"
#endif

namespace bandstation::hw {
namespace {

const std::string kTrace = std::string(BANDSTATION_TEST_DATA) + "/banded_bridge_short.csv";

std::string writeTemp(const std::string& name, const std::string& text)
{
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path.string();
}

TEST(Replay, PlaysTheTraceBackThroughCalibrationAtItsOwnPace)
{
    fake::FakeClock clock;
    ReplayConfig config;
    config.path = kTrace;
    ReplaySampler replay(clock, config);
    std::vector<core::RawSample> out;
    const auto start = clock.nowNs();
    while (replay.poll(out)) {
    }
    ASSERT_EQ(out.size(), replay.size());
    EXPECT_EQ(replay.status().state, SourceState::Finished);
    // Real time: the virtual clock advanced as far as the trace lasts.
    EXPECT_EQ(clock.nowNs(), out.back().tNs);
    EXPECT_EQ(out.front().tNs, start);

    // The counts convert back to the file's newtons (3 decimals) exactly enough.
    std::ifstream in(kTrace);
    core::TraceParser parser;
    std::string line;
    std::size_t i = 0;
    while (std::getline(in, line)) {
        const auto parsed = parser.feed(line);
        if (parsed.sample) {
            ASSERT_LT(i, out.size());
            EXPECT_NEAR(config.calibration.newtons(out[i].counts), parsed.sample->forceN,
                        1.0 / config.calibration.countsPerNewton);
            ++i;
        }
    }
}

TEST(Replay, AsFastAsPossibleKeepsTheSpacingAndLoops)
{
    fake::FakeClock clock;
    ReplayConfig config;
    config.path = kTrace;
    config.realTime = false;
    config.loop = true;
    ReplaySampler replay(clock, config);
    std::vector<core::RawSample> out;
    for (std::size_t i = 0; i < replay.size() * 2 + 5; ++i) {
        ASSERT_TRUE(replay.poll(out));
    }
    EXPECT_EQ(clock.nowNs(), out.front().tNs); // never slept
    for (std::size_t i = 1; i < out.size(); ++i) {
        ASSERT_GT(out[i].tNs, out[i - 1].tNs) << i;
    }
}

TEST(Replay, AMalformedLineNamesFileAndLine)
{
    const auto path = writeTemp("bandstation_bad_trace.csv",
                                "# exercise: clamshell\nt_s,force_n\n0.0,10\n0.1,oops\n");
    fake::FakeClock clock;
    ReplayConfig config;
    config.path = path;
    try {
        ReplaySampler replay(clock, config);
        FAIL() << "accepted";
    } catch (const SetupError& e) {
        EXPECT_NE(std::string(e.what()).find(path + ":4:"), std::string::npos) << e.what();
    }
    config.path = "/nonexistent/trace.csv";
    EXPECT_THROW(ReplaySampler(clock, config), SetupError);
}

TEST(Replay, ARawCaptureIsReplayedAsCounts)
{
    const auto path = writeTemp("bandstation_raw_trace.csv",
                                "# sensor: hx711\nt_s,counts\n0.0,1000\n0.0125,8388607\n");
    fake::FakeClock clock;
    ReplayConfig config;
    config.path = path;
    ReplaySampler replay(clock, config);
    std::vector<core::RawSample> out;
    while (replay.poll(out)) {
    }
    ASSERT_EQ(out.size(), 2U);
    EXPECT_EQ(out[0].counts, 1000);
    EXPECT_TRUE(core::hasFlag(out[1].flags, core::SampleFlag::Saturated));
    EXPECT_EQ(replay.status().counters.saturations, 1U);
}

} // namespace
} // namespace bandstation::hw
