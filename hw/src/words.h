#pragma once

#include <cstdint>
#include <cstdlib>

namespace bandstation::hw::detail {

// A 24-bit two's complement word (HX711, ADS1220) as a signed value.
inline std::int32_t signExtend24(std::uint32_t word)
{
    return static_cast<std::int32_t>(word << 8) >> 8;
}

// A kernel edge timestamp further than this from CLOCK_MONOTONIC cannot be on that clock (kernels
// before 5.7 stamped GPIO v1 events with CLOCK_REALTIME): the driver uses the clock instead.
inline constexpr std::int64_t kMaxEdgeSkewNs = 1'000'000'000;

inline std::int64_t edgeTime(std::int64_t edgeNs, std::int64_t nowNs)
{
    return std::llabs(nowNs - edgeNs) > kMaxEdgeSkewNs ? nowNs : edgeNs;
}

} // namespace bandstation::hw::detail
