#include "bandstation/core/low_pass.h"

#include <cmath>
#include <numbers>

namespace bandstation::core {

void LowPass::configure(const LowPassConfig& config)
{
    config_ = config;
    const double fs = config.sampleRateHz;
    bypass_ = !(std::isfinite(fs) && fs > 0 && std::isfinite(config.cutoffHz) &&
                config.cutoffHz > 0 && config.cutoffHz < 0.4 * fs);
    periodNs_ = fs > 0 && std::isfinite(fs) ? toNanoseconds(1.0 / fs) : 0;
    delayNs_ = 0;
    if (!bypass_) {
        const double k = std::tan(std::numbers::pi * config.cutoffHz / fs);
        const double q = std::numbers::sqrt2;
        const double norm = 1.0 / (1.0 + q * k + k * k);
        b0_ = k * k * norm;
        b1_ = 2.0 * b0_;
        b2_ = b0_;
        a1_ = 2.0 * (k * k - 1.0) * norm;
        a2_ = (1.0 - q * k + k * k) * norm;
        // Group delay at DC of B(z)/A(z), in samples: Σk·b_k/Σb_k − Σk·a_k/Σa_k (a_0 = 1).
        const double delaySamples =
            (b1_ + 2.0 * b2_) / (b0_ + b1_ + b2_) - (a1_ + 2.0 * a2_) / (1.0 + a1_ + a2_);
        delayNs_ = toNanoseconds(delaySamples / fs);
    }
    reset();
}

void LowPass::reset()
{
    z1_ = z2_ = 0;
    primed_ = false;
    lastTNs_ = 0;
    lastX_ = 0;
}

double LowPass::step(double x)
{
    const double y = b0_ * x + z1_;
    z1_ = b1_ * x - a1_ * y + z2_;
    z2_ = b2_ * x - a2_ * y;
    return y;
}

ForceSample LowPass::process(const ForceSample& sample)
{
    if (bypass_ || !std::isfinite(sample.forceN)) {
        return sample;
    }
    const std::int64_t dt = sample.tNs - lastTNs_;
    const bool restart = !primed_ || dt <= 0 || toSeconds(dt) > config_.maxBridgedGapS;
    if (restart) {
        // Start in the steady state for this value: no ramp from zero.
        z1_ = sample.forceN * (1.0 - b0_);
        z2_ = sample.forceN * (b2_ - a2_);
        primed_ = true;
    } else if (dt > periodNs_ + periodNs_ / 2) {
        // Missing samples: feed the straight line between the last input and this one.
        const auto missing = (dt - periodNs_ / 2) / periodNs_;
        for (std::int64_t i = 1; i <= missing; ++i) {
            const double w = static_cast<double>(i * periodNs_) / static_cast<double>(dt);
            if (w >= 1.0) {
                break;
            }
            step(lastX_ + (sample.forceN - lastX_) * w);
        }
    }
    lastTNs_ = sample.tNs;
    lastX_ = sample.forceN;
    double y = step(sample.forceN);
    if (!std::isfinite(y)) { // cannot happen with finite input, but never let NaN stick
        primed_ = false;
        y = sample.forceN;
    }
    return {sample.tNs - delayNs_, y, sample.flags};
}

} // namespace bandstation::core
