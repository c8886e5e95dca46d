// libFuzzer target: request bodies → the JSON parser with the daemon's depth limit → the typed
// field readers and the set request. Anything may be refused, as an ApiError; nothing may crash,
// hang or leak, and what is accepted must be within the documented bounds.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <bandstation/daemon/api.h>
#include <bandstation/daemon/json_body.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace bandstation::daemon;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto body = parseJsonObject(text);
        const Fields fields(body);
        (void)fields.text("name", 100);
        (void)fields.integer("athlete_id", 1, INT64_MAX);
        const auto request = parseSetRequest(body);
        if (request.exercise.empty() ||
            (request.reps && (*request.reps < 1 || *request.reps > 200))) {
            std::abort();
        }
        if (request.zone && !(request.zone->lowN < request.zone->highN)) {
            std::abort();
        }
        if (request.restS && !std::isfinite(*request.restS)) {
            std::abort();
        }
    } catch (const ApiError& e) {
        if (e.status != http::status::bad_request || e.code.empty()) {
            std::abort();
        }
    }
    return 0;
}
