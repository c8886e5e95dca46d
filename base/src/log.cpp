#include "bandstation/base/log.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include <sys/stat.h>
#include <unistd.h>

namespace bandstation::base {

namespace {

std::atomic<int> gLevel{static_cast<int>(LogLevel::Info)};

constexpr std::array<std::pair<std::string_view, LogLevel>, 5> kNames{{
    {"error", LogLevel::Error},
    {"warning", LogLevel::Warning},
    {"notice", LogLevel::Notice},
    {"info", LogLevel::Info},
    {"debug", LogLevel::Debug},
}};

} // namespace

bool stderrIsJournal()
{
    // systemd sets JOURNAL_STREAM to the device and inode of the stream it connected; a child
    // whose stderr was redirected since inherits the variable but not the stream.
    const char* stream = std::getenv("JOURNAL_STREAM");
    unsigned long long dev = 0;
    unsigned long long ino = 0;
    if (stream == nullptr || std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2) {
        return false;
    }
    struct stat st {};
    return ::fstat(STDERR_FILENO, &st) == 0 && static_cast<unsigned long long>(st.st_dev) == dev &&
           static_cast<unsigned long long>(st.st_ino) == ino;
}

std::string formatLogLine(LogLevel level, std::string_view category, std::string_view message,
                          bool journal)
{
    std::string line;
    line.reserve(category.size() + message.size() + 16);
    if (journal) {
        line += '<';
        line += static_cast<char>('0' + static_cast<int>(level));
        line += '>';
    }
    line += category;
    line += ": ";
    if (!journal && level <= LogLevel::Warning) {
        line += level == LogLevel::Error ? "error: " : "warning: ";
    }
    line += message;
    line += '\n';
    return line;
}

std::optional<LogLevel> parseLogLevel(std::string_view text)
{
    for (const auto& [name, level] : kNames) {
        if (name == text) {
            return level;
        }
    }
    return std::nullopt;
}

std::string_view toString(LogLevel level)
{
    for (const auto& [name, l] : kNames) {
        if (l == level) {
            return name;
        }
    }
    return "info";
}

void setLogLevel(LogLevel level)
{
    gLevel.store(static_cast<int>(level));
}

bool logEnabled(LogLevel level)
{
    return static_cast<int>(level) <= gLevel.load(std::memory_order_relaxed);
}

void log(LogLevel level, std::string_view category, std::string_view message)
{
    if (!logEnabled(level)) {
        return;
    }
    const auto line = formatLogLine(level, category, message, stderrIsJournal());
    std::size_t done = 0;
    while (done < line.size()) {
        const auto n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return; // stderr is gone: nothing better to do with a log line
        }
        done += static_cast<std::size_t>(n);
    }
}

} // namespace bandstation::base
