#include "bandstation/daemon/json_body.h"

#include <cmath>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "bandstation/daemon/api.h"

namespace bandstation::daemon {

namespace json = boost::json;

json::object parseJsonObject(std::string_view body)
{
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return {};
    }
    boost::system::error_code ec;
    json::parse_options options;
    options.max_depth = 16;
    auto value = json::parse(body, ec, {}, options);
    if (ec) {
        throw ApiError(http::status::bad_request, "bad_json",
                       "the body is not valid JSON: " + ec.message());
    }
    if (!value.is_object()) {
        throw ApiError(http::status::bad_request, "bad_json", "the body must be a JSON object");
    }
    return std::move(value.as_object());
}

void Fields::bad(std::string_view key, std::string_view wanted) const
{
    throw ApiError(http::status::bad_request, "bad_field",
                   "field '" + prefix_ + std::string(key) + "' must be " + std::string(wanted));
}

const json::value* Fields::find(std::string_view key) const
{
    const auto* v = object_.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
}

void Fields::only(std::initializer_list<std::string_view> known) const
{
    for (const auto& [key, value] : object_) {
        if (std::find(known.begin(), known.end(), std::string_view(key)) == known.end()) {
            throw ApiError(http::status::bad_request, "unknown_field",
                           "unknown field '" + prefix_ + std::string(key) + "'");
        }
    }
}

std::optional<std::string> Fields::text(std::string_view key, std::size_t maxLength) const
{
    const auto* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    const auto wanted = "a string of at most " + std::to_string(maxLength) + " characters";
    if (!v->is_string()) {
        bad(key, wanted);
    }
    const auto& text = v->as_string();
    // Characters, not bytes: a name in emoji or Cyrillic gets the same room as one in ASCII.
    // Boost.JSON has checked the UTF-8; every byte that does not continue a sequence starts one.
    std::size_t characters = 0;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte & 0xC0) != 0x80) {
            ++characters;
        }
        if (byte < 0x20 || byte == 0x7F) {
            bad(key, "text without control characters (no NUL, tab or line break)");
        }
    }
    if (characters > maxLength) {
        bad(key, wanted);
    }
    return std::string(text);
}

std::optional<bool> Fields::boolean(std::string_view key) const
{
    const auto* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    if (!v->is_bool()) {
        bad(key, "true or false");
    }
    return v->as_bool();
}

std::optional<std::int64_t> Fields::integer(std::string_view key, std::int64_t min,
                                            std::int64_t max) const
{
    const auto* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    std::optional<std::int64_t> n;
    if (v->is_int64()) {
        n = v->as_int64();
    } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(max)) {
        n = static_cast<std::int64_t>(v->as_uint64());
    }
    if (!n || *n < min || *n > max) {
        bad(key, "a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return n;
}

std::optional<double> Fields::number(std::string_view key, double min, double max) const
{
    const auto* v = find(key);
    if (!v) {
        return std::nullopt;
    }
    std::optional<double> n;
    if (v->is_double()) {
        n = v->as_double();
    } else if (v->is_int64()) {
        n = static_cast<double>(v->as_int64());
    } else if (v->is_uint64()) {
        n = static_cast<double>(v->as_uint64());
    }
    if (!n || !std::isfinite(*n) || *n < min || *n > max) {
        bad(key, "a number from " + json::serialize(json::value(min)) + " to " +
                     json::serialize(json::value(max)));
    }
    return n;
}

const json::object* Fields::object(std::string_view key) const
{
    const auto* v = find(key);
    if (!v) {
        return nullptr;
    }
    if (!v->is_object()) {
        bad(key, "an object");
    }
    return &v->as_object();
}

SetRequest parseSetRequest(const json::object& body)
{
    const Fields f(body);
    f.only({"exercise", "side", "band_colour", "band_position", "reps", "sets", "rest_s", "hold_s",
            "zone", "tempo", "tempo_tolerance"});
    SetRequest r;
    const auto exercise = f.text("exercise", 64);
    if (!exercise || exercise->empty()) {
        throw ApiError(http::status::bad_request, "bad_field", "field 'exercise' is required");
    }
    r.exercise = *exercise;
    r.side = f.text("side", 16).value_or("");
    r.bandColour = f.text("band_colour", 32).value_or("");
    r.bandPosition = f.text("band_position", 32).value_or("");
    if (const auto v = f.integer("reps", 1, 200)) {
        r.reps = static_cast<int>(*v);
    }
    if (const auto v = f.integer("sets", 1, 20)) {
        r.sets = static_cast<int>(*v);
    }
    r.restS = f.number("rest_s", 0, 3600);
    r.holdS = f.number("hold_s", 1, 600);
    r.tempoTolerance = f.number("tempo_tolerance", 0.01, 1.0);
    if (const auto* zone = f.object("zone")) {
        const Fields z(*zone, "zone.");
        z.only({"low_n", "high_n", "low_pct", "high_pct"});
        const auto lowN = z.number("low_n", 0, 5000), highN = z.number("high_n", 0, 5000);
        const auto lowP = z.number("low_pct", 0, 200), highP = z.number("high_pct", 0, 200);
        if (lowN && highN && !lowP && !highP && *lowN < *highN) {
            r.zone = core::ForceZone{*lowN, *highN};
        } else if (lowP && highP && !lowN && !highN && *lowP < *highP) {
            r.zonePercent = std::pair(*lowP, *highP);
        } else {
            throw ApiError(http::status::bad_request, "bad_field",
                           "field 'zone' wants low_n < high_n, or low_pct < high_pct");
        }
    }
    if (const auto* tempo = f.object("tempo")) {
        const Fields t(*tempo, "tempo.");
        t.only({"up_s", "hold_s", "down_s", "bottom_pause_s"});
        core::Tempo tempoValue;
        tempoValue.upS = t.number("up_s", 0.1, 30).value_or(0);
        tempoValue.holdS = t.number("hold_s", 0, 60).value_or(0);
        tempoValue.downS = t.number("down_s", 0.1, 30).value_or(0);
        tempoValue.bottomPauseS = t.number("bottom_pause_s", 0, 30).value_or(0);
        if (tempoValue.upS <= 0 || tempoValue.downS <= 0) {
            throw ApiError(http::status::bad_request, "bad_field",
                           "field 'tempo' needs up_s and down_s");
        }
        r.tempo = tempoValue;
    }
    return r;
}

} // namespace bandstation::daemon
