#pragma once

// The API's handlers, one per route, and what they share. Only api*.cpp include this.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bandstation/daemon/api.h"

namespace bandstation::daemon::api {

// One request on its way to a handler: the ids in its path and its query parameters.
struct Call {
    const Request& request;
    std::vector<std::int64_t> ids;
    std::map<std::string, std::string, std::less<>> query;
    ApiLinks& links;
    Identity identity;
};
using Handler = Routed (*)(const Call&);

Routed answer(const Call& call, http::status status, const boost::json::value& body);

// An answer that waits for a write to commit: hand done() to the station or the writer, return
// routed(). Either may come first; the answer goes out once both have.
class Pending {
public:
    explicit Pending(const Call& call);
    Routed routed() const;
    // "" when the write committed: answers `status` with what `body` gives then (on the io
    // thread); else 503 with the reason.
    Done done(http::status status, std::function<boost::json::value()> body) const;
    void answer(Response response) const;

private:
    struct State {
        std::optional<Response> ready;
        Respond respond;
    };
    const Request* request_;
    std::shared_ptr<State> state_;
};
// A query parameter as a whole number, or a 400 naming it.
std::optional<std::int64_t> queryInteger(const Call& call, std::string_view name, std::int64_t min,
                                         std::int64_t max);

// Station and writer (io thread).
Routed getState(const Call& call);
Routed getDiagnostics(const Call& call);
Routed getExercises(const Call& call);
Routed postAthlete(const Call& call);
Routed postSession(const Call& call);
Routed endSession(const Call& call);
Routed postSet(const Call& call);
Routed endSet(const Call& call);
Routed skipRest(const Call& call);
Routed extendRest(const Call& call);
Routed getCalibration(const Call& call);
Routed postCalibration(const Call& call);
Routed deleteCalibration(const Call& call);
Routed postToken(const Call& call);
Routed deleteToken(const Call& call);

// Read-only database queries (a query thread).
Routed getAthletes(const Call& call);
Routed getAthleteSummary(const Call& call);
Routed getSessions(const Call& call);
Routed getSession(const Call& call);
Routed getSessionReps(const Call& call);
Routed getSamplesCsv(const Call& call);
Routed getSamplesJson(const Call& call);
Routed getTokens(const Call& call);

} // namespace bandstation::daemon::api
