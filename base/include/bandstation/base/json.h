#pragma once

#include <string>
#include <string_view>

namespace bandstation::base {

// `text` escaped for the inside of a JSON string (quotes, backslashes, control characters;
// UTF-8 kept as it is).
std::string jsonEscape(std::string_view text);
// `text` as a JSON string literal, quotes included.
std::string jsonString(std::string_view text);

} // namespace bandstation::base
