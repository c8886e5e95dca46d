#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include <bandstation/core/sample.h>

namespace bandstation::core {

struct SpikeFilterConfig {
    // A sample whose distance from the line through its two neighbours exceeds this many robust
    // scale units, while the neighbours agree with each other, is a glitch.
    double threshold = 8.0;
};

// Removes HX711-style glitches: samples flagged saturated or invalid, non-finite values, and
// isolated samples far from both neighbours (a word read at full scale, or with a flipped high
// bit). The scale adapts to the signal: it is a slowly moving mean of |second difference| over
// accepted samples, so it follows sensor noise at rest and the signal's own curvature in motion
// (fast step peaks at 10 samples/s are not glitches). Never a fixed number of newtons.
//
// Streaming with one sample of delay: process() returns the previous sample once its successor
// has been seen; flush() returns the last one. A dropped sample is not replaced; the next sample
// passed on carries SampleFlag::Gap.
class SpikeFilter {
public:
    void configure(const SpikeFilterConfig& config);
    void reset();

    std::optional<ForceSample> process(const ForceSample& sample);
    std::optional<ForceSample> flush();

    std::uint64_t rejected() const { return rejected_; }
    // Robust estimate of the noise standard deviation (N); 0 until warmed up.
    double noiseSigma() const { return noise_; }

private:
    static constexpr int kWarmup = 16;

    double deviation(const ForceSample& b) const;
    std::optional<ForceSample> release(ForceSample sample);

    SpikeFilterConfig config_{};
    std::optional<ForceSample> before_; // last sample passed on (a)
    std::optional<ForceSample> held_;   // candidate (b), waiting for its successor
    bool pendingGap_ = false;           // a sample was dropped since the last one passed on
    double scale_ = 0.0;                // mean |second difference| of accepted samples
    double noise_ = 0.0;                // slow minimum-tracking version of scale_: the noise floor
    int seen_ = 0;
    std::uint64_t rejected_ = 0;
};

} // namespace bandstation::core
