#include <fstream>

#include <gtest/gtest.h>

#include <bandstation/db/writer.h>

#include "db_test_util.h"

namespace bandstation::db {
namespace {

using test::TempDir;

struct Session {
    std::int64_t session = 0, set = 0, calibration = 0;
};

Session start(Writer& writer)
{
    Session s;
    s.calibration =
        writer
            .call<std::int64_t>([](Store& st) {
                return st.addCalibration({0, 0, "hx711", core::Calibration{150'000, 8'000}, 5.0,
                                          "2026-11-22T09:00:00.000Z"});
            })
            .get();
    s.session = writer
                    .call<std::int64_t>([](Store& st) {
                        return st.beginSession(std::nullopt, "2026-11-22T09:00:01.000Z");
                    })
                    .get();
    SetStart set;
    set.sessionId = s.session;
    set.exerciseId = "clamshell";
    set.startedAt = "2026-11-22T09:00:02.000Z";
    s.set = writer.call<std::int64_t>([set](Store& st) { return st.beginSet(set); }).get();
    return s;
}

TEST(Writer, SamplesInAnyBatchesComeBackExactly)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    const auto samples = test::bandSamples(10'000, 1000);
    Session s;
    {
        WriterOptions options;
        options.chunkSamples = 4096;
        Writer writer(path, options);
        s = start(writer);
        for (std::size_t i = 0; i < samples.size(); i += 17) {
            const auto n = std::min<std::size_t>(17, samples.size() - i);
            writer.samples(s.set, 0, s.calibration, std::span(samples).subspan(i, n));
        }
        writer.flush();
        EXPECT_EQ(writer.status().samplesCommitted, samples.size());
        SetResult result;
        result.endedAt = "2026-11-22T09:01:00.000Z";
        writer.endSet(s.set, result);
        writer.flush();
        EXPECT_TRUE(writer.status().ok);
    }
    Store store(path);
    const auto back = store.setForces(s.set, 0);
    ASSERT_EQ(back.size(), samples.size());
    // Three chunks of at most 4096: each grew in place, none per batch.
    auto st = store.database().prepare("SELECT COUNT(*), MAX(count) FROM sample_chunks");
    st.step();
    EXPECT_EQ(st.int64(0), 3);
    EXPECT_EQ(st.int64(1), 4096);
    EXPECT_EQ(store.session(s.session)->sets[0].status, Status::Completed);
}

TEST(Writer, ANewCalibrationStartsANewChunk)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    const auto samples = test::bandSamples(200, 80);
    Session s;
    std::int64_t second = 0;
    {
        Writer writer(path);
        s = start(writer);
        writer.samples(s.set, 0, s.calibration, std::span(samples).first(100));
        second = writer
                     .call<std::int64_t>([](Store& st) {
                         return st.addCalibration({0, 0, "hx711", core::Calibration{0, 4'000},
                                                   std::nullopt, "2026-11-22T09:00:30.000Z"});
                     })
                     .get();
        writer.samples(s.set, 0, second, std::span(samples).subspan(100));
        writer.flush();
    }
    Store store(path);
    const auto forces = store.setForces(s.set, 0);
    ASSERT_EQ(forces.size(), 200U);
    if (samples[150].flags == 0) {
        EXPECT_NEAR(forces[150].forceN, samples[150].counts / 4000.0, 1e-9);
    }
    if (samples[50].flags == 0) {
        EXPECT_NEAR(forces[50].forceN, (samples[50].counts - 150'000) / 8000.0, 1e-9);
    }
}

TEST(Writer, ADiskFullStopsWritingAndDamagesNothing)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    Session s;
    {
        Writer writer(path);
        s = start(writer);
        writer.samples(s.set, 0, s.calibration, test::bandSamples(2000, 80));
        writer.flush();
        // The disk fills up: the file may not grow past its current size.
        writer.submit([](Store& st) {
            const auto pages = st.database().pragmaInt("page_count");
            st.database().exec("PRAGMA max_page_count = " + std::to_string(pages));
        });
        writer.flush();
        for (int i = 0; i < 50; ++i) {
            writer.samples(s.set, 0, s.calibration,
                           test::bandSamples(4096, 2000, static_cast<std::uint64_t>(i) + 10,
                                             100'000'000'000 + i * 3'000'000'000LL));
        }
        writer.flush();
        const auto status = writer.status();
        EXPECT_FALSE(status.ok);
        EXPECT_NE(status.error.find("full"), std::string::npos) << status.error;
        EXPECT_GT(status.droppedSamples, 0U);
        // Later work is refused quickly, with a reason, and nothing blocks.
        auto refused = writer.call<std::int64_t>(
            [](Store& st) { return st.addAthlete("x", "", "2026-11-22T10:00:00.000Z"); });
        EXPECT_THROW(refused.get(), DbError);
    }
    Store store(path);
    auto check = store.database().prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.text(0), "ok");
    // Everything committed before the disk filled is there.
    EXPECT_GE(store.setForces(s.set, 0).size(), 2000U);
}

TEST(Writer, AReadOnlyFileIsAnErrorStateNotACrash)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    {
        Store store(path);
    }
    WriterOptions options;
    options.store.mode = Database::Mode::ReadOnly; // as a file system remounted read-only
    Writer writer(path, options);
    writer.submit([](Store& st) { st.addAthlete("x", "", "2026-11-22T10:00:00.000Z"); });
    writer.flush();
    EXPECT_FALSE(writer.status().ok);
    EXPECT_NE(writer.status().error.find("readonly"), std::string::npos) << writer.status().error;
}

TEST(Writer, ADamagedDatabaseIsRefusedAtOpen)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    {
        std::ofstream f(path, std::ios::binary);
        f << "this is not a database, it is a shopping list";
    }
    EXPECT_THROW({ Writer writer(path); }, DbError);
}

} // namespace
} // namespace bandstation::db
