#include <sstream>

#include <gtest/gtest.h>

#include <bandstation/base/text.h>
#include <bandstation/db/export.h>

#include "db_test_util.h"

namespace bandstation::db {
namespace {

struct Fixture {
    test::TempDir dir;
    Store store{dir.file("e.db")};
    std::int64_t session = 0, set = 0;

    Fixture()
    {
        store.begin();
        const auto cal = store.addCalibration(
            {0, 0, "hx711", core::Calibration{150'000, 8'000}, 5.0, "2026-11-22T09:00:00.000Z"});
        session = store.beginSession(std::nullopt, "2026-11-22T09:00:01.000Z");
        SetStart start;
        start.sessionId = session;
        start.exerciseId = "banded_bridge";
        start.bandColour = "red, \"heavy\"";
        start.startedAt = "2026-11-22T09:00:02.000Z";
        start.targets.zone = core::ForceZone{60, 80};
        set = store.beginSet(start);
        store.addRep(set, test::makeRep(1, 1.0));
        store.addRep(set, test::makeRep(2, 6.0));
        const auto samples = test::bandSamples(5000, 80);
        for (std::size_t i = 0; i < samples.size(); i += 1000) {
            store.writeChunk(set, 0, static_cast<std::int64_t>(i / 1000), cal,
                             std::span(samples).subspan(i, 1000));
        }
        store.commit();
    }
};

std::vector<std::string> lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

TEST(Export, RepsCsvHasOneRowPerRepAndQuotesText)
{
    Fixture f;
    std::ostringstream out;
    const std::vector<std::int64_t> ids{f.session};
    exportRepsCsv(f.store, ids, out);
    const auto rows = lines(out.str());
    ASSERT_EQ(rows.size(), 3U);
    EXPECT_EQ(rows[0].substr(0, 30), "session_id,session_started_at,");
    EXPECT_NE(rows[1].find("\"red, \"\"heavy\"\"\""), std::string::npos) << rows[1];
    EXPECT_NE(rows[2].find(",72.000,"), std::string::npos) << rows[2];
}

TEST(Export, SamplesCsvStreamsEverySampleInNewtons)
{
    Fixture f;
    std::ostringstream out;
    exportSamplesCsv(f.store, f.set, 0, out);
    const auto rows = lines(out.str());
    ASSERT_EQ(rows.size(), 5001U);
    EXPECT_EQ(rows[0], "t_s,force_n,counts,flags");
    EXPECT_EQ(rows[1].substr(0, 9), "0.000000,");
    const auto raw = test::bandSamples(5000, 80);
    const core::Calibration cal{150'000, 8'000};
    for (std::size_t i = 0; i < raw.size(); i += 500) {
        if (raw[i].flags == 0) {
            EXPECT_NE(rows[i + 1].find("," + base::fixed(cal.newtons(raw[i].counts), 3) + "," +
                                       std::to_string(raw[i].counts) + ",0"),
                      std::string::npos)
                << rows[i + 1];
        }
    }
}

TEST(Export, SessionJsonCarriesSetsTargetsAndReps)
{
    Fixture f;
    std::ostringstream out;
    exportSessionJson(f.store, f.session, out);
    const auto text = out.str();
    EXPECT_NE(text.find("\"status\": \"active\""), std::string::npos);
    EXPECT_NE(text.find("\"zone_n\": [60.00, 80.00]"), std::string::npos);
    EXPECT_NE(text.find("\"band_colour\": \"red, \\\"heavy\\\"\""), std::string::npos) << text;
    EXPECT_NE(text.find("\"index\": 2"), std::string::npos);
    std::ostringstream samples;
    exportSamplesJson(f.store, f.set, 0, samples);
    EXPECT_EQ(samples.str().rfind("{\"set_id\": 1, \"channel\": 0, \"columns\": ", 0), 0U);
    EXPECT_NE(samples.str().find("]]}"), std::string::npos);
}

} // namespace
} // namespace bandstation::db
