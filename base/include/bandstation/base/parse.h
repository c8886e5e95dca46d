#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace bandstation::base {

// Strict text-to-number conversions: the whole of `text` (after trimming spaces and tabs) must be
// the number, in the C locale, whatever the process locale is. Nothing is accepted partially.
std::optional<double> parseDouble(std::string_view text);
std::optional<long long> parseInteger(std::string_view text);

// `text` without leading and trailing spaces, tabs, carriage returns and newlines.
std::string_view trim(std::string_view text);

// Splits on `separator`, keeping empty fields ("a,,b" gives three fields).
std::vector<std::string_view> split(std::string_view text, char separator);

} // namespace bandstation::base
