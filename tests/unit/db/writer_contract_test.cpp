// The writer's contract with the io thread: a completion runs after its commit, ids are reserved
// up front, storage that fails comes back by itself, and one daemon owns a database.
#include <chrono>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <unistd.h>

#include <bandstation/db/owner_lock.h>
#include <bandstation/db/writer.h>

#include "db_test_util.h"

namespace bandstation::db {
namespace {

using test::TempDir;

// What another connection (a reader, the next process after a crash) sees.
std::size_t athletesSeenBy(const std::string& path)
{
    Store reader(path, StoreOptions{"t", Database::Mode::ReadOnly, {}});
    return reader.athletes().size();
}

void waitForCompletions(Writer& writer, const std::function<bool()>& done)
{
    for (int i = 0; i < 500 && !done(); ++i) {
        writer.runCompletions();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

TEST(WriterContract, ACompletionRunsOnlyAfterItsCommit)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    WriterOptions options;
    options.commitEvery = std::chrono::milliseconds(50);
    Writer writer(path, options);
    // Ten athletes, each acknowledged from its completion: every acknowledged one is visible to
    // another connection at the moment it is acknowledged (a kill -9 then loses nothing).
    int acknowledged = 0;
    std::vector<std::size_t> seenAtAck;
    for (int i = 0; i < 10; ++i) {
        writer.call<std::int64_t>(
            [i](Store& s) { return s.addAthlete("a" + std::to_string(i), "", "t"); }, i % 2 == 0,
            [&](Outcome<std::int64_t> o) {
                ASSERT_TRUE(o.committed()) << o.error;
                ++acknowledged;
                seenAtAck.push_back(athletesSeenBy(path));
            });
    }
    // Nothing runs on this thread until it asks.
    EXPECT_EQ(acknowledged, 0);
    waitForCompletions(writer, [&] { return acknowledged == 10; });
    ASSERT_EQ(acknowledged, 10);
    for (std::size_t i = 0; i < seenAtAck.size(); ++i) {
        EXPECT_GE(seenAtAck[i], i + 1) << "acknowledgement " << i << " came before its commit";
    }
}

TEST(WriterContract, AFutureIsReadyOnlyAfterTheCommit)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    WriterOptions options;
    options.commitEvery = std::chrono::milliseconds(300); // a long transaction
    Writer writer(path, options);
    const auto id =
        writer.call<std::int64_t>([](Store& s) { return s.addAthlete("Ana", "", "t"); }).get();
    EXPECT_GT(id, 0);
    EXPECT_EQ(athletesSeenBy(path), 1u);
}

TEST(WriterContract, AnAwaitedOperationDoesNotWaitForTheBatchTimer)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    WriterOptions options;
    options.commitEvery = std::chrono::hours(1); // the timer alone would never commit
    options.durableEvery = std::chrono::hours(1);
    Writer writer(path, options);
    // Samples nobody waits for stay in the open transaction …
    writer.submit([](Store& s) { s.addAthlete("batched", "", "t"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_EQ(athletesSeenBy(path), 0u);
    // … until an operation someone waits for arrives with nothing queued behind it: it commits
    // at once, and so does everything before it.
    bool acknowledged = false;
    writer.call<std::int64_t>([](Store& s) { return s.addAthlete("awaited", "", "t"); }, false,
                              [&](Outcome<std::int64_t> o) {
                                  EXPECT_TRUE(o.committed()) << o.error;
                                  acknowledged = true;
                              });
    waitForCompletions(writer, [&] { return acknowledged; });
    EXPECT_TRUE(acknowledged);
    EXPECT_EQ(athletesSeenBy(path), 2u);
}

TEST(WriterContract, ReservedIdsNeverCollideWithChosenOnes)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    {
        Writer writer(path);
        // An id SQLite chose (a test, a tool) …
        const auto first =
            writer.call<std::int64_t>([](Store& s) { return s.beginSession(std::nullopt, "t"); })
                .get();
        // … and one reserved by the station: the next one, inserted later.
        const auto reserved = writer.reserveSessionId();
        EXPECT_EQ(reserved, first + 1);
        std::string error = "not told";
        writer.submit([reserved](Store& s) { s.beginSession(std::nullopt, "t2", reserved); }, true,
                      [&](const std::string& e) { error = e; });
        writer.flush();
        writer.runCompletions();
        EXPECT_EQ(error, "");
    }
    // After a restart the reservations go on above what the file holds.
    Writer again(path);
    EXPECT_EQ(again.reserveSessionId(), 3);
    EXPECT_EQ(again.reserveSetId(), 1);
}

TEST(WriterContract, AFailedWriteTellsItsCompletionAndStorageComesBack)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    WriterOptions options;
    options.retryFirst = std::chrono::milliseconds(20);
    options.retryMax = std::chrono::milliseconds(40);
    Writer writer(path, options);
    writer.submit([](Store& st) {
        const auto pages = st.database().pragmaInt("page_count");
        st.database().exec("PRAGMA max_page_count = " + std::to_string(pages));
    });
    writer.flush();
    // The disk is full: a big write fails, and its completion is told why.
    std::string error;
    writer.submit(
        [](Store& s) {
            for (int i = 0; i < 2000; ++i) {
                s.addAthlete(std::string(500, 'x'), "", "t");
            }
        },
        true, [&](const std::string& e) { error = e; });
    writer.flush();
    writer.runCompletions();
    EXPECT_NE(error.find("full"), std::string::npos) << error;
    EXPECT_FALSE(writer.status().ok);
    // While it is off, work is refused at once, with the reason.
    std::string refused;
    writer.submit([](Store& s) { s.addAthlete("y", "", "t"); }, true,
                  [&](const std::string& e) { refused = e; });
    writer.flush();
    writer.runCompletions();
    EXPECT_NE(refused, "");
    // Space comes back (here: the page limit goes); the next attempt after the back-off succeeds.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    writer.submit([](Store& st) { st.database().exec("PRAGMA max_page_count = 1073741823"); });
    writer.flush();
    std::string later = "not told";
    writer.submit([](Store& s) { s.addAthlete("z", "", "t"); }, true,
                  [&](const std::string& e) { later = e; });
    writer.flush();
    writer.runCompletions();
    EXPECT_EQ(later, "");
    const auto status = writer.status();
    EXPECT_TRUE(status.ok) << status.error;
    EXPECT_EQ(status.failures, 1u);
    EXPECT_EQ(status.resumes, 1u);
    EXPECT_GE(status.droppedOperations, 1u);
    EXPECT_EQ(athletesSeenBy(path), 1u); // "z"; the failed transaction left nothing behind
}

TEST(WriterContract, ADatabaseThatCannotBeOpenedYetStartsStorageOff)
{
    TempDir dir;
    const auto folder = std::filesystem::path(dir.file("later"));
    const auto path = (folder / "w.db").string();
    WriterOptions options;
    options.retryFirst = std::chrono::milliseconds(10);
    options.retryMax = std::chrono::milliseconds(20);
    Writer writer(path, options); // the folder is missing: as a disk too full to create the file
    EXPECT_FALSE(writer.status().ok);
    EXPECT_FALSE(writer.status().open);
    std::filesystem::create_directories(folder);
    for (int i = 0; i < 200 && !writer.status().ok; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_TRUE(writer.status().ok) << writer.status().error;
    const auto id =
        writer.call<std::int64_t>([](Store& s) { return s.addAthlete("Ana", "", "t"); }).get();
    EXPECT_EQ(id, 1);
}

TEST(OwnerLock, ASecondOwnerIsRefusedWithTheFirstOnesPid)
{
    TempDir dir;
    const auto path = dir.file("w.db");
    EXPECT_FALSE(OwnerLock::holder(path));
    {
        OwnerLock first(path);
        EXPECT_EQ(OwnerLock::holder(path), ::getpid());
        try {
            OwnerLock second(path);
            FAIL() << "a second owner was let in";
        } catch (const DbError& e) {
            EXPECT_NE(std::string(e.what()).find("pid " + std::to_string(::getpid())),
                      std::string::npos)
                << e.what();
        }
    }
    EXPECT_FALSE(OwnerLock::holder(path)); // released with its owner
    OwnerLock again(path);
}

} // namespace
} // namespace bandstation::db
