#include "bandstation/core/spike_filter.h"

#include <algorithm>
#include <cmath>

namespace bandstation::core {

namespace {
// Smoothing of the scale: about 64 samples. Updates are clamped so a glitch that slips through
// cannot inflate it by more than a few percent.
constexpr double kScaleAlpha = 1.0 / 64.0;
constexpr double kMaxUpdateFactor = 4.0;
// Per block of accepted samples, the noise floor rises by this fraction of the difference, and
// only from a block whose median is within kMaxNoiseRise of it: a block far above the floor is
// movement (at 10 samples/s a walk's steps are sharp corners on every sample), not the sensor
// growing noisier. The warm-up's estimate is the starting point.
constexpr double kNoiseRise = 1.0 / 8.0;
constexpr double kMaxNoiseRise = 2.0;
// The warm-up's median of 8 is rough (half or double the truth happens, a quarter at times): the
// first block that agrees within this factor replaces it.
constexpr double kMaxFirstBlockRise = 4.0;
// For Gaussian noise σ, the distance d of a sample from its neighbours' line has σ·√1.5 spread:
// its median is 0.674·√1.5·σ and its mean 0.798·√1.5·σ.
constexpr double kMedianPerSigma = 0.674 * 1.2247;
constexpr double kMeanPerSigma = 0.798 * 1.2247;
// A glitch candidate lies beyond both its neighbours (outside the range they span) by at least
// this fraction of its distance from their line: a sample on a steep edge lies between its
// neighbours, however far from their line the sharp corners of a 10 samples/s walk put it.
constexpr double kIsolation = 0.25;
constexpr double kBurstStrictness = 2.0;
constexpr double kMaxCurvature = 4.0;
constexpr double kBurstAgreement = 0.25;
// A real top is climbed to and descended from: the samples beside it have moved towards it from
// the ones beyond them, by more than the noise and by a part of the top's excursion. A band takes
// at least a conversion period to rise, and an averaging ADC sees part of that rise in the sample
// before the top (at 10 samples/s a 0.2 s rise centred on a conversion boundary still lifts it by
// a tenth of the way); a glitch leaps from, and back to, a signal going its own way.
constexpr double kFlankBurst = 0.05;
// A lone top, with its flanks on both sides of one sample, is climbed to by a quarter of its
// excursion at least (a step's rise lasts two conversions or more): a word that stands hundreds
// of newtons above a step's own flanks is a glitch.
constexpr double kFlankLone = 0.25;
constexpr double kFlankNoise = 4.0;
constexpr double kWild = 4.0;
// The range of the last samples tells what is familiar once it holds this many.
constexpr std::size_t kMinRecent = 8;
// Below minus this the force is no band's: the cell's zero drifts by a newton or two, no more.
constexpr double kMinPull = 5.0;
constexpr std::int64_t kNoiseStepNs = 4'000'000;
// The noise floor is at least this fraction of the quantization step.
constexpr double kQuantumSigma = 0.5;

// How far `b` lies outside the range of `a` and `c` (negative inside it).
double beyond(const ForceSample& a, const ForceSample& b, const ForceSample& c)
{
    return std::max(b.forceN - std::max(a.forceN, c.forceN),
                    std::min(a.forceN, c.forceN) - b.forceN);
}

// Distance of `b` from the straight line through `a` and `c`, at b's time.
double offLine(const ForceSample& a, const ForceSample& b, const ForceSample& c)
{
    const double span = static_cast<double>(c.tNs - a.tNs);
    const double w = span > 0 ? static_cast<double>(b.tNs - a.tNs) / span : 0.5;
    return std::abs(b.forceN - (a.forceN + (c.forceN - a.forceN) * w));
}

// The force at `tNs` (before d) on the straight line through d and e.
double backFrom(const ForceSample& d, const ForceSample& e, std::int64_t tNs)
{
    const double span = static_cast<double>(e.tNs - d.tNs);
    const double w = span > 0 ? static_cast<double>(d.tNs - tNs) / span : 1.0;
    return d.forceN + (d.forceN - e.forceN) * w;
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
    beforeBefore_.reset();
    recentCount_ = recentNext_ = 0;
    lastInput_.reset();
    quantum_ = 0.0;
    heldCount_ = 0;
    pendingGap_ = false;
    scale_ = 0.0;
    noise_ = 0.0;
    seen_ = 0;
    blockFill_ = 0;
    blocks_ = 0;
    blockTaken_ = false;
    rejected_ = 0;
}

bool SpikeFilter::glitch(double deviation, double outside) const
{
    // Before the scale is learnt, the neighbours' own agreement stands in for it: a word read at
    // full scale among the first samples of a stream would otherwise set the noise floor.
    if (seen_ < 4 && !(startScale_ > 0)) {
        return false;
    }
    // The curvature of fast movement raises the scale, up to kMaxCurvature times the noise's:
    // beyond that a lone word of a few dozen newtons in a 10 samples/s walk would hide in it
    // (real corners are kept by the flank and familiarity tests, not by the scale).
    const double scale =
        seen_ < 4 ? startScale_ : std::min(scale_, kMaxCurvature * noise_ * kMeanPerSigma);
    return deviation > config_.threshold * scale && outside > kIsolation * deviation;
}

double SpikeFilter::noiseSigma() const
{
    return std::max(noise_, kQuantumSigma * quantum_);
}

bool SpikeFilter::flanked(const ForceSample* z, const ForceSample& a, const ForceSample& top,
                          const ForceSample& d, const ForceSample& e, double excursion,
                          double share) const
{
    if (!z) {
        return false;
    }
    const double dir = top.forceN > a.forceN ? 1.0 : -1.0;
    const double need = std::max(kFlankNoise * noise_, share * excursion);
    // An outer sample that leaps far beyond the excursion is a glitch of its own (judged when
    // its turn comes), not evidence against this one.
    const auto wild = [&](const ForceSample& near, const ForceSample& outer) {
        return std::abs(outer.forceN - near.forceN) > kWild * std::abs(top.forceN - near.forceN);
    };
    if (top.forceN < -kMinPull) {
        return false; // a band cannot push
    }
    return climbed(*z, a, top, excursion, share) &&
           ((d.forceN - e.forceN) * dir >= need || wild(d, e));
}

bool SpikeFilter::climbed(const ForceSample& z, const ForceSample& a, const ForceSample& top,
                          double excursion, double share) const
{
    const double dir = top.forceN > a.forceN ? 1.0 : -1.0;
    const double need = std::max(kFlankNoise * noise_, share * excursion);
    return (a.forceN - z.forceN) * dir >= need ||
           std::abs(z.forceN - a.forceN) > kWild * std::abs(top.forceN - a.forceN);
}

bool SpikeFilter::approached(const ForceSample& z, const ForceSample& a, const ForceSample& s,
                             const ForceSample& d, const ForceSample& e) const
{
    const double dir = s.forceN > a.forceN ? 1.0 : -1.0;
    const double tight = kFlankNoise * noiseSigma();
    return (a.forceN - z.forceN) * dir > tight || (d.forceN - e.forceN) * dir > tight;
}

bool SpikeFilter::familiar(const ForceSample& s) const
{
    if (recentCount_ < kMinRecent) {
        return false;
    }
    const auto end = recent_.begin() + static_cast<std::ptrdiff_t>(recentCount_);
    const auto [lo, hi] = std::minmax_element(recent_.begin(), end);
    return s.forceN >= *lo && s.forceN <= *hi;
}

void SpikeFilter::learnQuantum(const ForceSample& sample)
{
    if (lastInput_) {
        const double step = std::abs(sample.forceN - *lastInput_);
        // Steps below a micronewton are the arithmetic's, not the converter's.
        if (step > 1e-6 && (quantum_ == 0.0 || step < quantum_)) {
            quantum_ = step;
        }
    }
    lastInput_ = sample.forceN;
}

void SpikeFilter::learn(double d, std::int64_t tNs)
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
    // The noise floor needs a fair sample of deviations, not every one: at most one per
    // kNoiseStepNs (every sample up to 250 samples/s, every fourth at 1000).
    if (blockFill_ > 0 && tNs - lastBlockNs_ < kNoiseStepNs) {
        return;
    }
    lastBlockNs_ = tNs;
    block_[blockFill_++] = d;
    if (blockFill_ == block_.size()) {
        // The noise floor from the block's median deviation: at rest that is the sensor noise.
        // In motion the signal's curvature inflates it, so it falls at once and rises slowly,
        // and not at all from a block of movement.
        const auto mid = block_.begin() + static_cast<std::ptrdiff_t>(block_.size() / 2);
        std::nth_element(block_.begin(), mid, block_.end());
        const double sigma = *mid / kMedianPerSigma;
        // Until a block has been taken, the warm-up's rough estimate gives way to the first block
        // that agrees with it: the first blocks of a session may be the band being put on, and
        // a floor left at a third of the truth would never rise again (blocks twice the floor
        // are taken for movement).
        if (sigma < noise_ || (!blockTaken_ && sigma < kMaxFirstBlockRise * noise_)) {
            noise_ = sigma;
            blockTaken_ = true;
        } else if (sigma < kMaxNoiseRise * noise_) {
            noise_ += kNoiseRise * (sigma - noise_);
            blockTaken_ = true;
        }
        ++blocks_;
        blockFill_ = 0;
    }
}

void SpikeFilter::drop(std::size_t count, bool rejectedNow)
{
    if (rejectedNow) {
        rejected_ += count;
        pendingGap_ = true;
    }
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
    learnQuantum(sample);
    if (heldCount_ < held_.size()) {
        held_[heldCount_++] = sample;
        return std::nullopt;
    }
    const auto& b = held_[0];
    const auto& c = held_[1];
    const auto& d = held_[2];
    const auto& e = sample;
    if (seen_ < 4) {
        const double before = before_ ? std::abs(c.forceN - before_->forceN) : 0.0;
        startScale_ = std::max(
            {before, std::abs(d.forceN - c.forceN), std::abs(e.forceN - d.forceN), quantum_});
    }
    const ForceSample* z = beforeBefore_ ? &*beforeBefore_ : nullptr;
    // A neighbour that looks like a lone glitch itself (off its own neighbours' line, beyond
    // both, unlike anything recent, and not climbed to) anchors no line: a word read wrong just
    // after a real top would otherwise make the top the odd one out. It is judged when its turn
    // comes. Without the sample after its next, only the climb to it is known.
    const auto wildAnchor = [&](const ForceSample& prev2, const ForceSample& prev,
                                const ForceSample& s, const ForceSample& next,
                                const ForceSample* next2) {
        const double dev = offLine(prev, s, next);
        if (!glitch(dev, beyond(prev, s, next)) || familiar(s)) {
            return false;
        }
        return next2 ? !flanked(&prev2, prev, s, next, *next2, dev, kFlankLone)
                     : !climbed(prev2, prev, s, dev, kFlankLone);
    };
    if (before_ && !wildAnchor(b, c, d, e, nullptr)) {
        const auto& a = *before_;
        // A burst of two: b and c both far off the line from a to d, beyond both, and close to
        // each other (two words read at the same full-scale code). Held to twice the bar of a
        // lone glitch. Two that differ are a ramp (b on the way to the top c) or two lone ones.
        const double db = offLine(a, b, d) / kBurstStrictness;
        const double dc = offLine(a, c, d) / kBurstStrictness;
        if (std::abs(b.forceN - c.forceN) < kBurstAgreement * kBurstStrictness * std::min(db, dc) &&
            glitch(db, beyond(a, b, d) / kBurstStrictness) &&
            glitch(dc, beyond(a, c, d) / kBurstStrictness) && !familiar(b) && !familiar(c) &&
            !flanked(z, a, b, d, e, kBurstStrictness * std::min(db, dc), kFlankBurst)) {
            drop(2);
            return accept(sample);
        }
    }
    // A lone glitch: b off the line from a to c (to d when c is a wild one and d is not: two
    // glitches a sample apart leave b nothing to be judged against but c).
    // c is the wild one only when the samples after it do not lead back to it either: a glitch
    // at b makes a real c look off its line, but not off the trend of d and e.
    const auto offTrend = [&] {
        const double off = std::abs(c.forceN - backFrom(d, e, c.tNs));
        return glitch(off, off);
    };
    const bool skip = before_ && wildAnchor(*before_, b, c, d, &e) &&
                      !wildAnchor(b, c, d, e, nullptr) && offTrend();
    const auto& right = skip ? d : c;
    const auto& farRight = skip ? e : d;
    const double dev = before_ ? offLine(*before_, b, right) : std::abs(b.forceN - right.forceN);
    const double outside = before_ ? beyond(*before_, b, right) : dev;
    // A band pulls; it cannot push: a sample well below zero and below both its neighbours is a
    // glitch whatever the scale says (a word read at full scale negative, a flipped sign bit).
    const bool pushes = b.forceN < -kMinPull && outside > 0;
    // b is real when the signal climbed to it and descended from it. With c skipped, the
    // descent is c's, and unseen: the climb alone tells.
    const auto real = [&] {
        return before_ && (skip ? z && climbed(*z, *before_, b, dev, kFlankLone)
                                : flanked(z, *before_, b, right, farRight, dev, kFlankLone));
    };
    // A force the signal has just been at is no glitch if the signal moves towards it on one
    // side at least, as it falls to and rises from the floor between two steps. A word read at
    // rest among steps (still neighbours), or at the floor's force on a step's top (neighbours
    // moving away), is in that range too, and still a glitch.
    const auto known = [&] {
        return familiar(b) && (!z || !before_ || approached(*z, *before_, b, right, farRight));
    };
    if (pushes || (glitch(dev, outside) && !known() && !real())) {
        drop(1);
        return accept(sample);
    }
    learn(dev, b.tNs);
    auto out = held_[0];
    if (pendingGap_) {
        out.flags = withFlag(out.flags, SampleFlag::Gap);
        pendingGap_ = false;
    }
    beforeBefore_ = before_;
    before_ = out;
    recent_[recentNext_] = out.forceN;
    recentNext_ = (recentNext_ + 1) % recent_.size();
    recentCount_ = std::min(recentCount_ + 1, recent_.size());
    drop(1, /*rejectedNow=*/false);
    held_[heldCount_++] = sample;
    return out;
}

std::optional<ForceSample> SpikeFilter::accept(const ForceSample& sample)
{
    held_[heldCount_++] = sample;
    return std::nullopt;
}

std::vector<ForceSample> SpikeFilter::flush()
{
    std::vector<ForceSample> out;
    // The last samples have fewer successors to be checked against: each is judged as far as its
    // neighbours allow.
    while (heldCount_ > 0) {
        if (heldCount_ >= 2 && before_) {
            const auto& b = held_[0];
            const auto& c = held_[1];
            const double dev = offLine(*before_, b, c);
            const ForceSample* z = beforeBefore_ ? &*beforeBefore_ : nullptr;
            const bool real =
                familiar(b) ||
                (heldCount_ >= 3 && flanked(z, *before_, b, c, held_[2], dev, kFlankLone));
            if (glitch(dev, beyond(*before_, b, c)) && !real) {
                drop(1);
                continue;
            }
        }
        auto s = held_[0];
        if (pendingGap_) {
            s.flags = withFlag(s.flags, SampleFlag::Gap);
            pendingGap_ = false;
        }
        beforeBefore_ = before_;
        before_ = s;
        out.push_back(s);
        drop(1, /*rejectedNow=*/false);
    }
    return out;
}

} // namespace bandstation::core
