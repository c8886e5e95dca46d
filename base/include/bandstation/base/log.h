#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bandstation::base {

// syslog priorities, as systemd reads them from a "<N>" prefix on each stderr line.
enum class LogLevel { Error = 3, Warning = 4, Notice = 5, Info = 6, Debug = 7 };

std::optional<LogLevel> parseLogLevel(std::string_view text); // error warning notice info debug
std::string_view toString(LogLevel level);

// Messages at or below this priority are written; the rest are dropped before formatting cost.
void setLogLevel(LogLevel level);
bool logEnabled(LogLevel level);

// Writes one line to stderr in one write, so lines of several threads never mix: to the journal
// "<P>category: message" (journald reads the priority from the prefix), elsewhere (a terminal, a
// file) "category: error: message", with the words "error"/"warning" for those levels only.
// No timestamp: journald adds its own.
// Thread: any.
void log(LogLevel level, std::string_view category, std::string_view message);

// Whether stderr is the stream systemd connected to the journal (JOURNAL_STREAM names it).
bool stderrIsJournal();
// The line log() writes.
std::string formatLogLine(LogLevel level, std::string_view category, std::string_view message,
                          bool journal);

inline void logError(std::string_view category, std::string_view message)
{
    log(LogLevel::Error, category, message);
}
inline void logWarning(std::string_view category, std::string_view message)
{
    log(LogLevel::Warning, category, message);
}
inline void logInfo(std::string_view category, std::string_view message)
{
    log(LogLevel::Info, category, message);
}
inline void logDebug(std::string_view category, std::string_view message)
{
    log(LogLevel::Debug, category, message);
}

} // namespace bandstation::base
