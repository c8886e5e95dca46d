#pragma once

#include <cstdint>

#include <bandstation/core/sample.h>

namespace bandstation::core {

struct LowPassConfig {
    double sampleRateHz = 80.0; // nominal rate; the coefficients are computed from it once
    double cutoffHz = 8.0;      // at or above 0.4 × the sample rate the filter passes through
    // A gap longer than this is a new stretch of signal: the filter restarts on its first sample
    // instead of ringing across it. Shorter gaps are bridged by linear interpolation at the
    // nominal period, so the filter's state stays consistent.
    double maxBridgedGapS = 0.5;
};

// Second-order Butterworth low-pass (bilinear transform, pre-warped), one biquad in direct form
// II transposed. Timestamps pass through shifted back by the filter's group delay at low
// frequency, so crossings measured on the output line up with the input in time.
class LowPass {
public:
    void configure(const LowPassConfig& config);
    void reset();

    ForceSample process(const ForceSample& sample);

    bool bypassed() const { return bypass_; }
    std::int64_t groupDelayNs() const { return delayNs_; }

private:
    double step(double x);

    LowPassConfig config_{};
    double b0_ = 1, b1_ = 0, b2_ = 0, a1_ = 0, a2_ = 0;
    double z1_ = 0, z2_ = 0;
    bool bypass_ = true;
    bool primed_ = false;
    std::int64_t periodNs_ = 0;
    std::int64_t delayNs_ = 0;
    std::int64_t lastTNs_ = 0;
    double lastX_ = 0;
};

} // namespace bandstation::core
