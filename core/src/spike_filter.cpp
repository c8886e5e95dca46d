#include "bandstation/core/spike_filter.h"

#include <algorithm>
#include <cmath>

namespace bandstation::core {

namespace {
// Smoothing of the scale: about 64 samples. Updates are clamped so a glitch that slips through
// cannot inflate it by more than a few percent.
constexpr double kScaleAlpha = 1.0 / 64.0;
constexpr double kMaxUpdateFactor = 4.0;
// Per block of accepted samples, the noise floor rises by this fraction of the difference.
constexpr double kNoiseRise = 1.0 / 8.0;
// For Gaussian noise σ, the distance d of a sample from its neighbours' line has σ·√1.5 spread:
// its median is 0.674·√1.5·σ and its mean 0.798·√1.5·σ.
constexpr double kMedianPerSigma = 0.674 * 1.2247;
constexpr double kMeanPerSigma = 0.798 * 1.2247;
// A glitch stands out from its neighbours' line by more than this multiple of how far apart the
// neighbours are: a steep edge moves its neighbours too, a glitch does not.
constexpr double kIsolation = 2.0;
constexpr double kBurstStrictness = 2.0;

// Distance of `b` from the straight line through `a` and `c`, at b's time.
double offLine(const ForceSample& a, const ForceSample& b, const ForceSample& c)
{
    const double span = static_cast<double>(c.tNs - a.tNs);
    const double w = span > 0 ? static_cast<double>(b.tNs - a.tNs) / span : 0.5;
    return std::abs(b.forceN - (a.forceN + (c.forceN - a.forceN) * w));
}
} // namespace

void SpikeFilter::configure(const SpikeFilterConfig& config)
{
    config_ = config;
    reset();
}

void SpikeFilter::reset()
{
    before_.reset();
    heldCount_ = 0;
    pendingGap_ = false;
    scale_ = 0.0;
    noise_ = 0.0;
    seen_ = 0;
    blockFill_ = 0;
    blocks_ = 0;
    rejected_ = 0;
}

bool SpikeFilter::glitch(double deviation, double neighbours) const
{
    if (seen_ < 4) {
        return false; // nothing to compare with yet
    }
    return deviation > config_.threshold * scale_ && deviation > kIsolation * neighbours;
}

void SpikeFilter::learn(double d)
{
    if (seen_ < kWarmup) {
        // Warm-up: the scale is the median of what has been seen, so one wild early value
        // cannot set it.
        warmup_[static_cast<std::size_t>(seen_++)] = d;
        std::array<double, kWarmup> sorted = warmup_;
        const auto n = static_cast<std::ptrdiff_t>(seen_);
        std::nth_element(sorted.begin(), sorted.begin() + n / 2, sorted.begin() + n);
        scale_ = sorted[static_cast<std::size_t>(n / 2)] / kMedianPerSigma * kMeanPerSigma;
        if (blocks_ == 0) {
            noise_ = scale_ / kMeanPerSigma;
        }
    } else {
        scale_ += kScaleAlpha * (std::min(d, kMaxUpdateFactor * scale_) - scale_);
    }
    block_[blockFill_++] = d;
    if (blockFill_ == block_.size()) {
        // The noise floor from the block's median deviation: at rest that is the sensor noise.
        // In motion the signal's curvature inflates it, so it falls at once and rises slowly.
        const auto mid = block_.begin() + static_cast<std::ptrdiff_t>(block_.size() / 2);
        std::nth_element(block_.begin(), mid, block_.end());
        const double sigma = *mid / kMedianPerSigma;
        noise_ = blocks_ == 0 || sigma < noise_ ? sigma : noise_ + kNoiseRise * (sigma - noise_);
        ++blocks_;
        blockFill_ = 0;
    }
}

void SpikeFilter::drop(std::size_t count)
{
    rejected_ += count;
    pendingGap_ = true;
    for (std::size_t i = count; i < heldCount_; ++i) {
        held_[i - count] = held_[i];
    }
    heldCount_ -= count;
}

std::optional<ForceSample> SpikeFilter::process(const ForceSample& sample)
{
    if (!std::isfinite(sample.forceN) || hasFlag(sample.flags, SampleFlag::Saturated) ||
        hasFlag(sample.flags, SampleFlag::Invalid)) {
        ++rejected_;
        pendingGap_ = true;
        return std::nullopt;
    }
    if (heldCount_ < 2) {
        held_[heldCount_++] = sample;
        return std::nullopt;
    }
    const auto& b = held_[0];
    const auto& c = held_[1];
    const auto& d = sample;
    if (before_) {
        const auto& a = *before_;
        // A burst of two: b and c both far off the line from a to d, which agree closely. Held
        // to twice the bar of a lone glitch, so a real two-sample peak at a low rate stays.
        const double neighbours = kBurstStrictness * std::abs(d.forceN - a.forceN);
        const double db = offLine(a, b, d) / kBurstStrictness;
        const double dc = offLine(a, c, d) / kBurstStrictness;
        if (glitch(db, neighbours) && glitch(dc, neighbours)) {
            drop(2);
            held_[heldCount_++] = sample;
            return std::nullopt;
        }
    }
    // A lone glitch: b off the line from a to c.
    const double dev = before_ ? offLine(*before_, b, c) : std::abs(b.forceN - c.forceN);
    const double neighbours = before_ ? std::abs(c.forceN - before_->forceN) : 0.0;
    if (glitch(dev, neighbours)) {
        drop(1);
        held_[heldCount_++] = sample;
        return std::nullopt;
    }
    learn(dev);
    auto out = held_[0];
    if (pendingGap_) {
        out.flags = withFlag(out.flags, SampleFlag::Gap);
        pendingGap_ = false;
    }
    before_ = out;
    held_[0] = held_[1];
    held_[1] = sample;
    return out;
}

std::vector<ForceSample> SpikeFilter::flush()
{
    std::vector<ForceSample> out;
    if (heldCount_ == 2 && before_) {
        if (glitch(offLine(*before_, held_[0], held_[1]),
                   std::abs(held_[1].forceN - before_->forceN))) {
            drop(1);
        }
    }
    for (std::size_t i = 0; i < heldCount_; ++i) {
        auto s = held_[i];
        if (pendingGap_) {
            s.flags = withFlag(s.flags, SampleFlag::Gap);
            pendingGap_ = false;
        }
        before_ = s;
        out.push_back(s);
    }
    heldCount_ = 0;
    return out;
}

} // namespace bandstation::core
