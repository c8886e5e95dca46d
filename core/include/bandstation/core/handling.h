#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <vector>

#include <bandstation/core/measures.h>

namespace bandstation::core {

// Handling is not movement: the band being put on (setup), moved or re-tied (reposition) or taken
// off (teardown). Force during handling is jerky and can exceed a rep's peak; it holds no rep, step
// or hold, and the trough windows of the movements beside it stop at it
// (shared/data/traces/README.md, `handling`).
enum class HandlingKind { Setup, Reposition, Teardown };
std::string_view toString(HandlingKind kind);

struct HandlingInterval {
    double startS = 0, endS = 0; // on the time base of the points
    HandlingKind kind = HandlingKind::Setup;
    double maxForceN = 0;
};

// What the band is doing, as far as the force tells.
enum class BandState {
    Unknown,  // not yet seen at rest nor off
    Off,      // at the load cell's zero: nothing pulls on it
    Settling, // being put on (or re-tied): handling until it rests at a tension
    On,       // on, at a rest tension, or moving from it
    Leaving,  // went to zero from on: taken off, or re-tied if it comes back
};
std::string_view toString(BandState state);

struct HandlingConfig {
    // The band rests when the force stays this long within the quiet band.
    double settleS = 0.5;
    // Below the off level this long: the band is off (a slack moment between steps is shorter).
    double offHoldS = 0.6;
    // The off level: this fraction of the rest tension, raised to offSigma noise σ on a noisy
    // cell (never to half the rest). Before the rest tension is known, kMinRestTensionN / 2.
    double offFraction = 0.35;
    double offSigma = 8.0;
    // Quiet: the force's range over settleS within max(quietSigma σ, quietFraction × level).
    double quietSigma = 8.0;
    double quietFraction = 0.03;
};

// A band on a body pulls at least about 10 N (the example traces rest at 10-60 N); the load cell
// reads zero when nothing pulls on it (the tare). Half of that is where "off" ends before the set's
// own rest tension is known.
inline constexpr double kMinRestTensionN = 10.0;

// A stretch where the force stayed quiet: the band at rest, or a plateau.
struct QuietStretch {
    double startS = 0, endS = 0, levelN = 0;
};

// Follows the band's state from the filtered force and reports handling intervals. Setup: from the
// last moment at zero to the first moment the force rests at a tension. Teardown: from the last
// moment the band was settled (resting quietly, or at the end of the last counted movement) to
// the moment the force reached zero and stayed there. A teardown
// followed by a setup is one reposition (re-tied). A move of the band that changes its rest tension
// without letting go is found by the analyzer, which sees the movements (see Analyzer), and
// recorded here with addReposition().
//
// Threading: one owner. Pure computation on the points it is given.
class HandlingDetector {
public:
    void configure(const HandlingConfig& config);
    void reset();

    // One filtered point (seconds, newtons) and the current noise σ. Returns the interval that
    // this point closed, if any (the caller's movement search restarts at its end).
    std::optional<HandlingInterval> process(const Point& p, double noiseSigma);
    // End of data: closes an interval still open (the data ended during handling).
    std::optional<HandlingInterval> finish();

    BandState state() const { return state_; }
    std::optional<double> restLevel() const { return rest_; }
    // The tolerance around the rest level within which a movement ends at the band's rest.
    double restTolerance() const;
    // The tighter one within which the force is back at rest (not passing by on a jerk).
    double atRestTolerance() const;
    // The last instant the force was at the rest tension for a moment (it may be passing).
    double lastAtRestS() const { return lastAtRest_; }
    // The last instant the band was known to be settled: resting quietly at its tension, or at
    // the end of a counted movement. Handling found later begins no earlier than this.
    double settledS() const { return settled_; }
    // No handling interval reported later will begin before this instant: movements that ended
    // before it are final.
    double certainUntil() const;
    const std::vector<HandlingInterval>& intervals() const { return intervals_; }
    std::optional<HandlingInterval> openInterval() const;
    const std::deque<QuietStretch>& quietStretches() const { return quiet_; }
    double noiseSigma() const { return sigma_; }

    // The analyzer's view: a movement was counted with this trough after it (the band rests
    // there), and its typical amplitude (for the rest tolerance).
    void movementCounted(double troughAfterN, double troughAfterS, double endS, double amplitudeN);
    // The last interval began at `startS` (or earlier): a movement ending in a teardown was part
    // of it.
    void widenLast(double startS);
    // The band rests at `restN` now (a movement confirmed it), as of `atS`.
    void restAt(double restN, double atS);
    // The band rests at `restN` now (a movement ended there and the set went on from it), once
    // the force is seen resting there.
    void restMovedTo(double restN);
    // A reposition found from the movements: the rest tension moved to `restN`.
    void addReposition(double startS, double endS, double maxForceN, double restN);

    // Within this of a level the force has arrived at it (settling tails are farther).
    double arrivedTolerance(double level) const;
    // Below this the band is off (or slack).
    double offLevel() const;

private:
    double quietTolerance(double level) const;
    void updateQuiet(const Point& p);
    double settledSince(double level) const;
    std::optional<HandlingInterval> close(double endS, HandlingKind kind);
    void open(double startS, HandlingKind kind);

    HandlingConfig config_{};
    BandState state_ = BandState::Unknown;
    std::optional<double> rest_;
    double amplitude_ = 0;
    double sigma_ = 0;
    double lastAtRest_ = 0;
    double settled_ = 0;
    double lastOff_ = 0;
    double offSince_ = -1;
    double restSince_ = -1; // start of the current stretch at the rest tension
    double leaveAt_ = 0;
    double peakSinceRest_ = 0;
    double lastOffN_ = 0;     // the force the last time it was off
    double handlingLowN_ = 0; // the lowest force of the handling under way
    bool tornDown_ = false;   // the last interval was a teardown: a setup after it is a re-tie
    std::optional<HandlingInterval> open_;
    std::vector<HandlingInterval> intervals_;
    // Quiet detection: points of the last settleS with monotonic min/max queues.
    std::deque<Point> window_;
    std::deque<Point> minQ_, maxQ_;
    double windowSum_ = 0;
    bool quietNow_ = false;
    std::deque<QuietStretch> quiet_;
};

} // namespace bandstation::core
