// The API's handlers that run on the io thread: the station's state and control, and writes.
#include <boost/json.hpp>

#include <bandstation/base/sha256.h>
#include <bandstation/core/catalog.h>

#include "api_internal.h"
#include "bandstation/daemon/athlete_summary.h"
#include "bandstation/daemon/json_body.h"

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
    const Pending pending(call);
    call.links.writer->call<std::int64_t>(
        [athlete](db::Store& s) {
            return s.addAthlete(athlete.name, athlete.notes, athlete.createdAt,
                                athlete.sessionsPerWeek);
        },
        true,
        [pending, athlete, added = call.links.athleteAdded](db::Outcome<std::int64_t> o) mutable {
            if (o.committed()) {
                athlete.id = *o.value;
                if (added) {
                    added(athlete.id);
                }
            }
            pending.done(http::status::created, [&] { return athleteJson(athlete); })(o.error);
        });
    return pending.routed();
}

Routed postSession(const Call& call)
{
    const auto body = parseJsonObject(call.request.body());
    const Fields f(body);
    f.only({"athlete_id"});
    const auto athlete = f.integer("athlete_id", 1, INT64_MAX);
    const Pending pending(call);
    auto row = std::make_shared<db::SessionRow>();
    *row = call.links.station->startSession(
        athlete, now(call), pending.done(http::status::created, [row, athlete] {
            return json::object{
                {"id", row->id},
                {"athlete_id", athlete ? json::value(*athlete) : json::value(nullptr)},
                {"started_at", row->startedAt},
                {"status", "active"}};
        }));
    return pending.routed();
}

Routed endSession(const Call& call)
{
    const Pending pending(call);
    call.links.station->endSession(call.ids.at(0), now(call),
                                   pending.done(http::status::ok, [id = call.ids.at(0)] {
                                       return json::object{{"id", id}, {"status", "completed"}};
                                   }));
    return pending.routed();
}

Routed postSet(const Call& call)
{
    const auto request = parseSetRequest(parseJsonObject(call.request.body()));
    const Pending pending(call);
    auto id = std::make_shared<std::int64_t>(0);
    *id = call.links.station->startSet(
        request, now(call), pending.done(http::status::created, [id, links = call.links] {
            return json::object{{"id", *id}, {"state", links.station->state(links.now())}};
        }));
    return pending.routed();
}

Routed endSet(const Call& call)
{
    const Pending pending(call);
    call.links.station->endSet(call.ids.at(0), now(call),
                               pending.done(http::status::ok, [links = call.links] {
                                   return links.station->state(links.now());
                               }));
    return pending.routed();
}

Routed skipRest(const Call& call)
{
    const Pending pending(call);
    call.links.station->skipRest(now(call), pending.done(http::status::ok, [links = call.links] {
        return links.station->state(links.now());
    }));
    return pending.routed();
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
    f.only({"mass_kg", "channel", "confirm"});
    const auto mass = f.number("mass_kg", 0.01, 1000);
    const auto channel = f.integer("channel", 0, 1).value_or(0);
    const auto confirm = f.boolean("confirm").value_or(false);
    call.links.station->startCalibration(mass, static_cast<int>(channel), confirm);
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
    const Pending pending(call);
    call.links.writer->call<db::Store::NewToken>(
        [=](db::Store& s) { return s.createToken(name, scopeText, createdAt); }, true,
        [=, tokens = call.links.tokens](db::Outcome<db::Store::NewToken> o) {
            db::Store::NewToken token;
            if (o.committed()) {
                token = *o.value;
                // It works from this answer on.
                tokens->add({token.id, base::sha256Hex(token.secret), scopeText});
            }
            pending.done(http::status::created, [&] {
                return json::object{{"id", token.id},
                                    {"name", name},
                                    {"scope", scopeText},
                                    {"token", token.secret},
                                    {"created_at", createdAt}};
            })(o.error);
        });
    return pending.routed();
}

Routed deleteToken(const Call& call)
{
    const auto id = call.ids.at(0);
    const auto at = db::utcNow();
    const Pending pending(call);
    call.links.writer->call<bool>(
        [=](db::Store& s) { return s.revokeToken(id, at); }, true,
        [=, &request = call.request, revoked = call.links.tokenRevoked](db::Outcome<bool> o) {
            if (o.committed() && !*o.value) {
                pending.answer(errorResponse(request.version(), request.keep_alive(),
                                             http::status::not_found, "not_found",
                                             "no active token " + std::to_string(id)));
                return;
            }
            if (o.committed() && revoked) {
                revoked(id); // refused from here on, its live connections closed
            }
            pending.done(http::status::ok, [&] {
                return json::object{{"id", id}, {"revoked_at", at}};
            })(o.error);
        });
    return pending.routed();
}

} // namespace bandstation::daemon::api
