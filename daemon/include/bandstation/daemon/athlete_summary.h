#pragma once

// What an athlete's home and history screens show, computed once in the daemon so that every
// client (the touchscreen, a coach's script) agrees: adherence to the weekly plan and the streak,
// the last session's headline, and per exercise the last prescription (to prefill the next set),
// the best peak force and the trend of peak force and volume.

#include <optional>
#include <span>
#include <string_view>

#include <boost/json/object.hpp>

#include <bandstation/db/records.h>

namespace bandstation::daemon {

// Weeks (Monday to Sunday, in the station's local time zone) since the week of 1970-01-05, of an
// ISO 8601 UTC instant ("2026-11-22T10:15:02.123Z"); nullopt when the text is not one.
std::optional<long> localWeekIndex(std::string_view isoUtc);
// The local date of that week's Monday ("2026-11-16").
std::string weekStartDate(long weekIndex);

boost::json::object athleteJson(const db::AthleteRow& athlete);

struct SummaryOptions {
    std::string_view now;   // ISO 8601 UTC
    int trendSessions = 12; // the latest sessions of each exercise's trend
};

// `sessions`: the athlete's sessions, oldest first. A session counts for the plan when it holds at
// least one rep, step or hold. The streak is the number of consecutive weeks that met the plan,
// ending last week, plus this week once it has.
boost::json::object summarizeAthlete(const db::AthleteRow& athlete,
                                     std::span<const db::SessionDetail> sessions,
                                     const SummaryOptions& options);

} // namespace bandstation::daemon
