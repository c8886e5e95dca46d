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
// and the signal's own curvature in motion. Never a fixed number of newtons.
//
// A glitch is told from the short top of a real movement by physics, not by a sample count: a
// band cannot jump to a new force and back within one conversion, and an ADC that averages over
// its period sees part of a real rise in the sample before the top and part of the fall in the
// sample after it. So an outlier (or a pair) that the signal climbs to and descends from is a real
// top (a step's one- or two-sample top at 10 samples/s); one that leaps from, and back to, a
// signal going its own way (flat, or still rising) is a glitch. And a value within the range of the
// last 32 samples (3.2 s at 10 samples/s, 32 ms at 1000) is one the force has just been at: at a
// low rate the floor between two steps and the top of a step recur on every cycle, at a high rate
// the range is narrow and a glitch leaves it; but only when the signal moves towards it on one
// side at least (the floor between two steps is fallen to and risen from). Of two odd samples side
// by side, the wild one is the one the samples after it do not lead back to; the other is judged
// past it, by its climb alone.
//
// Streaming with three samples of delay: process() returns a sample once three successors have
// been seen; flush() returns the rest. A dropped sample is not replaced; the next sample passed on
// carries SampleFlag::Gap.
class SpikeFilter {
public:
    void configure(const SpikeFilterConfig& config);
    void reset();

    std::optional<ForceSample> process(const ForceSample& sample);
    // End of data: the samples still held, oldest first (at most three).
    std::vector<ForceSample> flush();

    std::uint64_t rejected() const { return rejected_; }
    // Robust estimate of the noise standard deviation (N); 0 until warmed up. Never below half the
    // signal's quantization step: a coarsely quantized flat signal (the HX711 at 10 samples/s
    // through a 0.1 N calibration) shows no noise between its steps, but a one-step flicker is
    // noise, not force.
    double noiseSigma() const;
    double quantumN() const { return quantum_; }

private:
    // The first deviations set the scale and the noise until a block of 64 is in: eight, so that
    // a walk at 10 samples/s that starts a second into the recording does not set them.
    static constexpr int kWarmup = 8;

    bool glitch(double deviation, double outside) const;
    // The signal climbed to `top` (from z to a) and descends from it (from d to e), each flank by
    // part of its excursion: a real top, not a glitch.
    bool flanked(const ForceSample* z, const ForceSample& a, const ForceSample& top,
                 const ForceSample& d, const ForceSample& e, double excursion, double share) const;
    // The signal climbed to `top`: a, the sample before it, moved towards it from z by more
    // than the noise and by `share` of the excursion (or z is a wild one of its own).
    bool climbed(const ForceSample& z, const ForceSample& a, const ForceSample& top,
                 double excursion, double share) const;
    // The signal moved towards `s` on at least one side: a, the sample before it, came from z
    // towards it, or d, the one after it, goes on to e away from it, by more than the noise.
    bool approached(const ForceSample& z, const ForceSample& a, const ForceSample& s,
                    const ForceSample& d, const ForceSample& e) const;
    std::optional<ForceSample> accept(const ForceSample& sample);
    // Within the range of the last samples passed on: a force the signal has just been at (the
    // floor between two steps, the top of the last one) is no glitch.
    bool familiar(const ForceSample& s) const;
    void learnQuantum(const ForceSample& sample);
    void learn(double deviation, std::int64_t tNs);
    void drop(std::size_t count, bool rejectedNow = true);

    SpikeFilterConfig config_{};
    std::optional<ForceSample> before_;       // last sample passed on (a)
    std::optional<ForceSample> beforeBefore_; // the one passed on before it (z)
    std::array<double, 32> recent_{};         // the last samples passed on, a ring
    std::size_t recentCount_ = 0, recentNext_ = 0;
    std::optional<double> lastInput_;   // for the quantization step
    double quantum_ = 0.0;              // smallest non-zero step between inputs
    std::array<ForceSample, 3> held_{}; // candidates (b, c, d), waiting for successors
    std::size_t heldCount_ = 0;
    bool pendingGap_ = false; // a sample was dropped since the last one passed on
    double scale_ = 0.0;      // mean deviation of accepted samples
    double startScale_ = 0.0; // before it is learnt: how closely the neighbours agree
    double noise_ = 0.0;      // noise standard deviation, from block medians
    std::array<double, kWarmup> warmup_{};
    std::array<double, 64> block_{}; // deviations of the block of accepted samples being filled
    std::size_t blockFill_ = 0;
    std::int64_t lastBlockNs_ = 0;
    std::uint64_t blocks_ = 0;
    bool blockTaken_ = false; // a block has set the noise floor (the warm-up no longer does)
    int seen_ = 0;
    std::uint64_t rejected_ = 0;
};

} // namespace bandstation::core
