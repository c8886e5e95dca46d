#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <bandstation/core/trace_format.h>

namespace bandstation::core {
namespace {

struct Parsed {
    std::vector<ForceSample> samples;
    std::string error;
    std::size_t errorLine = 0;
    TraceMeta meta;
};

Parsed parse(const std::vector<std::string>& lines)
{
    TraceParser p;
    Parsed out;
    for (const auto& l : lines) {
        auto r = p.feed(l);
        if (!r.error.empty()) {
            out.error = r.error;
            out.errorLine = p.lineNumber();
            break;
        }
        if (r.sample) {
            out.samples.push_back(*r.sample);
        }
    }
    out.meta = p.meta();
    return out;
}

TEST(TraceFormat, ReadsMetadataHeaderAndRows)
{
    const auto p = parse({"# exercise: banded_bridge", "# sample_rate_hz: 80",
                          "# generator: bandforce-synth 1.0", "t_s,force_n", "0.000000,30.935",
                          "0.012537,31.339\r"});
    EXPECT_TRUE(p.error.empty()) << p.error;
    EXPECT_EQ(p.meta.exercise, "banded_bridge");
    EXPECT_EQ(p.meta.sampleRateHz, 80.0);
    EXPECT_EQ(p.meta.keys.size(), 3u);
    ASSERT_EQ(p.samples.size(), 2u);
    EXPECT_EQ(p.samples[1].tNs, 12'537'000);
    EXPECT_DOUBLE_EQ(p.samples[1].forceN, 31.339);
}

TEST(TraceFormat, ErrorsNameWhatIsWrong)
{
    auto p = parse({"t_s,force_n", "0.0,30", "0.1,abc"});
    EXPECT_EQ(p.errorLine, 3u);
    EXPECT_NE(p.error.find("not a number"), std::string::npos);

    p = parse({"t_s,force_n", "0.0,30,7"});
    EXPECT_EQ(p.errorLine, 2u);
    EXPECT_NE(p.error.find("2 fields"), std::string::npos);

    p = parse({"t_s,force_n", "0.0,30", "0.1,nan"});
    EXPECT_NE(p.error.find("non-finite force"), std::string::npos);

    p = parse({"t_s,force_n", "0.0,30", "inf,30"});
    EXPECT_NE(p.error.find("non-finite time"), std::string::npos);

    p = parse({"t_s,force_n", "0.2,30", "0.1,31"});
    EXPECT_EQ(p.errorLine, 3u);
    EXPECT_NE(p.error.find("backwards"), std::string::npos);

    p = parse({"t_s,force_n", "0.2,30", "0.2,31"});
    EXPECT_NE(p.error.find("repeats"), std::string::npos);

    p = parse({"# exercise: x", "time,force"});
    EXPECT_EQ(p.errorLine, 2u);
    EXPECT_NE(p.error.find("header"), std::string::npos);
}

TEST(TraceFormat, EmptyTraceIsNotAnError)
{
    EXPECT_TRUE(parse({}).error.empty());
    EXPECT_TRUE(parse({"# exercise: clamshell"}).error.empty());
    const auto p = parse({"t_s,force_n", ""});
    EXPECT_TRUE(p.error.empty());
    EXPECT_TRUE(p.samples.empty());
}

TEST(TraceFormat, SampleRateFromTheMedianPeriod)
{
    std::vector<ForceSample> s;
    for (int i = 0; i < 100; ++i) {
        s.push_back({i * 12'500'000LL + (i >= 50 ? 50'000'000LL : 0), 0, 0});
    }
    EXPECT_NEAR(estimateSampleRate(s), 80.0, 1e-9);
    EXPECT_EQ(estimateSampleRate({}), 0.0);
}

} // namespace
} // namespace bandstation::core
