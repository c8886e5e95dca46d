// The API's front: routes, authorisation, error responses.
#include "bandstation/daemon/api.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <boost/json/serialize.hpp>

#include <bandstation/base/log.h>
#include <bandstation/base/parse.h>

#include "api_internal.h"

namespace bandstation::daemon {

namespace json = boost::json;

namespace {

struct Route {
    http::verb method;
    std::string_view pattern; // "{id}" matches a whole number
    std::optional<Scope> scope;
    api::Handler handler;
};

constexpr auto kRead = std::optional(Scope::Read);
constexpr auto kControl = std::optional(Scope::Control);
constexpr auto kAdmin = std::optional(Scope::Admin);

const std::array kRoutes{
    Route{http::verb::get, "/api/v1/state", kRead, api::getState},
    Route{http::verb::get, "/api/v1/diagnostics", kRead, api::getDiagnostics},
    Route{http::verb::get, "/api/v1/exercises", kRead, api::getExercises},
    Route{http::verb::get, "/api/v1/athletes", kRead, api::getAthletes},
    Route{http::verb::post, "/api/v1/athletes", kControl, api::postAthlete},
    Route{http::verb::get, "/api/v1/athletes/{id}/summary", kRead, api::getAthleteSummary},
    Route{http::verb::get, "/api/v1/sessions", kRead, api::getSessions},
    Route{http::verb::post, "/api/v1/sessions", kControl, api::postSession},
    Route{http::verb::get, "/api/v1/sessions/{id}", kRead, api::getSession},
    Route{http::verb::get, "/api/v1/sessions/{id}/reps.csv", kRead, api::getSessionReps},
    Route{http::verb::post, "/api/v1/sessions/{id}/end", kControl, api::endSession},
    Route{http::verb::post, "/api/v1/sets", kControl, api::postSet},
    Route{http::verb::post, "/api/v1/sets/{id}/end", kControl, api::endSet},
    Route{http::verb::get, "/api/v1/sets/{id}/samples.csv", kRead, api::getSamplesCsv},
    Route{http::verb::get, "/api/v1/sets/{id}/samples.json", kRead, api::getSamplesJson},
    Route{http::verb::post, "/api/v1/rest/skip", kControl, api::skipRest},
    Route{http::verb::post, "/api/v1/rest/extend", kControl, api::extendRest},
    Route{http::verb::get, "/api/v1/calibration", kRead, api::getCalibration},
    Route{http::verb::post, "/api/v1/calibration", kControl, api::postCalibration},
    Route{http::verb::delete_, "/api/v1/calibration", kControl, api::deleteCalibration},
    Route{http::verb::get, "/api/v1/tokens", kAdmin, api::getTokens},
    Route{http::verb::post, "/api/v1/tokens", kAdmin, api::postToken},
    Route{http::verb::delete_, "/api/v1/tokens/{id}", kAdmin, api::deleteToken},
};

// Splits "/a/b?x=1&y=2" into its path segments and its query parameters (no percent-decoding
// beyond what our parameters need: numbers, dates and tokens).
void splitTarget(std::string_view target, std::vector<std::string_view>& segments,
                 std::map<std::string, std::string, std::less<>>& query)
{
    const auto q = target.find('?');
    const auto path = target.substr(0, q);
    for (const auto part : base::split(path, '/')) {
        if (!part.empty()) {
            segments.push_back(part);
        }
    }
    if (q == std::string_view::npos) {
        return;
    }
    for (const auto pair : base::split(target.substr(q + 1), '&')) {
        const auto eq = pair.find('=');
        query[std::string(pair.substr(0, eq))] =
            eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    }
}

// Matches a route's pattern, collecting the ids.
bool matches(std::string_view pattern, const std::vector<std::string_view>& segments,
             std::vector<std::int64_t>& ids)
{
    std::vector<std::string_view> parts;
    for (const auto p : base::split(pattern, '/')) {
        if (!p.empty()) {
            parts.push_back(p);
        }
    }
    if (parts.size() != segments.size()) {
        return false;
    }
    ids.clear();
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (parts[i] == "{id}") {
            const auto id = base::parseInteger(segments[i]);
            if (!id || *id <= 0 ||
                segments[i].find_first_not_of("0123456789") != std::string_view::npos) {
                return false;
            }
            ids.push_back(*id);
        } else if (parts[i] != segments[i]) {
            return false;
        }
    }
    return true;
}

// Content-Type: application/json, with or without parameters (charset=utf-8).
bool isJson(const Request& request)
{
    const auto type = request[http::field::content_type];
    const std::string_view text(type.data(), type.size());
    const auto media = base::trim(text.substr(0, text.find(';')));
    constexpr std::string_view kJson = "application/json";
    return media.size() == kJson.size() &&
           std::equal(media.begin(), media.end(), kJson.begin(),
                      [](char a, char b) { return std::tolower(a) == b; });
}

http::status statusOf(StationError::Kind kind)
{
    switch (kind) {
    case StationError::Kind::Invalid:
        return http::status::bad_request;
    case StationError::Kind::NotFound:
        return http::status::not_found;
    case StationError::Kind::Conflict:
        return http::status::conflict;
    case StationError::Kind::Unavailable:
        return http::status::service_unavailable;
    }
    return http::status::internal_server_error;
}

std::string_view codeOf(StationError::Kind kind)
{
    switch (kind) {
    case StationError::Kind::Invalid:
        return "invalid";
    case StationError::Kind::NotFound:
        return "not_found";
    case StationError::Kind::Conflict:
        return "conflict";
    case StationError::Kind::Unavailable:
        return "unavailable";
    }
    return "internal";
}

} // namespace

Response jsonResponse(const Request& request, http::status status, const json::value& body)
{
    Response res{status, request.version()};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(request.keep_alive());
    res.body() = json::serialize(body);
    res.body() += '\n';
    res.prepare_payload();
    return res;
}

Response errorResponse(unsigned version, bool keepAlive, http::status status, std::string_view code,
                       std::string_view message)
{
    Response res{status, version};
    res.set(http::field::content_type, "application/json");
    res.set(http::field::cache_control, "no-store");
    if (status == http::status::unauthorized) {
        res.set(http::field::www_authenticate, "Bearer realm=\"bandstation\"");
    }
    res.keep_alive(keepAlive);
    res.body() = json::serialize(
                     json::object{{"error", json::object{{"code", code}, {"message", message}}}}) +
                 "\n";
    res.prepare_payload();
    return res;
}

Response textResponse(const Request& request, std::string contentType, std::string body)
{
    Response res{http::status::ok, request.version()};
    res.set(http::field::content_type, contentType);
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(request.keep_alive());
    res.body() = std::move(body);
    res.prepare_payload();
    return res;
}

std::optional<Response> Api::authorize(const Request& request, Scope needed, Identity& who,
                                       std::string_view tokenFromQuery)
{
    const auto header = request[http::field::authorization];
    const auto result = !header.empty() || tokenFromQuery.empty()
                            ? links_.tokens->check(std::string_view(header.data(), header.size()))
                            : links_.tokens->checkToken(tokenFromQuery);
    const auto v = request.version();
    const auto ka = request.keep_alive();
    if (!result.identity) {
        switch (result.failure) {
        case AuthFailure::Missing:
            return errorResponse(v, ka, http::status::unauthorized, "unauthorized",
                                 "this needs a token: Authorization: Bearer TOKEN");
        case AuthFailure::Malformed:
            return errorResponse(v, ka, http::status::unauthorized, "unauthorized",
                                 "the Authorization header must be 'Bearer TOKEN'");
        case AuthFailure::Unknown:
            return errorResponse(v, ka, http::status::unauthorized, "unauthorized",
                                 "unknown or revoked token");
        }
    }
    who = *result.identity;
    if (links_.tokenUsed) {
        links_.tokenUsed(result.identity->tokenId);
    }
    if (result.identity->scope < needed) {
        return errorResponse(v, ka, http::status::forbidden, "forbidden",
                             "this needs a token with scope '" + std::string(toString(needed)) +
                                 "'; this one has '" +
                                 std::string(toString(result.identity->scope)) + "'");
    }
    return std::nullopt;
}

std::optional<Response> Api::authorizeLive(const Request& request, Identity& who)
{
    std::vector<std::string_view> segments;
    std::map<std::string, std::string, std::less<>> query;
    splitTarget(std::string_view(request.target().data(), request.target().size()), segments,
                query);
    const auto it = query.find("access_token");
    return authorize(request, Scope::Read, who, it == query.end() ? "" : it->second);
}

Routed Api::route(const Request& request)
{
    try {
        return dispatch(request);
    } catch (const ApiError& e) {
        return {errorResponse(request.version(), request.keep_alive(), e.status, e.code, e.what()),
                {},
                {}};
    } catch (const StationError& e) {
        return {errorResponse(request.version(), request.keep_alive(), statusOf(e.kind),
                              codeOf(e.kind), e.what()),
                {},
                {}};
    }
}

Routed Api::dispatch(const Request& request)
{
    std::vector<std::string_view> segments;
    std::map<std::string, std::string, std::less<>> query;
    splitTarget(std::string_view(request.target().data(), request.target().size()), segments,
                query);
    const auto v = request.version();
    const auto ka = request.keep_alive();

    if (segments.size() == 3 && segments[2] == "health" && segments[0] == "api" &&
        segments[1] == "v1") {
        if (request.method() != http::verb::get) {
            return {errorResponse(v, ka, http::status::method_not_allowed, "method_not_allowed",
                                  "GET only"),
                    {},
                    {}};
        }
        return {jsonResponse(request, http::status::ok, links_.health()), {}, {}};
    }
    if (segments.size() == 3 && segments[2] == "live" && segments[0] == "api") {
        return {errorResponse(v, ka, http::status::upgrade_required, "upgrade_required",
                              "/api/v1/live is a WebSocket"),
                {},
                {}};
    }
    std::vector<std::int64_t> ids;
    std::string allowed;
    for (const auto& route : kRoutes) {
        if (!matches(route.pattern, segments, ids)) {
            continue;
        }
        if (route.method != request.method()) {
            allowed += (allowed.empty() ? "" : ", ") + std::string(http::to_string(route.method));
            continue;
        }
        Identity who;
        if (auto refused = authorize(request, *route.scope, who)) {
            return {std::move(*refused), {}, {}};
        }
        if (!request.body().empty() && !isJson(request)) {
            return {errorResponse(v, ka, http::status::unsupported_media_type,
                                  "unsupported_media_type",
                                  "a request body must be JSON: Content-Type: application/json"),
                    {},
                    {}};
        }
        const api::Call call{request, ids, query, links_, who};
        return route.handler(call);
    }
    if (!allowed.empty()) {
        auto res = errorResponse(v, ka, http::status::method_not_allowed, "method_not_allowed",
                                 "this resource allows " + allowed);
        res.set(http::field::allow, allowed);
        return {std::move(res), {}, {}};
    }
    return {errorResponse(v, ka, http::status::not_found, "not_found",
                          "no such resource (see docs/api.yaml)"),
            {},
            {}};
}

Response runQuery(const Request& request, const std::function<Response(db::Store&)>& query,
                  db::Store& store)
{
    const auto v = request.version();
    const auto ka = request.keep_alive();
    try {
        return query(store);
    } catch (const ApiError& e) {
        return errorResponse(v, ka, e.status, e.code, e.what());
    } catch (const db::DbError& e) {
        base::logError("api", std::string("query failed: ") + e.what());
        return errorResponse(v, ka, http::status::service_unavailable, "unavailable",
                             std::string("the database could not answer: ") + e.what());
    }
}

namespace api {

Routed answer(const Call& call, http::status status, const json::value& body)
{
    return {jsonResponse(call.request, status, body), {}, {}};
}

Pending::Pending(const Call& call) : request_(&call.request), state_(std::make_shared<State>()) {}

Routed Pending::routed() const
{
    Routed routed;
    routed.deferred = [state = state_](Respond respond) {
        state->respond = std::move(respond);
        if (state->ready) {
            auto response = std::move(*state->ready);
            state->ready.reset();
            state->respond(std::move(response));
        }
    };
    return routed;
}

void Pending::answer(Response response) const
{
    if (state_->respond) {
        state_->respond(std::move(response));
    } else {
        state_->ready = std::move(response);
    }
}

Done Pending::done(http::status status, std::function<json::value()> body) const
{
    return [self = *this, status, body = std::move(body)](const std::string& error) {
        const auto& request = *self.request_;
        if (error.empty()) {
            self.answer(jsonResponse(request, status, body()));
        } else {
            self.answer(errorResponse(request.version(), request.keep_alive(),
                                      http::status::service_unavailable, "unavailable",
                                      "the database did not take it: " + error));
        }
    };
}

std::optional<std::int64_t> queryInteger(const Call& call, std::string_view name, std::int64_t min,
                                         std::int64_t max)
{
    const auto it = call.query.find(name);
    if (it == call.query.end()) {
        return std::nullopt;
    }
    const auto v = base::parseInteger(it->second);
    if (!v || *v < min || *v > max) {
        throw ApiError(http::status::bad_request, "bad_parameter",
                       "parameter '" + std::string(name) + "' must be a whole number from " +
                           std::to_string(min) + " to " + std::to_string(max));
    }
    return *v;
}

} // namespace api

} // namespace bandstation::daemon
