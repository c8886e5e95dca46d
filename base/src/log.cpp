#include "bandstation/base/log.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <utility>

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
    std::string line;
    line.reserve(category.size() + message.size() + 8);
    line += '<';
    line += static_cast<char>('0' + static_cast<int>(level));
    line += '>';
    line += category;
    line += ": ";
    line += message;
    line += '\n';
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
