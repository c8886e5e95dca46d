#include "bandstation/core/handling.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bandstation::core {

namespace {

// The rest tolerance grows with the set's movements: a rep's trough lands within this fraction of
// its amplitude of the rest tension (band hysteresis, stress relaxation, a trough that creeps).
constexpr double kRestOfAmplitude = 0.15;
// The band is back at rest within this tighter fraction, for at least kDwellS: a jerk passing
// through the rest tension does not stay (at 80 samples/s it crosses the band in a sample or two;
// the floor between two steps lasts a fifth of a second).
constexpr double kAtRestOfAmplitude = 0.05;
// ... and never more than this fraction of the rest tension itself (a band resting at 16 N that
// now rests at 11 N was moved, however big the reps are).
constexpr double kAtRestOfRest = 0.1;
constexpr double kDwellS = 0.08;
// While settling, the force's range over the quiet window stays within this fraction of the
// handling's whole swing (from zero to its highest jerk).
constexpr double kSettleOfHandling = 0.05;
// The quiet window takes a point at most this often.
constexpr double kQuietStepS = 0.01;
// Where a settling force is close enough to its level to count as arrived.
constexpr double kTightSigma = 3.0;
constexpr double kTightFraction = 0.01;
// Per point while resting, the rest tension moves this fraction of the way to the force.
constexpr double kDriftFollow = 0.05;
// Quiet stretches kept for the analyzer, which looks back over one movement (a hold: a minute).
constexpr std::size_t kQuietHistory = 64;

} // namespace

std::string_view toString(HandlingKind kind)
{
    switch (kind) {
    case HandlingKind::Setup:
        return "setup";
    case HandlingKind::Reposition:
        return "reposition";
    case HandlingKind::Teardown:
        return "teardown";
    }
    return "setup";
}

std::string_view toString(BandState state)
{
    switch (state) {
    case BandState::Unknown:
        return "unknown";
    case BandState::Off:
        return "off";
    case BandState::Settling:
        return "settling";
    case BandState::On:
        return "on";
    case BandState::Leaving:
        return "leaving";
    }
    return "unknown";
}

void HandlingDetector::configure(const HandlingConfig& config)
{
    config_ = config;
    reset();
}

void HandlingDetector::reset()
{
    state_ = BandState::Unknown;
    rest_.reset();
    amplitude_ = 0;
    sigma_ = 0;
    lastAtRest_ = lastOff_ = leaveAt_ = settled_ = 0;
    offSince_ = -1;
    restSince_ = -1;
    peakSinceRest_ = 0;
    tornDown_ = false;
    open_.reset();
    intervals_.clear();
    window_.clear();
    minQ_.clear();
    maxQ_.clear();
    windowSum_ = 0;
    quietNow_ = false;
    quiet_.clear();
}

double HandlingDetector::offLevel() const
{
    if (rest_ && *rest_ >= 0.5 * kMinRestTensionN) {
        // Noise may raise it (a noisy cell resting at a low tension), never to half the rest; and
        // never above the least rest tension a band on a body has, whatever the rest is thought
        // to be (were it a rep's plateau, every rep would otherwise look like the band coming off).
        const double off = std::max(config_.offFraction * *rest_,
                                    std::min(config_.offSigma * sigma_, 0.5 * *rest_));
        return std::min(off, kMinRestTensionN);
    }
    return 0.5 * kMinRestTensionN;
}

double HandlingDetector::quietTolerance(double level) const
{
    return std::max(config_.quietSigma * sigma_, config_.quietFraction * std::abs(level));
}

double HandlingDetector::restTolerance() const
{
    return std::max(quietTolerance(rest_.value_or(0.0)), kRestOfAmplitude * amplitude_);
}

double HandlingDetector::atRestTolerance() const
{
    const double rest = rest_.value_or(0.0);
    return std::max(quietTolerance(rest),
                    std::min(kAtRestOfAmplitude * amplitude_, kAtRestOfRest * std::abs(rest)));
}

double HandlingDetector::certainUntil() const
{
    switch (state_) {
    case BandState::Unknown:
        return std::numeric_limits<double>::infinity();
    case BandState::Off:
        return lastOff_;
    case BandState::Settling:
        return open_ ? open_->startS : lastOff_;
    case BandState::On:
        return lastAtRest_;
    case BandState::Leaving:
        return leaveAt_;
    }
    return lastAtRest_;
}

std::optional<HandlingInterval> HandlingDetector::openInterval() const
{
    if (open_) {
        return open_;
    }
    if (state_ == BandState::Leaving) {
        return HandlingInterval{leaveAt_, offSince_, HandlingKind::Teardown, peakSinceRest_};
    }
    return std::nullopt;
}

void HandlingDetector::updateQuiet(const Point& p)
{
    // The force reaching here is low-passed (at most 10 Hz): a point every 10 ms tells whether it
    // is quiet as well as every point of a 1000 samples/s stream does, at a tenth of the cost.
    if (!window_.empty() && p.t - window_.back().t < kQuietStepS) {
        return;
    }
    window_.push_back(p);
    windowSum_ += p.f;
    while (!minQ_.empty() && minQ_.back().f >= p.f) {
        minQ_.pop_back();
    }
    minQ_.push_back(p);
    while (!maxQ_.empty() && maxQ_.back().f <= p.f) {
        maxQ_.pop_back();
    }
    maxQ_.push_back(p);
    while (p.t - window_.front().t > config_.settleS) {
        const double t = window_.front().t;
        windowSum_ -= window_.front().f;
        window_.pop_front();
        if (minQ_.front().t <= t) {
            minQ_.pop_front();
        }
        if (maxQ_.front().t <= t) {
            maxQ_.pop_front();
        }
    }
    // A window counts once it spans most of settleS (and has a few points: 10 samples/s gives 5).
    const bool full = window_.size() >= 3 && p.t - window_.front().t >= 0.8 * config_.settleS;
    const double level = windowSum_ / static_cast<double>(window_.size());
    const bool quiet = full && maxQ_.front().f - minQ_.front().f <= quietTolerance(level);
    if (quiet) {
        // The same quiet stretch goes on (or resumes after a tremor broke it for a moment).
        if (!quiet_.empty() && window_.front().t <= quiet_.back().endS + config_.settleS &&
            std::abs(level - quiet_.back().levelN) <= quietTolerance(level)) {
            quiet_.back().endS = p.t;
        } else {
            quiet_.push_back({window_.front().t, p.t, level});
            if (quiet_.size() > kQuietHistory) {
                quiet_.pop_front();
            }
        }
    }
    quietNow_ = quiet;
}

double HandlingDetector::arrivedTolerance(double level) const
{
    return std::max(kTightSigma * sigma_, kTightFraction * std::abs(level));
}

double HandlingDetector::settledSince(double level) const
{
    // The handling ends where the force stopped creeping towards its rest: after the last point
    // of the quiet window farther from the level than the noise (a tail settling by a newton or
    // two would otherwise become the first rep's trough).
    // It ends after that point, not on it: the point is still on the way and must not become the
    // trough of the movement after.
    const double tight = arrivedTolerance(level);
    double since = window_.front().t;
    bool far = false;
    for (const auto& q : window_) {
        if (far) {
            since = q.t;
        }
        far = std::abs(q.f - level) > tight;
    }
    return far ? std::nextafter(window_.back().t, std::numeric_limits<double>::infinity()) : since;
}

void HandlingDetector::open(double startS, HandlingKind kind)
{
    open_ = HandlingInterval{startS, startS, kind, 0.0};
}

std::optional<HandlingInterval> HandlingDetector::close(double endS, HandlingKind kind)
{
    HandlingInterval h = open_ ? *open_ : HandlingInterval{endS, endS, kind, 0.0};
    open_.reset();
    h.endS = std::max(endS, h.startS);
    h.kind = kind;
    // Taken off and put on again within the set: one re-tie.
    if (kind != HandlingKind::Teardown && tornDown_ && !intervals_.empty() &&
        intervals_.back().kind == HandlingKind::Teardown) {
        const auto off = intervals_.back();
        intervals_.pop_back();
        h.startS = off.startS;
        h.maxForceN = std::max(h.maxForceN, off.maxForceN);
        h.kind = HandlingKind::Reposition;
    }
    tornDown_ = kind == HandlingKind::Teardown;
    intervals_.push_back(h);
    return h;
}

std::optional<HandlingInterval> HandlingDetector::process(const Point& p, double noiseSigma)
{
    sigma_ = noiseSigma;
    updateQuiet(p);
    const double off = offLevel();
    const bool below = p.f < off;
    const auto settledOn = [&]() -> const QuietStretch* {
        if (!quietNow_ || quiet_.empty() || quiet_.back().levelN < off) {
            return nullptr;
        }
        return &quiet_.back();
    };
    switch (state_) {
    case BandState::Unknown:
        // On, but at rest or in a movement? A recording may begin on a rep's plateau; the first
        // movement counted tells (movementCounted).
        if (below) {
            state_ = BandState::Off; // the recording begins before the band is on
            lastOff_ = p.t;
        }
        return std::nullopt;
    case BandState::Off:
        if (below) {
            lastOff_ = p.t;
            lastOffN_ = p.f;
            return std::nullopt;
        }
        // Something pulls: the band is being put on (or only touched).
        open(lastOff_, tornDown_ ? HandlingKind::Reposition : HandlingKind::Setup);
        open_->maxForceN = p.f;
        handlingLowN_ = std::min(p.f, lastOffN_);
        state_ = BandState::Settling;
        return std::nullopt;
    case BandState::Settling: {
        open_->maxForceN = std::max(open_->maxForceN, p.f);
        handlingLowN_ = std::min(handlingLowN_, p.f);
        // Settled: quiet by the noise, and still compared with the jerks of the handling (at 10
        // samples/s a fumble may pause for the few samples of a quiet window).
        const auto* q = settledOn();
        if (q && maxQ_.front().f - minQ_.front().f >
                     kSettleOfHandling * (open_->maxForceN - handlingLowN_)) {
            q = nullptr;
        }
        if (q) {
            state_ = BandState::On;
            rest_ = windowSum_ / static_cast<double>(window_.size());
            lastAtRest_ = settled_ = p.t;
            peakSinceRest_ = p.f;
            return close(settledSince(*rest_),
                         tornDown_ ? HandlingKind::Reposition : HandlingKind::Setup);
        }
        if (below && quietNow_) {
            // Touched, not put on: back at zero.
            state_ = BandState::Off;
            lastOff_ = p.t;
            const bool retie = tornDown_;
            auto h = close(quiet_.back().startS, HandlingKind::Setup);
            tornDown_ = retie;
            return h;
        }
        return std::nullopt;
    }
    case BandState::On:
        if (quietNow_ && maxQ_.front().f - minQ_.front().f <= atRestTolerance()) {
            const double level = windowSum_ / static_cast<double>(window_.size());
            if (std::abs(level - *rest_) <= atRestTolerance()) {
                // Resting: the rest tension follows the cell's slow drift, a little at a time.
                rest_ = *rest_ + kDriftFollow * (level - *rest_);
                settled_ = p.t;
            }
        }
        if (std::abs(p.f - *rest_) <= atRestTolerance()) {
            if (restSince_ < 0) {
                restSince_ = p.t;
            }
            if (p.t - restSince_ >= kDwellS) {
                lastAtRest_ = p.t;
                peakSinceRest_ = p.f;
            }
        } else {
            restSince_ = -1;
            peakSinceRest_ = std::max(peakSinceRest_, p.f);
        }
        if (below) {
            state_ = BandState::Leaving;
            leaveAt_ = settled_;
            offSince_ = p.t;
        }
        return std::nullopt;
    case BandState::Leaving:
        if (!below) {
            state_ = BandState::On; // a slack moment, not the band coming off
            offSince_ = -1;
            peakSinceRest_ = std::max(peakSinceRest_, p.f);
            return std::nullopt;
        }
        if (p.t - offSince_ < config_.offHoldS) {
            return std::nullopt;
        }
        state_ = BandState::Off;
        lastOff_ = p.t;
        open(leaveAt_, HandlingKind::Teardown);
        open_->maxForceN = peakSinceRest_;
        return close(offSince_, HandlingKind::Teardown);
    }
    return std::nullopt;
}

std::optional<HandlingInterval> HandlingDetector::finish()
{
    if (state_ == BandState::Settling && open_) {
        const double end = window_.empty() ? open_->startS : window_.back().t;
        state_ = BandState::Off;
        return close(end, tornDown_ ? HandlingKind::Reposition : HandlingKind::Setup);
    }
    if (state_ == BandState::Leaving) {
        state_ = BandState::Off;
        open(leaveAt_, HandlingKind::Teardown);
        open_->maxForceN = peakSinceRest_;
        return close(offSince_, HandlingKind::Teardown);
    }
    return std::nullopt;
}

void HandlingDetector::movementCounted(double troughAfterN, double troughAfterS, double endS,
                                       double amplitudeN)
{
    settled_ = std::max(settled_, endS);
    amplitude_ = amplitudeN;
    if (state_ == BandState::Unknown && troughAfterN >= offLevel()) {
        state_ = BandState::On;
    }
    if (state_ == BandState::On) {
        rest_ = troughAfterN;
        lastAtRest_ = std::max(lastAtRest_, troughAfterS);
    }
}

void HandlingDetector::widenLast(double startS)
{
    if (!intervals_.empty()) {
        intervals_.back().startS = std::min(intervals_.back().startS, startS);
    }
}

void HandlingDetector::restAt(double restN, double atS)
{
    rest_ = restN;
    lastAtRest_ = std::max(lastAtRest_, atS);
}

void HandlingDetector::restMovedTo(double restN)
{
    rest_ = restN;
    restSince_ = -1;
}

void HandlingDetector::addReposition(double startS, double endS, double maxForceN, double restN)
{
    intervals_.push_back({startS, endS, HandlingKind::Reposition, maxForceN});
    rest_ = restN;
    lastAtRest_ = std::max(lastAtRest_, endS);
    settled_ = std::max(settled_, endS);
    tornDown_ = false;
}

} // namespace bandstation::core
