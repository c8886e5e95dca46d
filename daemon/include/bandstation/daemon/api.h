#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/object.hpp>

#include <bandstation/db/store.h>
#include <bandstation/db/writer.h>

#include "bandstation/daemon/auth.h"
#include "bandstation/daemon/station.h"

namespace bandstation::daemon {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A request refused with a status, a stable code and a sentence for a person. Responses carry it
// as {"error": {"code": …, "message": …}}.
struct ApiError : std::runtime_error {
    ApiError(http::status s, std::string c, const std::string& message)
        : std::runtime_error(message), status(s), code(std::move(c))
    {
    }
    http::status status;
    std::string code;
};

Response jsonResponse(const Request& request, http::status status, const boost::json::value& body);
Response errorResponse(unsigned version, bool keepAlive, http::status status, std::string_view code,
                       std::string_view message);
Response textResponse(const Request& request, std::string contentType, std::string body);

// What the API reads from the rest of the daemon (io thread).
struct ApiLinks {
    Station* station = nullptr;
    db::Writer* writer = nullptr;
    TokenCache* tokens = nullptr;
    std::function<void(std::int64_t)> tokenRevoked;   // committed: refuse it, close its streams
    std::function<void(std::int64_t)> athleteAdded;   // committed: sessions may name it
    std::function<void(std::int64_t)> tokenUsed;      // a request was authorised with this token
    std::function<boost::json::object()> health;      // no auth
    std::function<boost::json::object()> diagnostics; // sensor, queue, writer, clients
    std::function<std::int64_t()> now;                // CLOCK_MONOTONIC ns
};

// A routed request: answered now (on the io thread), a database query to run on a query thread
// with its own read-only Store, or answered later on the io thread (after a write has committed):
// `deferred` is started with a `respond` to call once, on the io thread. The query and the
// deferred work refer to the request: keep it alive until they have answered.
using Respond = std::function<void(Response)>;
struct Routed {
    std::optional<Response> response;
    std::function<Response(db::Store&)> query;
    std::function<void(Respond)> deferred;
};

// Runs a Routed::query, turning its refusals (ApiError) and database failures into responses.
Response runQuery(const Request& request, const std::function<Response(db::Store&)>& query,
                  db::Store& store);

// The API's routes: authorisation, then a handler. Handlers are functions of the request (and the
// station or a read-only store); they never touch sockets, so tests call them directly.
// Thread: route() on the io thread; a Routed::query on a query thread.
class Api {
public:
    explicit Api(ApiLinks links) : links_(std::move(links)) {}

    Routed route(const Request& request);
    // For the WebSocket upgrade: who may open /api/v1/live (header or ?access_token=).
    // `who` is the token that may.
    std::optional<Response> authorizeLive(const Request& request, Identity& who);

private:
    Routed dispatch(const Request& request);
    std::optional<Response> authorize(const Request& request, Scope needed, Identity& who,
                                      std::string_view tokenFromQuery = {});

    ApiLinks links_;
};

} // namespace bandstation::daemon
