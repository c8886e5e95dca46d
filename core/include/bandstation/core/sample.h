#pragma once

#include <cstdint>

namespace bandstation::core {

// Per-sample condition bits. A sample may carry several.
enum class SampleFlag : std::uint8_t {
    None = 0,
    Saturated = 1 << 0, // the ADC reported a full-scale code: the value is not a force
    Invalid = 1 << 1,   // the read failed validation (or a filter rejected it as a glitch)
    Gap = 1 << 2,       // one or more samples are missing right before this one
};

constexpr std::uint8_t operator|(SampleFlag a, SampleFlag b)
{
    return static_cast<std::uint8_t>(static_cast<std::uint8_t>(a) | static_cast<std::uint8_t>(b));
}

constexpr bool hasFlag(std::uint8_t flags, SampleFlag flag)
{
    return (flags & static_cast<std::uint8_t>(flag)) != 0;
}

constexpr std::uint8_t withFlag(std::uint8_t flags, SampleFlag flag)
{
    return static_cast<std::uint8_t>(flags | static_cast<std::uint8_t>(flag));
}

// What a load-cell chip delivered: its code and the CLOCK_MONOTONIC instant of data-ready.
// `channel` tells the load cells of a two-cell station apart (0: the only or left cell, 1: right).
struct RawSample {
    std::int64_t tNs = 0;
    std::int32_t counts = 0;
    std::uint8_t flags = 0;
    std::uint8_t channel = 0;
};

// A force in newtons at a monotonic instant. Produced by calibration (live) or read from a trace.
struct ForceSample {
    std::int64_t tNs = 0;
    double forceN = 0.0;
    std::uint8_t flags = 0;
};

constexpr std::int64_t kNsPerSecond = 1'000'000'000;

constexpr double toSeconds(std::int64_t ns)
{
    return static_cast<double>(ns) / static_cast<double>(kNsPerSecond);
}

constexpr std::int64_t toNanoseconds(double seconds)
{
    // Round to the nearest nanosecond, symmetrically for negative values.
    const double ns = seconds * static_cast<double>(kNsPerSecond);
    return static_cast<std::int64_t>(ns < 0 ? ns - 0.5 : ns + 0.5);
}

} // namespace bandstation::core
