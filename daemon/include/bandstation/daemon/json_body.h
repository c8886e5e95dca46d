#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "bandstation/daemon/station.h"

namespace bandstation::daemon {

// A request body as a JSON object; anything else is an ApiError 400 with the parser's reason.
// An empty body is an empty object.
boost::json::object parseJsonObject(std::string_view body);

// Typed access to a JSON object's fields, each error naming the field and the type it wants:
// 400 with code "bad_field". Unknown fields are refused too, so a typo is not silently ignored.
class Fields {
public:
    Fields(const boost::json::object& object, std::string prefix = {})
        : object_(object), prefix_(std::move(prefix))
    {
    }

    void only(std::initializer_list<std::string_view> known) const;
    std::optional<std::string> text(std::string_view key, std::size_t maxLength = 200) const;
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min,
                                        std::int64_t max) const;
    std::optional<double> number(std::string_view key, double min, double max) const;
    std::optional<bool> boolean(std::string_view key) const;
    const boost::json::object* object(std::string_view key) const;

private:
    [[noreturn]] void bad(std::string_view key, std::string_view wanted) const;
    const boost::json::value* find(std::string_view key) const;

    const boost::json::object& object_;
    std::string prefix_;
};

// POST /api/v1/sets.
SetRequest parseSetRequest(const boost::json::object& body);

} // namespace bandstation::daemon
