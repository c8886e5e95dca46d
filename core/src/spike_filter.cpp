#include "bandstation/core/spike_filter.h"

#include <algorithm>
#include <cmath>

namespace bandstation::core {

namespace {
// Smoothing of the scale: about 64 samples. Updates are clamped so a glitch that slips through
// cannot inflate it by more than a few percent.
constexpr double kScaleAlpha = 1.0 / 64.0;
constexpr double kMaxUpdateFactor = 4.0;
// The noise floor falls quickly to a quiet level and rises only slowly in motion.
constexpr double kNoiseRise = 1.0 / 2048.0;
constexpr double kNoiseFall = 1.0 / 32.0;
} // namespace

void SpikeFilter::configure(const SpikeFilterConfig& config)
{
    config_ = config;
    reset();
}

void SpikeFilter::reset()
{
    before_.reset();
    held_.reset();
    pendingGap_ = false;
    scale_ = 0.0;
    noise_ = 0.0;
    seen_ = 0;
    rejected_ = 0;
}

// Distance of the held sample from the straight line through its neighbours, or from the one
// neighbour there is.
double SpikeFilter::deviation(const ForceSample& next) const
{
    const auto& b = *held_;
    if (!before_) {
        return std::abs(b.forceN - next.forceN);
    }
    const auto& a = *before_;
    const double span = static_cast<double>(next.tNs - a.tNs);
    const double w = span > 0 ? static_cast<double>(b.tNs - a.tNs) / span : 0.5;
    const double line = a.forceN + (next.forceN - a.forceN) * w;
    return std::abs(b.forceN - line);
}

std::optional<ForceSample> SpikeFilter::release(ForceSample sample)
{
    if (pendingGap_) {
        sample.flags = withFlag(sample.flags, SampleFlag::Gap);
        pendingGap_ = false;
    }
    before_ = sample;
    return sample;
}

std::optional<ForceSample> SpikeFilter::process(const ForceSample& sample)
{
    if (!std::isfinite(sample.forceN) || hasFlag(sample.flags, SampleFlag::Saturated) ||
        hasFlag(sample.flags, SampleFlag::Invalid)) {
        ++rejected_;
        pendingGap_ = true;
        return std::nullopt;
    }
    if (!held_) {
        held_ = sample;
        return std::nullopt;
    }
    const double d = deviation(sample);
    const double neighbours = before_ ? std::abs(sample.forceN - before_->forceN) : 0.0;
    ++seen_;
    if (seen_ > kWarmup && d > config_.threshold * scale_ && d > 2.0 * neighbours) {
        ++rejected_;
        pendingGap_ = true;
        held_ = sample;
        return std::nullopt;
    }
    if (seen_ <= kWarmup) {
        // Warm-up: a plain mean, but a wild first value must not set the scale.
        const double capped = scale_ > 0 ? std::min(d, kMaxUpdateFactor * 4.0 * scale_) : d;
        scale_ += (capped - scale_) / seen_;
    } else {
        scale_ += kScaleAlpha * (std::min(d, kMaxUpdateFactor * scale_) - scale_);
    }
    if (noise_ == 0.0 || scale_ < noise_) {
        noise_ = noise_ == 0.0 ? scale_ : noise_ + kNoiseFall * (scale_ - noise_);
    } else {
        noise_ += kNoiseRise * (scale_ - noise_);
    }
    auto out = release(*held_);
    held_ = sample;
    return out;
}

std::optional<ForceSample> SpikeFilter::flush()
{
    if (!held_) {
        return std::nullopt;
    }
    auto last = *held_;
    held_.reset();
    return release(last);
}

} // namespace bandstation::core
