#include "bandstation/base/text.h"

#include <array>
#include <charconv>
#include <cmath>

namespace bandstation::base {

std::string fixed(double value, int decimals)
{
    if (std::isnan(value)) {
        return "nan";
    }
    if (std::isinf(value)) {
        return value > 0 ? "inf" : "-inf";
    }
    std::array<char, 64> buffer{};
    auto [ptr, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                   std::chars_format::fixed, decimals);
    if (ec != std::errc{}) {
        return "nan"; // |value| beyond 1e40 or so: not a quantity we print
    }
    std::string out(buffer.data(), ptr);
    // "-0.00" reads as a sign error to a person; it is zero.
    if (out.front() == '-' && out.find_first_not_of("-0.") == std::string::npos) {
        out.erase(0, 1);
    }
    return out;
}

} // namespace bandstation::base
