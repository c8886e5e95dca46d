#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include <bandstation/core/sample.h>

namespace bandstation::core {

struct SpikeFilterConfig {
    // A sample whose distance from the line through its two neighbours exceeds this many robust
    // scale units, while the neighbours agree with each other, is a glitch.
    double threshold = 8.0;
};

// Removes HX711-style glitches: samples flagged saturated or invalid, non-finite values, and
// samples far from both neighbours, alone or in a burst of two (a word read at full scale, or with
// a flipped high bit). The scale adapts to the signal: it is a slowly moving mean of the distance
// of accepted samples from the line through their neighbours, so it follows sensor noise at rest
// and the signal's own curvature in motion (fast step peaks at 10 samples/s are not glitches).
// Never a fixed number of newtons.
//
// Streaming with two samples of delay: process() returns a sample once two successors have been
// seen; flush() returns the rest. A dropped sample is not replaced; the next sample passed on
// carries SampleFlag::Gap.
class SpikeFilter {
public:
    void configure(const SpikeFilterConfig& config);
    void reset();

    std::optional<ForceSample> process(const ForceSample& sample);
    // End of data: the samples still held, oldest first (at most two).
    std::vector<ForceSample> flush();

    std::uint64_t rejected() const { return rejected_; }
    // Robust estimate of the noise standard deviation (N); 0 until warmed up.
    double noiseSigma() const { return noise_; }

private:
    static constexpr int kWarmup = 16;

    bool glitch(double deviation, double neighbours) const;
    void learn(double deviation);
    void drop(std::size_t count);

    SpikeFilterConfig config_{};
    std::optional<ForceSample> before_; // last sample passed on (a)
    std::array<ForceSample, 2> held_{}; // candidates (b, c), waiting for successors
    std::size_t heldCount_ = 0;
    bool pendingGap_ = false; // a sample was dropped since the last one passed on
    double scale_ = 0.0;      // mean deviation of accepted samples
    double noise_ = 0.0;      // noise standard deviation, from block medians
    std::array<double, kWarmup> warmup_{};
    std::array<double, 64> block_{}; // deviations of the block of accepted samples being filled
    std::size_t blockFill_ = 0;
    std::uint64_t blocks_ = 0;
    int seen_ = 0;
    std::uint64_t rejected_ = 0;
};

} // namespace bandstation::core
