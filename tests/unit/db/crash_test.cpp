// Kills a recording process with SIGKILL at random moments, 50 times over one database: every
// time, the database opens, passes integrity_check, and holds every sample the child had seen
// committed (exactly, value by value), and the interrupted session is closed as such.
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bandstation/db/store.h>

#include "db_test_util.h"

#ifndef BANDSTATION_CRASH_CHILD
#error "BANDSTATION_CRASH_CHILD must name the db_crash_child executable"
#endif
#ifndef BANDSTATION_CRASH_EMULATOR
#define BANDSTATION_CRASH_EMULATOR ""
#endif

extern char** environ;

namespace bandstation::db {
namespace {

struct ChildReport {
    std::int64_t set = 0;
    std::uint64_t committed = 0;
};

// Runs the child for `runFor`, then SIGKILLs it; returns the last thing it said.
ChildReport runAndKill(const std::string& path, std::chrono::milliseconds runFor)
{
    int out[2];
    if (pipe(out) != 0) {
        ADD_FAILURE() << "pipe";
        return {};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    // In a cross build the child runs under the emulator (a single program, qemu-aarch64-static).
    std::string emulator = BANDSTATION_CRASH_EMULATOR;
    std::string program = BANDSTATION_CRASH_CHILD;
    std::string db = path;
    std::vector<char*> argv;
    if (!emulator.empty()) {
        argv.push_back(emulator.data());
    }
    argv.insert(argv.end(), {program.data(), db.data(), nullptr});
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    if (rc != 0) {
        ADD_FAILURE() << "cannot start " << program;
        close(out[0]);
        return {};
    }
    ChildReport report;
    std::string buffer;
    const auto deadline = std::chrono::steady_clock::now() + runFor;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            break;
        }
        pollfd p{out[0], POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            continue;
        }
        char chunk[512];
        const auto n = read(out[0], chunk, sizeof chunk);
        if (n <= 0) {
            break;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
        for (auto nl = buffer.find('\n'); nl != std::string::npos; nl = buffer.find('\n')) {
            const auto line = buffer.substr(0, nl);
            buffer.erase(0, nl + 1);
            long long v = 0;
            if (std::sscanf(line.c_str(), "set %lld", &v) == 1) {
                report.set = v;
            } else if (std::sscanf(line.c_str(), "committed %lld", &v) == 1) {
                report.committed = static_cast<std::uint64_t>(v);
            }
        }
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    close(out[0]);
    EXPECT_TRUE(WIFSIGNALED(status)) << "the child ended by itself: " << status;
    return report;
}

core::RawSample expectedSample(std::int64_t i)
{
    core::RawSample s;
    s.tNs = 1'000'000'000 + i * 500'000;
    s.counts = static_cast<std::int32_t>(200'000 + (i * 7919) % 40'000 - 20'000);
    s.flags = i % 997 == 0 ? 1 : 0;
    return s;
}

TEST(Crash, SigkillAtRandomMomentsLosesNothingCommitted)
{
    test::TempDir dir;
    const auto path = dir.file("crash.db");
    std::mt19937 rng(2026);
    std::uniform_int_distribution<int> ms(60, 700);
    std::vector<ChildReport> reports;
    for (int round = 0; round < 50; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const auto report = runAndKill(path, std::chrono::milliseconds(ms(rng)));
        reports.push_back(report);
        Store store(path);
        auto check = store.database().prepare("PRAGMA integrity_check");
        ASSERT_TRUE(check.step());
        ASSERT_EQ(check.text(0), "ok");
        if (report.set == 0) {
            continue; // killed before the set began
        }
        std::vector<core::RawSample> kept;
        store.forEachChunk(report.set, 0, [&](auto samples, const auto&) {
            kept.insert(kept.end(), samples.begin(), samples.end());
        });
        ASSERT_GE(kept.size(), report.committed);
        for (std::size_t i = 0; i < kept.size(); ++i) {
            const auto want = expectedSample(static_cast<std::int64_t>(i));
            ASSERT_EQ(kept[i].counts, want.counts) << i;
            ASSERT_EQ(kept[i].tNs, want.tNs) << i;
            ASSERT_EQ(kept[i].flags, want.flags) << i;
        }
        // Earlier rounds' sets are all still there.
        for (const auto& earlier : reports) {
            if (earlier.set != 0 && earlier.set != report.set) {
                std::size_t n = 0;
                store.forEachChunk(earlier.set, 0,
                                   [&](auto samples, const auto&) { n += samples.size(); });
                ASSERT_GE(n, earlier.committed);
            }
        }
        for (const auto& s : store.sessions(std::nullopt)) {
            EXPECT_NE(s.status, Status::Active);
        }
    }
    std::uint64_t total = 0;
    for (const auto& r : reports) {
        total += r.committed;
    }
    EXPECT_GT(total, 0U) << "nothing was ever committed: the test tested nothing";
}

} // namespace
} // namespace bandstation::db
