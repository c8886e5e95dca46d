#pragma once

#include <string>
#include <string_view>

namespace bandstation::base {

// `text` as a JSON string literal, quotes included (control characters escaped, UTF-8 kept).
std::string jsonString(std::string_view text);

} // namespace bandstation::base
