#include "bandstation/daemon/athlete_summary.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include <boost/json.hpp>

namespace bandstation::daemon {

namespace json = boost::json;

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
long daysFromCivil(long y, long m, long d)
{
    y -= m <= 2 ? 1 : 0;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// The local calendar day of an ISO 8601 UTC instant, as days since 1970-01-01.
std::optional<long> localDay(std::string_view iso)
{
    std::tm utc{};
    if (iso.size() < 19 ||
        std::sscanf(std::string(iso.substr(0, 19)).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &utc.tm_year,
                    &utc.tm_mon, &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec) != 6) {
        return std::nullopt;
    }
    utc.tm_year -= 1900;
    utc.tm_mon -= 1;
    const std::time_t t = timegm(&utc);
    std::tm local{};
    if (t == static_cast<std::time_t>(-1) || localtime_r(&t, &local) == nullptr) {
        return std::nullopt;
    }
    return daysFromCivil(local.tm_year + 1900L, local.tm_mon + 1L, local.tm_mday);
}

std::string civilDate(long days)
{
    // civil_from_days, the inverse of daysFromCivil.
    days += 719468;
    const long era = (days >= 0 ? days : days - 146096) / 146097;
    const long doe = days - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp + (mp < 10 ? 3 : -9);
    const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m),
                  static_cast<int>(d));
    return text;
}

json::value optional(const std::optional<double>& v)
{
    return v ? json::value(*v) : json::value(nullptr);
}

int movements(const db::SessionDetail& s)
{
    int n = 0;
    for (const auto& set : s.sets) {
        n += static_cast<int>(set.reps.size());
    }
    return n;
}

// The prescription of an exercise's sets in one session, as a SetRequest a client can post again.
json::object prescription(const db::SessionDetail& session, const std::string& exercise)
{
    std::map<std::string, int> setsPerSide;
    const db::SetRow* last = nullptr;
    for (const auto& set : session.sets) {
        if (set.start.exerciseId == exercise) {
            ++setsPerSide[set.start.side];
            last = &set;
        }
    }
    int sets = 0;
    for (const auto& [side, n] : setsPerSide) {
        sets = std::max(sets, n);
    }
    const auto& s = last->start;
    json::object out{{"exercise", exercise},
                     {"side", setsPerSide.size() == 1 ? s.side : std::string()},
                     {"band_colour", s.bandColour},
                     {"band_position", s.bandPosition},
                     {"sets", sets},
                     {"rest_s", optional(s.restS)}};
    out["reps"] = s.targetReps ? json::value(*s.targetReps) : json::value(nullptr);
    out["hold_s"] = optional(s.targetHoldS);
    if (s.targets.zone) {
        out["zone"] =
            json::object{{"low_n", s.targets.zone->lowN}, {"high_n", s.targets.zone->highN}};
    } else {
        out["zone"] = nullptr;
    }
    if (s.targets.tempo) {
        const auto& t = *s.targets.tempo;
        out["tempo"] = json::object{{"up_s", t.upS},
                                    {"hold_s", t.holdS},
                                    {"down_s", t.downS},
                                    {"bottom_pause_s", t.bottomPauseS}};
    } else {
        out["tempo"] = nullptr;
    }
    return out;
}

struct TrendPoint {
    std::int64_t sessionId = 0;
    std::string date;
    double peakN = 0;
    double volume = 0; // reps, steps, or seconds held
    int good = 0;
};

struct ExerciseHistory {
    std::string kind = "rep";
    std::vector<TrendPoint> trend;
    std::optional<double> best;
    const db::SessionDetail* lastSession = nullptr;
};

} // namespace

std::optional<long> localWeekIndex(std::string_view isoUtc)
{
    const auto day = localDay(isoUtc);
    if (!day) {
        return std::nullopt;
    }
    // 1970-01-05 was a Monday: day 4.
    const long sinceMonday = *day - 4;
    return sinceMonday >= 0 ? sinceMonday / 7 : -((-sinceMonday + 6) / 7);
}

std::string weekStartDate(long weekIndex)
{
    return civilDate(weekIndex * 7 + 4);
}

json::object athleteJson(const db::AthleteRow& a)
{
    return json::object{{"id", a.id},
                        {"name", a.name},
                        {"notes", a.notes},
                        {"created_at", a.createdAt},
                        {"sessions_per_week", a.sessionsPerWeek}};
}

json::object summarizeAthlete(const db::AthleteRow& athlete,
                              std::span<const db::SessionDetail> sessions,
                              const SummaryOptions& options)
{
    const long thisWeek = localWeekIndex(options.now).value_or(0);
    std::map<long, int> perWeek;
    const db::SessionDetail* last = nullptr;
    std::map<std::string, ExerciseHistory> exercises;
    for (const auto& s : sessions) {
        if (movements(s) == 0) {
            continue;
        }
        last = &s;
        const auto week = localWeekIndex(s.session.startedAt);
        if (week) {
            ++perWeek[*week];
        }
        const auto day = localDay(s.session.startedAt);
        std::map<std::string, TrendPoint> points;
        for (const auto& set : s.sets) {
            auto& history = exercises[set.start.exerciseId];
            auto& point = points[set.start.exerciseId];
            point.sessionId = s.session.id;
            point.date = day ? civilDate(*day) : std::string();
            point.good += set.summary.goodReps;
            for (const auto& rep : set.reps) {
                point.peakN = std::max(point.peakN, rep.rep.peakForceN);
                history.best = std::max(history.best.value_or(0.0), rep.rep.peakForceN);
                if (rep.kind == core::MovementKind::Hold) {
                    history.kind = "hold";
                    point.volume += rep.rep.tutS;
                } else {
                    history.kind = rep.kind == core::MovementKind::Step ? "step" : "rep";
                    point.volume += 1;
                }
            }
            if (!set.reps.empty()) {
                history.lastSession = &s;
            }
        }
        for (auto& [id, point] : points) {
            if (point.volume > 0) {
                exercises[id].trend.push_back(std::move(point));
            }
        }
    }

    const int plan = athlete.sessionsPerWeek;
    const int thisWeekSessions = perWeek.count(thisWeek) ? perWeek[thisWeek] : 0;
    int streak = thisWeekSessions >= plan ? 1 : 0;
    for (long w = thisWeek - 1; perWeek.count(w) && perWeek[w] >= plan; --w) {
        ++streak;
    }

    json::object out;
    out["athlete"] = athleteJson(athlete);
    out["week"] = json::object{
        {"start", weekStartDate(thisWeek)}, {"sessions", thisWeekSessions}, {"plan", plan}};
    out["streak_weeks"] = streak;
    int total = 0;
    for (const auto& [week, n] : perWeek) {
        total += n;
    }
    out["sessions_total"] = total;
    if (last) {
        int sets = 0;
        int good = 0;
        double tut = 0;
        json::array names;
        std::set<std::string> seen;
        for (const auto& set : last->sets) {
            sets += set.reps.empty() ? 0 : 1;
            good += set.summary.goodReps;
            tut += set.summary.totalTutS;
            if (seen.insert(set.start.exerciseId).second) {
                names.push_back(json::value(set.start.exerciseId));
            }
        }
        out["last_session"] = json::object{{"id", last->session.id},
                                           {"started_at", last->session.startedAt},
                                           {"status", db::toString(last->session.status)},
                                           {"sets", sets},
                                           {"movements", movements(*last)},
                                           {"good", good},
                                           {"tut_s", tut},
                                           {"exercises", std::move(names)}};
    } else {
        out["last_session"] = nullptr;
    }
    json::array list;
    for (const auto& [id, history] : exercises) {
        if (!history.lastSession) {
            continue;
        }
        json::array trend;
        const auto first =
            history.trend.size() > static_cast<std::size_t>(options.trendSessions)
                ? history.trend.size() - static_cast<std::size_t>(options.trendSessions)
                : 0;
        for (auto i = first; i < history.trend.size(); ++i) {
            const auto& p = history.trend[i];
            trend.push_back(json::object{{"session_id", p.sessionId},
                                         {"date", p.date},
                                         {"peak_force_n", p.peakN},
                                         {"volume", p.volume},
                                         {"good", p.good}});
        }
        list.push_back(json::object{{"exercise", id},
                                    {"kind", history.kind},
                                    {"best_peak_force_n", optional(history.best)},
                                    {"last", prescription(*history.lastSession, id)},
                                    {"trend", std::move(trend)}});
    }
    out["exercises"] = std::move(list);
    return out;
}

} // namespace bandstation::daemon
