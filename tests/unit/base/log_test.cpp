// The log line: "<P>" priorities for the journal, words for a terminal or a file.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bandstation/base/log.h>

namespace bandstation::base {
namespace {

TEST(Log, TheJournalGetsThePriorityPrefixATerminalGetsWords)
{
    EXPECT_EQ(formatLogLine(LogLevel::Error, "config", "bad key", true), "<3>config: bad key\n");
    EXPECT_EQ(formatLogLine(LogLevel::Info, "daemon", "listening", true), "<6>daemon: listening\n");
    EXPECT_EQ(formatLogLine(LogLevel::Error, "config", "bad key", false),
              "config: error: bad key\n");
    EXPECT_EQ(formatLogLine(LogLevel::Warning, "sensor", "slow", false), "sensor: warning: slow\n");
    EXPECT_EQ(formatLogLine(LogLevel::Info, "daemon", "listening", false), "daemon: listening\n");
}

TEST(Log, StderrIsTheJournalOnlyWhenJournalStreamNamesIt)
{
    struct stat st {};
    ASSERT_EQ(::fstat(STDERR_FILENO, &st), 0);
    const std::string mine = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
    const char* saved = std::getenv("JOURNAL_STREAM");
    const std::string keep = saved ? saved : "";

    ::unsetenv("JOURNAL_STREAM");
    EXPECT_FALSE(stderrIsJournal());
    ::setenv("JOURNAL_STREAM", mine.c_str(), 1);
    EXPECT_TRUE(stderrIsJournal());
    // Inherited by a process whose stderr now goes elsewhere: not the journal.
    ::setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":1").c_str(), 1);
    EXPECT_EQ(stderrIsJournal(), st.st_ino == 1);
    ::setenv("JOURNAL_STREAM", "garbage", 1);
    EXPECT_FALSE(stderrIsJournal());

    if (saved) {
        ::setenv("JOURNAL_STREAM", keep.c_str(), 1);
    } else {
        ::unsetenv("JOURNAL_STREAM");
    }
}

} // namespace
} // namespace bandstation::base
