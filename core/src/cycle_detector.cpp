#include "bandstation/core/cycle_detector.h"

#include <algorithm>
#include <vector>

#include "median.h"

namespace bandstation::core {

namespace {
// A candidate whose fall is less than this fraction of its rise did not come back down: its
// "trough" was a dip on the plateau, and the search for the peak goes on across it.
constexpr double kMinFallOfRise = 0.5;
// At the end of the data, a cycle counts once its trough is this fraction of settleS old.
constexpr double kFlushSettleFraction = 0.25;
// While the trough still moves down by more than this fraction of the swing, it is not settled.
constexpr double kSettledDrift = 0.02;
} // namespace

void CycleDetector::configure(const CycleDetectorConfig& config)
{
    config_ = config;
    reset();
}

void CycleDetector::reset()
{
    points_.clear();
    mode_ = Mode::SeekPeak;
    maxIdx_ = minIdx_ = peakIdx_ = troughIdx_ = 0;
    minVal_ = 0;
    settleSince_ = -1;
    pendingDecision_ = false;
    settledEmitted_ = false;
    amplitudes_.clear();
    rejected_ = 0;
}

double CycleDetector::referenceAmplitude() const
{
    return detail::median(amplitudes_);
}

double CycleDetector::hysteresis(double swing) const
{
    return std::max(config_.noiseHysteresis * noiseSigma_, config_.relativeHysteresis * swing);
}

std::optional<Cycle> CycleDetector::process(const Point& p)
{
    if (pendingDecision_) {
        reject(); // the caller did not decide: treat as not accepted
    }
    points_.push_back(p);
    const std::size_t n = points_.size() - 1;
    if (n == 0) {
        maxIdx_ = minIdx_ = 0;
        minVal_ = p.f;
        return std::nullopt;
    }

    if (mode_ == Mode::SeekPeak) {
        if (p.f > points_[maxIdx_].f) {
            maxIdx_ = n;
        }
        const double top = points_[maxIdx_].f;
        if (maxIdx_ != n && top - p.f >= hysteresis(top - minVal_)) {
            // The fall confirms the peak, even when it lands below the trough before (a fast
            // fall at a low rate, or one whose middle sample was a glitch).
            mode_ = Mode::SeekTrough;
            peakIdx_ = maxIdx_;
            troughIdx_ = n;
            settleSince_ = -1;
            settledEmitted_ = false;
        } else if (p.f < minVal_) {
            minIdx_ = n;
            minVal_ = p.f;
            maxIdx_ = n;
        }
        trim();
        return std::nullopt;
    }

    // SeekTrough
    const double peak = points_[peakIdx_].f;
    if (p.f < points_[troughIdx_].f) {
        troughIdx_ = n;
    }
    const double low = points_[troughIdx_].f;
    if (p.f - low >= hysteresis(peak - low)) {
        if (settledEmitted_) {
            // Already handed over when it settled; the next cycle starts from this trough.
            mode_ = Mode::SeekPeak;
            settledEmitted_ = false;
            minIdx_ = troughIdx_;
            minVal_ = low;
            maxIdx_ = n;
            return std::nullopt;
        }
        return candidate(troughIdx_);
    }
    // Settling: came most of the way down, stopped falling, and stayed below the 10 % level.
    const bool down = peak - low >= (1.0 - config_.settleFraction) * (peak - minVal_);
    if (!settledEmitted_ && down && p.f < low + 0.1 * (peak - low)) {
        const double stillFalling =
            std::max(config_.noiseHysteresis * noiseSigma_, kSettledDrift * (peak - low));
        if (settleSince_ < 0 || low < settleLow_ - stillFalling) {
            settleSince_ = p.t;
            settleLow_ = low;
        } else if (p.t - settleSince_ >= config_.settleS) {
            auto c = candidate(troughIdx_);
            if (c) {
                settledEmitted_ = true;
            }
            return c;
        }
    } else {
        settleSince_ = -1;
    }
    return std::nullopt;
}

std::optional<Cycle> CycleDetector::flush()
{
    if (pendingDecision_) {
        reject();
    }
    if (mode_ != Mode::SeekTrough || settledEmitted_ || points_.empty()) {
        return std::nullopt;
    }
    // Only a cycle whose fall has finished: its trough lies a while before the end of the data.
    // A fall still under way when the data ends is a cut rep, not a rep.
    if (points_.back().t - points_[troughIdx_].t < kFlushSettleFraction * config_.settleS) {
        return std::nullopt;
    }
    return candidate(troughIdx_);
}

std::optional<Cycle> CycleDetector::candidate(std::size_t troughAfterIdx)
{
    const double peak = points_[peakIdx_].f;
    const double after = points_[troughAfterIdx].f;
    const double rise = peak - minVal_;
    const double fall = peak - after;
    if (fall < kMinFallOfRise * rise) {
        // A dip on the plateau: keep looking for the peak, across it.
        mode_ = Mode::SeekPeak;
        maxIdx_ = peakIdx_;
        for (std::size_t i = peakIdx_; i < points_.size(); ++i) {
            if (points_[i].f > points_[maxIdx_].f) {
                maxIdx_ = i;
            }
        }
        return std::nullopt;
    }
    const double amplitude = peak - std::max(minVal_, after);
    const double gate =
        std::max(config_.noiseGate * noiseSigma_, config_.relativeGate * referenceAmplitude());
    troughIdx_ = troughAfterIdx;
    pendingDecision_ = true;
    if (amplitude < gate || amplitude <= 0) {
        reject();
        return std::nullopt;
    }
    Cycle c;
    c.view.points = points_;
    c.view.troughBeforeIdx = minIdx_;
    c.view.peak = peakIdx_;
    c.view.troughAfterIdx = troughAfterIdx;
    c.view.troughBefore = minVal_;
    c.view.troughAfter = after;
    c.amplitudeN = amplitude;
    return c;
}

void CycleDetector::accept(const Cycle& cycle)
{
    pendingDecision_ = false;
    amplitudes_.push_back(cycle.amplitudeN);
    while (static_cast<int>(amplitudes_.size()) > config_.amplitudeHistory) {
        amplitudes_.pop_front();
    }
    // The accepted peak becomes the origin: the next cycle's trough before is the minimum after it.
    const std::size_t shift = peakIdx_;
    points_.erase(points_.begin(), points_.begin() + static_cast<std::ptrdiff_t>(shift));
    troughIdx_ -= shift;
    peakIdx_ = 0;
    minIdx_ = troughIdx_;
    minVal_ = points_[minIdx_].f;
    if (settledEmitted_) {
        return; // stay in SeekTrough until the next rise confirms the trough
    }
    mode_ = Mode::SeekPeak;
    maxIdx_ = minIdx_;
    for (std::size_t i = minIdx_; i < points_.size(); ++i) {
        if (points_[i].f > points_[maxIdx_].f) {
            maxIdx_ = i;
        }
    }
}

void CycleDetector::reject()
{
    pendingDecision_ = false;
    ++rejected_;
    settledEmitted_ = false;
    // Discard the candidate: its trough may be the new minimum; the next peak comes after now.
    if (points_[troughIdx_].f < minVal_) {
        minIdx_ = troughIdx_;
        minVal_ = points_[troughIdx_].f;
    }
    mode_ = Mode::SeekPeak;
    maxIdx_ = points_.size() - 1;
    if (maxIdx_ < minIdx_) {
        maxIdx_ = minIdx_;
    }
}

void CycleDetector::restartFrom(double tS, const std::deque<double>& amplitudes)
{
    pendingDecision_ = false;
    settledEmitted_ = false;
    settleSince_ = -1;
    amplitudes_ = amplitudes;
    mode_ = Mode::SeekPeak;
    const auto cut = std::lower_bound(points_.begin(), points_.end(), tS,
                                      [](const Point& q, double t) { return q.t < t; });
    points_.erase(points_.begin(), cut);
    minIdx_ = maxIdx_ = peakIdx_ = troughIdx_ = 0;
    if (points_.empty()) {
        return; // the next point starts afresh
    }
    for (std::size_t i = 0; i < points_.size(); ++i) {
        if (points_[i].f < points_[minIdx_].f) {
            minIdx_ = i;
        }
    }
    minVal_ = points_[minIdx_].f;
    maxIdx_ = minIdx_;
    for (std::size_t i = minIdx_; i < points_.size(); ++i) {
        if (points_[i].f > points_[maxIdx_].f) {
            maxIdx_ = i;
        }
    }
}

void CycleDetector::trim()
{
    // Only a long stretch without a cycle gets here: keep the last maxDuration of points, and the
    // trough before as a value if its point is dropped.
    if (points_.size() < 1024) {
        return;
    }
    const double keepS = config_.maxDurationS + 1.0;
    if (points_.back().t - points_.front().t < 2.0 * keepS) {
        return;
    }
    const double cutT = points_.back().t - keepS;
    auto cut = static_cast<std::size_t>(
        std::lower_bound(points_.begin(), points_.end(), cutT,
                         [](const Point& q, double t) { return q.t < t; }) -
        points_.begin());
    points_.erase(points_.begin(), points_.begin() + static_cast<std::ptrdiff_t>(cut));
    minIdx_ = minIdx_ >= cut ? minIdx_ - cut : 0;
    if (maxIdx_ >= cut) {
        maxIdx_ -= cut;
    } else {
        maxIdx_ = minIdx_;
        for (std::size_t i = minIdx_; i < points_.size(); ++i) {
            if (points_[i].f > points_[maxIdx_].f) {
                maxIdx_ = i;
            }
        }
    }
}

} // namespace bandstation::core
