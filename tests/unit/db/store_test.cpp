#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <bandstation/db/schema.h>
#include <bandstation/db/store.h>

#include "db_test_util.h"

#ifndef BANDSTATION_DB_FIXTURES
#error "BANDSTATION_DB_FIXTURES must name tests/data/db"
#endif

namespace bandstation::db {
namespace {

using test::TempDir;

StoreOptions at(const std::string& now)
{
    StoreOptions o;
    o.station = "gym-1";
    o.now = now;
    return o;
}

// A session with one finished set of reps and samples, and one set left running.
struct Recorded {
    std::int64_t athlete = 0, session = 0, set = 0, running = 0, calibration = 0;
};

Recorded record(Store& store)
{
    Recorded r;
    store.begin();
    r.athlete = store.addAthlete("Ada", "left knee", "2026-11-20T09:00:00.000Z");
    r.calibration = store.addCalibration(
        {0, 0, "hx711", core::Calibration{150'000, 8'000}, 5.0, "2026-11-20T08:59:00.000Z"});
    r.session = store.beginSession(r.athlete, "2026-11-20T09:01:00.000Z");
    SetStart start;
    start.sessionId = r.session;
    start.exerciseId = "banded_bridge";
    start.bandColour = "green";
    start.bandPosition = "knees";
    start.targetReps = 12;
    start.targets.zone = core::ForceZone{60, 80};
    start.targets.tempo = core::Tempo{2, 1, 2, 0};
    start.startedAt = "2026-11-20T09:01:05.000Z";
    start.sampleRateHz = 80;
    r.set = store.beginSet(start);
    for (int i = 1; i <= 3; ++i) {
        store.addRep(r.set, test::makeRep(i, 5.0 * i));
    }
    const auto samples = test::bandSamples(900, 80);
    store.writeChunk(r.set, 0, 0, r.calibration, std::span(samples).first(500));
    store.writeChunk(r.set, 0, 1, r.calibration, std::span(samples).subspan(500));
    SetResult result;
    result.endedAt = "2026-11-20T09:02:00.000Z";
    result.summary.reps = 3;
    result.summary.goodReps = 3;
    result.summary.meanPeakForceN = 72;
    store.endSet(r.set, result);
    start.startedAt = "2026-11-20T09:03:00.000Z";
    r.running = store.beginSet(start);
    store.commit(true);
    return r;
}

TEST(Store, KeepsASessionWithItsSetsRepsAndSamples)
{
    TempDir dir;
    const auto path = dir.file("b.db");
    Recorded r;
    {
        Store store(path, at("2026-11-20T10:00:00.000Z"));
        EXPECT_EQ(store.openReport().migration.from, 0);
        EXPECT_EQ(store.openReport().migration.to, schemaVersion());
        r = record(store);
    }
    Store store(path, at("2026-11-20T10:00:00.000Z"));
    const auto detail = store.session(r.session);
    ASSERT_TRUE(detail);
    EXPECT_EQ(detail->session.station, "gym-1");
    EXPECT_EQ(detail->session.athleteId, r.athlete);
    ASSERT_EQ(detail->sets.size(), 2U);
    const auto& set = detail->sets[0];
    EXPECT_EQ(set.position, 1);
    EXPECT_EQ(set.start.bandColour, "green");
    EXPECT_EQ(set.start.targetReps, 12);
    ASSERT_TRUE(set.start.targets.zone);
    EXPECT_EQ(set.start.targets.zone->highN, 80);
    ASSERT_TRUE(set.start.targets.tempo);
    EXPECT_EQ(set.start.targets.tempo->downS, 2);
    EXPECT_EQ(set.status, Status::Completed);
    EXPECT_EQ(set.summary.goodReps, 3);
    ASSERT_EQ(set.reps.size(), 3U);
    EXPECT_DOUBLE_EQ(set.reps[2].rep.peakForceN, 73);
    EXPECT_EQ(set.reps[1].judgement.inZone, true);
    EXPECT_EQ(detail->sets[1].position, 2);

    const auto forces = store.setForces(r.set, 0);
    const auto raw = test::bandSamples(900, 80);
    ASSERT_EQ(forces.size(), raw.size());
    const core::Calibration cal{150'000, 8'000};
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i].flags == 0) {
            EXPECT_NEAR(forces[i].forceN, cal.newtons(raw[i].counts), 1e-9);
        } else {
            EXPECT_TRUE(core::hasFlag(forces[i].flags, core::SampleFlag::Saturated));
        }
    }
}

TEST(Store, ASessionLeftActiveByACrashIsClosedAsInterrupted)
{
    TempDir dir;
    const auto path = dir.file("b.db");
    Recorded r;
    {
        Store store(path, at("2026-11-20T09:00:00.000Z"));
        r = record(store); // the second set and the session are still active: "the crash"
    }
    Store store(path, at("2026-11-20T11:00:00.000Z"));
    EXPECT_EQ(store.openReport().interruptedSessions, 1);
    const auto detail = store.session(r.session);
    EXPECT_EQ(detail->session.status, Status::Interrupted);
    EXPECT_EQ(detail->sets[1].status, Status::Interrupted);
    EXPECT_EQ(detail->sets[0].status, Status::Completed); // finished work untouched
    EXPECT_EQ(detail->sets[0].reps.size(), 3U);
    EXPECT_EQ(store.setForces(r.set, 0).size(), 900U);
    Store again(path, at("2026-11-20T12:00:00.000Z"));
    EXPECT_EQ(again.openReport().interruptedSessions, 0);
}

TEST(Store, ChangesSinceACursorFindWhatChanged)
{
    TempDir dir;
    Store store(dir.file("b.db"));
    const auto r = record(store);
    auto all = store.changesSince(0);
    ASSERT_EQ(all.sessions.size(), 1U);
    EXPECT_EQ(all.cursor, store.revision());
    EXPECT_TRUE(store.changesSince(all.cursor).sessions.empty());
    // A rep added to the running set changes its session again.
    store.begin();
    store.addRep(r.running, test::makeRep(1, 1.0));
    const auto other = store.beginSession(std::nullopt, "2026-11-21T08:00:00.000Z");
    store.commit();
    auto next = store.changesSince(all.cursor);
    ASSERT_EQ(next.sessions.size(), 2U);
    EXPECT_EQ(next.sessions[0].id, r.session);
    EXPECT_EQ(next.sessions[1].id, other);
    EXPECT_GT(next.cursor, all.cursor);
    auto limited = store.changesSince(all.cursor, 1);
    EXPECT_EQ(limited.sessions.size(), 1U);
    EXPECT_TRUE(limited.more);
    EXPECT_EQ(store.changesSince(limited.cursor).sessions.size(), 1U);
}

TEST(Store, SessionsByAthleteAndDate)
{
    TempDir dir;
    Store store(dir.file("b.db"));
    store.begin();
    const auto a = store.addAthlete("A", "", "2026-11-01T00:00:00.000Z");
    const auto b = store.addAthlete("B", "", "2026-11-01T00:00:00.000Z");
    store.beginSession(a, "2026-11-20T09:00:00.000Z");
    store.beginSession(a, "2026-11-22T23:59:59.999Z");
    store.beginSession(b, "2026-11-22T10:00:00.000Z");
    store.beginSession(a, "2026-11-23T00:00:00.000Z");
    store.commit();
    EXPECT_EQ(store.sessions(a).size(), 3U);
    EXPECT_EQ(store.sessions(a, "2026-11-21", "2026-11-22").size(), 1U);
    EXPECT_EQ(store.sessions(std::nullopt, "2026-11-22", "2026-11-22").size(), 2U);
    EXPECT_EQ(store.sessions(b, "2026-11-23").size(), 0U);
}

TEST(Store, TokensAreStoredHashedAndCanBeRevoked)
{
    TempDir dir;
    const auto path = dir.file("b.db");
    Store store(path);
    const auto token = store.createToken("coach laptop", "read", "2026-11-22T10:00:00.000Z");
    EXPECT_EQ(token.secret.size(), 4U + 64U);
    const auto found = store.verifyToken(token.secret, "2026-11-22T10:05:00.000Z");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->scopes, "read");
    EXPECT_FALSE(store.verifyToken(token.secret + "x", "now"));
    // The secret itself is nowhere in the file.
    std::string bytes;
    for (const auto& file : {path, path + "-wal"}) {
        if (std::filesystem::exists(file)) {
            std::string part(std::filesystem::file_size(file), '\0');
            std::ifstream(file, std::ios::binary)
                .read(part.data(), static_cast<std::streamsize>(part.size()));
            bytes += part;
        }
    }
    EXPECT_EQ(bytes.find(token.secret.substr(4)), std::string::npos);
    EXPECT_TRUE(store.revokeToken(token.id, "2026-11-22T11:00:00.000Z"));
    EXPECT_FALSE(store.verifyToken(token.secret, "later"));
    EXPECT_TRUE(store.tokens()[0].revoked);
    EXPECT_EQ(store.tokens()[0].lastUsedAt, "2026-11-22T10:05:00.000Z");
}

TEST(Store, TheCatalogIsSeededAndAGymsEditsSurviveAReopen)
{
    TempDir dir;
    const auto path = dir.file("b.db");
    {
        Store store(path);
        auto e = *core::findExercise("clamshell");
        e.reps = 20;
        store.saveExercise(e, false);
    }
    Store store(path);
    auto st =
        store.database().prepare("SELECT reps, builtin FROM exercises WHERE id = 'clamshell'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 20);
    EXPECT_EQ(st.int64(1), 0);
    auto count = store.database().prepare("SELECT COUNT(*) FROM exercises");
    count.step();
    EXPECT_EQ(count.int64(0), static_cast<std::int64_t>(core::catalog().size()));
}

TEST(Store, ADamagedFileIsReportedAndNotWritten)
{
    TempDir dir;
    const auto path = dir.file("b.db");
    {
        Store store(path);
        record(store);
        store.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    // Scribble over every page but the first (the header and the schema survive, the tables
    // do not), as a failing SD card might.
    const auto size = std::filesystem::file_size(path);
    ASSERT_GT(size, 8192U);
    {
        std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
        for (std::uintmax_t page = 4096; page + 4096 <= size; page += 4096) {
            f.seekp(static_cast<std::streamoff>(page + 8));
            const std::string junk(2000, '\x5a');
            f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
    }
    const auto before = std::filesystem::last_write_time(path);
    try {
        Store store(path);
        FAIL() << "a damaged database opened";
    } catch (const DbError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(path), std::string::npos) << what;
        EXPECT_TRUE(what.find("damaged") != std::string::npos ||
                    what.find("malformed") != std::string::npos)
            << what;
    }
    EXPECT_EQ(std::filesystem::last_write_time(path), before);
}

TEST(Store, ANewerDatabaseIsRefusedUntouched)
{
    TempDir dir;
    const auto path = dir.file("b.db");
    {
        Database db(path);
        db.exec("PRAGMA user_version = 99");
    }
    try {
        Store store(path);
        FAIL() << "opened";
    } catch (const DbError& e) {
        EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos) << e.what();
    }
    Database db(path);
    EXPECT_EQ(db.pragmaInt("user_version"), 99);
}

std::string schemaOf(Database& db)
{
    auto st = db.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name");
    std::string text;
    while (st.step()) {
        text += st.text(0) + " " + st.text(1) + " " + st.text(2) + "\n";
    }
    return text;
}

// Every committed fixture (tests/data/db/vN.db, a database as version N wrote it, with data)
// migrates to the current schema, keeps its data, and ends with exactly the schema a new
// database gets.
TEST(Migrations, FromEveryCommittedFixture)
{
    TempDir dir;
    Store fresh(dir.file("fresh.db"));
    const auto expected = schemaOf(fresh.database());
    int fixtures = 0;
    for (int v = 0; v < schemaVersion(); ++v) {
        const auto fixture =
            std::string(BANDSTATION_DB_FIXTURES) + "/v" + std::to_string(v) + ".db";
        ASSERT_TRUE(std::filesystem::exists(fixture)) << "missing fixture " << fixture;
        const auto copy = dir.file("v" + std::to_string(v) + ".db");
        std::filesystem::copy_file(fixture, copy);
        Store store(copy, at("2026-11-22T12:00:00.000Z"));
        EXPECT_EQ(store.openReport().migration.from, v);
        EXPECT_EQ(store.openReport().migration.to, schemaVersion());
        EXPECT_EQ(schemaOf(store.database()), expected) << "from version " << v;
        if (v >= 1) {
            // The v1 fixture holds one athlete's session with samples; they survive.
            const auto sessions = store.sessions(std::nullopt);
            ASSERT_FALSE(sessions.empty());
            const auto detail = store.session(sessions.front().id);
            ASSERT_TRUE(detail);
            ASSERT_FALSE(detail->sets.empty());
            EXPECT_FALSE(detail->sets.front().reps.empty());
            EXPECT_EQ(store.setForces(detail->sets.front().id, 0).size(), 900U);
        }
        ++fixtures;
    }
    EXPECT_EQ(fixtures, schemaVersion());
}

// Writes the fixture of the current version. Run by hand when a migration is added:
//   build/tests/unit/db_test --gtest_also_run_disabled_tests --gtest_filter='*WriteFixture*'
TEST(Migrations, DISABLED_WriteFixture)
{
    const auto path =
        std::string(BANDSTATION_DB_FIXTURES) + "/v" + std::to_string(schemaVersion()) + ".db";
    std::filesystem::remove(path);
    {
        Store store(path, at("2026-11-20T10:00:00.000Z"));
        record(store);
        store.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        store.database().exec("PRAGMA journal_mode = DELETE");
    }
    EXPECT_TRUE(std::filesystem::exists(path));
}

} // namespace
} // namespace bandstation::db
