#pragma once

#include <string>

namespace bandstation::base {

// `value` with exactly `decimals` digits after the point, in the C locale ("12.50"). Non-finite
// values give "nan", "inf" or "-inf"; negative zero prints as "0.00".
std::string fixed(double value, int decimals);

} // namespace bandstation::base
