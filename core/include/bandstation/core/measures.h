#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace bandstation::core {

// A point of the filtered force: seconds on the caller's time base, newtons.
struct Point {
    double t = 0.0;
    double f = 0.0;
};

// A target band of force, newtons.
struct ForceZone {
    double lowN = 0;
    double highN = 0;
    bool contains(double forceN) const { return forceN >= lowN && forceN <= highN; }
};

// One rep (or one step of a walk) with the phase instants of EXERCISES.md. Times are on the time
// base of the points it was measured on.
struct Rep {
    double startS = 0, concentricEndS = 0, peakS = 0, eccentricStartS = 0, endS = 0;
    double concentricS = 0, holdS = 0, eccentricS = 0;
    double peakForceN = 0, meanForceN = 0, troughBeforeN = 0, troughAfterN = 0;
    double amplitudeN = 0;          // peak − trough before
    double impulseNs = 0;           // ∫ (force − lower trough) dt over [start, end], N·s
    double tutS = 0;                // time under tension: end − start
    std::optional<double> rfdNPerS; // peak rate of force development; only at ≥ 320 samples/s
};

// One isometric hold, by the level-based definition of the traces README.
struct Hold {
    double startS = 0, endS = 0, durationS = 0;
    double levelN = 0, meanForceN = 0, peakForceN = 0, troughBeforeN = 0, troughAfterN = 0;
    double steadinessCv = 0;           // standard deviation / mean of the force over [start, end]
    std::optional<double> timeInZoneS; // time within the target zone during [start, end]
};

// A candidate cycle: the points from the previous cycle's peak (or the start of the data) through
// at least this cycle's trough after. Indices into `points`: the troughs before and after, and the
// peak between them. troughBefore may lie below the points' start (the detector dropped older
// points of a long idle stretch), so its value is given separately.
struct CycleView {
    std::span<const Point> points;
    std::size_t troughBeforeIdx = 0;
    std::size_t peak = 0;
    std::size_t troughAfterIdx = 0;
    double troughBefore = 0;
    double troughAfter = 0;
};

// The 10/90 % phases, peak, mean, impulse and time under tension of a cycle. RFD over `rfdWindowS`
// when `withRfd`. Returns nothing when a crossing cannot be found (the cycle is cut by the data).
std::optional<Rep> measureRep(const CycleView& cycle, bool withRfd, double rfdWindowS = 0.02);

// The level, start, end, mean and steadiness of a hold, and its time in `zone` when given.
std::optional<Hold> measureHold(const CycleView& cycle,
                                const std::optional<ForceZone>& zone = std::nullopt);

// A hold in the shape of a rep, for what summarizes both: its duration is the time under tension
// and the hold phase, its amplitude the level above the trough before.
Rep holdAsRep(const Hold& hold);

// Linear interpolation of the instant where the segment p→q crosses `level`.
double crossingTime(const Point& p, const Point& q, double level);

} // namespace bandstation::core
