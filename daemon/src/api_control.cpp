// The API's handlers that run on the io thread: the station's state and control, and writes.
#include <boost/json.hpp>

#include <bandstation/core/catalog.h>

#include "api_internal.h"
#include "bandstation/daemon/athlete_summary.h"
#include "bandstation/daemon/json_body.h"
#include "bandstation/daemon/writer_result.h"

namespace bandstation::daemon::api {

namespace json = boost::json;

namespace {

std::int64_t now(const Call& call)
{
    return call.links.now();
}

json::value exerciseJson(const core::Exercise& e)
{
    json::object o{{"id", e.id},
                   {"name", e.name},
                   {"kind", core::toString(e.kind)},
                   {"sides", e.sides == core::Sides::LeftRight    ? "left_right"
                             : e.sides == core::Sides::Directions ? "directions"
                             : e.sides == core::Sides::Both       ? "both"
                                                                  : "none"},
                   {"sets", e.sets},
                   {"reps", e.reps},
                   {"hold_s", e.holdS},
                   {"rest_s", e.restS},
                   {"step_cycle_s", e.stepCycleS},
                   {"cue", e.cue}};
    if (e.tempo) {
        o["tempo"] = json::object{{"up_s", e.tempo->upS},
                                  {"hold_s", e.tempo->holdS},
                                  {"down_s", e.tempo->downS},
                                  {"bottom_pause_s", e.tempo->bottomPauseS}};
    } else {
        o["tempo"] = nullptr;
    }
    return o;
}

} // namespace

Routed getState(const Call& call)
{
    return answer(call, http::status::ok, call.links.station->state(now(call)));
}

Routed getDiagnostics(const Call& call)
{
    return answer(call, http::status::ok, call.links.diagnostics());
}

Routed getExercises(const Call& call)
{
    json::array list;
    for (const auto& e : core::catalog()) {
        list.push_back(exerciseJson(e));
    }
    return answer(call, http::status::ok, json::object{{"exercises", std::move(list)}});
}

Routed postAthlete(const Call& call)
{
    const auto body = parseJsonObject(call.request.body());
    const Fields f(body);
    f.only({"name", "notes", "sessions_per_week"});
    const auto name = f.text("name", 100);
    if (!name || name->empty()) {
        throw ApiError(http::status::bad_request, "bad_field", "field 'name' is required");
    }
    db::AthleteRow athlete;
    athlete.name = *name;
    athlete.notes = f.text("notes", 2000).value_or("");
    athlete.createdAt = db::utcNow();
    athlete.sessionsPerWeek = static_cast<int>(f.integer("sessions_per_week", 1, 14).value_or(3));
    athlete.id = awaitWriter(call.links.writer->call<std::int64_t>(
        [athlete](db::Store& s) {
            return s.addAthlete(athlete.name, athlete.notes, athlete.createdAt,
                                athlete.sessionsPerWeek);
        },
        true));
    return answer(call, http::status::created, athleteJson(athlete));
}

Routed postSession(const Call& call)
{
    const auto body = parseJsonObject(call.request.body());
    const Fields f(body);
    f.only({"athlete_id"});
    const auto athlete = f.integer("athlete_id", 1, INT64_MAX);
    const auto row = call.links.station->startSession(athlete, now(call));
    return answer(
        call, http::status::created,
        json::object{{"id", row.id},
                     {"athlete_id", athlete ? json::value(*athlete) : json::value(nullptr)},
                     {"started_at", row.startedAt},
                     {"status", "active"}});
}

Routed endSession(const Call& call)
{
    call.links.station->endSession(call.ids.at(0), now(call));
    return answer(call, http::status::ok,
                  json::object{{"id", call.ids.at(0)}, {"status", "completed"}});
}

Routed postSet(const Call& call)
{
    const auto request = parseSetRequest(parseJsonObject(call.request.body()));
    const auto id = call.links.station->startSet(request, now(call));
    auto state = call.links.station->state(now(call));
    return answer(call, http::status::created,
                  json::object{{"id", id}, {"state", std::move(state)}});
}

Routed endSet(const Call& call)
{
    call.links.station->endSet(call.ids.at(0), now(call));
    return answer(call, http::status::ok, call.links.station->state(now(call)));
}

Routed skipRest(const Call& call)
{
    call.links.station->skipRest(now(call));
    return answer(call, http::status::ok, call.links.station->state(now(call)));
}

Routed extendRest(const Call& call)
{
    const auto body = parseJsonObject(call.request.body());
    const Fields f(body);
    f.only({"seconds"});
    const auto seconds = f.number("seconds", 1, 600).value_or(30.0);
    call.links.station->extendRest(seconds, now(call));
    return answer(call, http::status::ok, call.links.station->state(now(call)));
}

Routed getCalibration(const Call& call)
{
    return answer(call, http::status::ok, call.links.station->calibrationJson());
}

Routed postCalibration(const Call& call)
{
    const auto body = parseJsonObject(call.request.body());
    const Fields f(body);
    f.only({"mass_kg", "channel"});
    const auto mass = f.number("mass_kg", 0.01, 1000);
    const auto channel = f.integer("channel", 0, 1).value_or(0);
    call.links.station->startCalibration(mass, static_cast<int>(channel));
    return answer(call, http::status::accepted, call.links.station->calibrationJson());
}

Routed deleteCalibration(const Call& call)
{
    call.links.station->cancelCalibration();
    return answer(call, http::status::ok, call.links.station->calibrationJson());
}

Routed postToken(const Call& call)
{
    const auto body = parseJsonObject(call.request.body());
    const Fields f(body);
    f.only({"name", "scope"});
    const auto name = f.text("name", 100).value_or("");
    const auto scopeText = f.text("scope", 16).value_or("");
    const auto scope = parseScope(scopeText);
    if (!scope) {
        throw ApiError(http::status::bad_request, "bad_field",
                       "field 'scope' must be read, control or admin");
    }
    const auto createdAt = db::utcNow();
    const auto token = awaitWriter(call.links.writer->call<db::Store::NewToken>(
        [=](db::Store& s) { return s.createToken(name, scopeText, createdAt); }, true));
    if (call.links.reloadTokens) {
        call.links.reloadTokens();
    }
    return answer(call, http::status::created,
                  json::object{{"id", token.id},
                               {"name", name},
                               {"scope", scopeText},
                               {"token", token.secret},
                               {"created_at", createdAt}});
}

Routed deleteToken(const Call& call)
{
    const auto id = call.ids.at(0);
    const auto at = db::utcNow();
    const bool revoked = awaitWriter(
        call.links.writer->call<bool>([=](db::Store& s) { return s.revokeToken(id, at); }, true));
    if (!revoked) {
        throw ApiError(http::status::not_found, "not_found",
                       "no active token " + std::to_string(id));
    }
    if (call.links.reloadTokens) {
        call.links.reloadTokens();
    }
    return answer(call, http::status::ok, json::object{{"id", id}, {"revoked_at", at}});
}

} // namespace bandstation::daemon::api
