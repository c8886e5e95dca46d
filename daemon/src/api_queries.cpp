// The API's read-only handlers: each returns a query that runs on a query thread with its own
// read-only Store, so a long export never holds up the live stream.
#include <sstream>

#include <boost/json.hpp>

#include <bandstation/db/export.h>

#include "api_internal.h"
#include "bandstation/daemon/athlete_summary.h"

namespace bandstation::daemon::api {

namespace json = boost::json;

namespace {

json::value sessionJson(const db::SessionRow& s)
{
    return json::object{
        {"id", s.id},
        {"athlete_id", s.athleteId ? json::value(*s.athleteId) : json::value(nullptr)},
        {"station", s.station},
        {"started_at", s.startedAt},
        {"ended_at", s.endedAt ? json::value(*s.endedAt) : json::value(nullptr)},
        {"status", db::toString(s.status)},
        {"revision", s.revision}};
}

// A date or an instant as the store compares them: digits, '-', ':', 'T', '.', 'Z'.
std::string dateParameter(const Call& call, std::string_view name)
{
    const auto it = call.query.find(name);
    if (it == call.query.end()) {
        return {};
    }
    const auto& v = it->second;
    if (v.size() < 4 || v.size() > 30 ||
        v.find_first_not_of("0123456789-:TZ.") != std::string::npos) {
        throw ApiError(http::status::bad_request, "bad_parameter",
                       "parameter '" + std::string(name) +
                           "' must be a date (2026-11-22) or an "
                           "ISO 8601 UTC instant");
    }
    return v;
}

int channelParameter(const Call& call)
{
    return static_cast<int>(queryInteger(call, "channel", 0, 1).value_or(0));
}

Routed query(std::function<Response(db::Store&)> run)
{
    return {std::nullopt, std::move(run), {}};
}

} // namespace

Routed getAthletes(const Call& call)
{
    return query([&request = call.request](db::Store& store) {
        json::array list;
        for (const auto& a : store.athletes()) {
            list.push_back(athleteJson(a));
        }
        return jsonResponse(request, http::status::ok, json::object{{"athletes", std::move(list)}});
    });
}

Routed getAthleteSummary(const Call& call)
{
    const auto trend = static_cast<int>(queryInteger(call, "trend", 1, 100).value_or(12));
    return query([&request = call.request, id = call.ids.at(0), trend](db::Store& store) {
        const auto athlete = store.athlete(id);
        if (!athlete) {
            throw ApiError(http::status::not_found, "not_found",
                           "no athlete " + std::to_string(id));
        }
        // A year is enough for any streak worth showing and keeps the answer's cost bounded.
        const auto now = db::utcNow();
        auto from = now.substr(0, 10);
        from.replace(0, 4, std::to_string(std::stoi(from.substr(0, 4)) - 1));
        std::vector<db::SessionDetail> sessions;
        for (const auto& row : store.sessions(id, from)) {
            if (auto detail = store.session(row.id)) {
                sessions.push_back(std::move(*detail));
            }
        }
        return jsonResponse(request, http::status::ok,
                            summarizeAthlete(*athlete, sessions, {now, trend}));
    });
}

Routed getSessions(const Call& call)
{
    // Parameters are checked now, on the io thread, so a bad one is a 400 before any query.
    const auto since = queryInteger(call, "since", 0, INT64_MAX);
    const auto limit = static_cast<int>(queryInteger(call, "limit", 1, 1000).value_or(100));
    const auto athlete = queryInteger(call, "athlete", 1, INT64_MAX);
    const auto from = dateParameter(call, "from");
    const auto to = dateParameter(call, "to");
    return query([&request = call.request, since, limit, athlete, from, to](db::Store& store) {
        json::array list;
        json::object body;
        if (since) {
            const auto changes = store.changesSince(*since, limit);
            for (const auto& s : changes.sessions) {
                list.push_back(sessionJson(s));
            }
            body["cursor"] = changes.cursor;
            body["more"] = changes.more;
        } else {
            const auto revision = store.revision();
            for (const auto& s : store.sessions(athlete, from, to)) {
                list.push_back(sessionJson(s));
            }
            body["cursor"] = revision;
            body["more"] = false;
        }
        body["sessions"] = std::move(list);
        return jsonResponse(request, http::status::ok, body);
    });
}

Routed getSession(const Call& call)
{
    return query([&request = call.request, id = call.ids.at(0)](db::Store& store) {
        if (!store.session(id)) {
            throw ApiError(http::status::not_found, "not_found",
                           "no session " + std::to_string(id));
        }
        std::ostringstream out;
        db::exportSessionJson(store, id, out);
        return textResponse(request, "application/json", out.str());
    });
}

Routed getSessionReps(const Call& call)
{
    return query([&request = call.request, id = call.ids.at(0)](db::Store& store) {
        if (!store.session(id)) {
            throw ApiError(http::status::not_found, "not_found",
                           "no session " + std::to_string(id));
        }
        std::ostringstream out;
        const std::int64_t ids[] = {id};
        db::exportRepsCsv(store, ids, out);
        return textResponse(request, "text/csv; charset=utf-8", out.str());
    });
}

namespace {

// A set's samples in one of the export formats.
Routed samples(const Call& call, void (*exporter)(db::Store&, std::int64_t, int, std::ostream&),
               std::string contentType)
{
    const int channel = channelParameter(call);
    return query([&request = call.request, id = call.ids.at(0), channel, exporter,
                  type = std::move(contentType)](db::Store& store) {
        if (!store.hasSet(id)) {
            throw ApiError(http::status::not_found, "not_found", "no set " + std::to_string(id));
        }
        std::ostringstream out;
        exporter(store, id, channel, out);
        return textResponse(request, type, out.str());
    });
}

} // namespace

Routed getSamplesCsv(const Call& call)
{
    return samples(call, db::exportSamplesCsv, "text/csv; charset=utf-8");
}

Routed getSamplesJson(const Call& call)
{
    return samples(call, db::exportSamplesJson, "application/json");
}

Routed getTokens(const Call& call)
{
    return query([&request = call.request](db::Store& store) {
        json::array list;
        for (const auto& t : store.tokens()) {
            list.push_back(json::object{
                {"id", t.id},
                {"name", t.name},
                {"scopes", t.scopes},
                {"created_at", t.createdAt},
                {"last_used_at", t.lastUsedAt ? json::value(*t.lastUsedAt) : json::value(nullptr)},
                {"revoked", t.revoked}});
        }
        return jsonResponse(request, http::status::ok, json::object{{"tokens", std::move(list)}});
    });
}

} // namespace bandstation::daemon::api
