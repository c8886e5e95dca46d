#pragma once

// The one median of core: the upper median of a handful of values (recent amplitudes, durations,
// intervals, forces), 0 for none. Private to core's sources.

#include <algorithm>
#include <cstddef>
#include <vector>

namespace bandstation::core::detail {

inline double median(std::vector<double> values)
{
    if (values.empty()) {
        return 0.0;
    }
    const auto mid = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

template <typename Range>
double median(const Range& values)
{
    return median(std::vector<double>(values.begin(), values.end()));
}

} // namespace bandstation::core::detail
