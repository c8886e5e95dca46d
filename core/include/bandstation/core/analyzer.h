#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include <bandstation/core/catalog.h>
#include <bandstation/core/cycle_detector.h>
#include <bandstation/core/handling.h>
#include <bandstation/core/low_pass.h>
#include <bandstation/core/measures.h>
#include <bandstation/core/sample.h>
#include <bandstation/core/spike_filter.h>

namespace bandstation::core {

// Below this rate the phase instants are too coarse to judge tempo (a 0.2 s edge is two samples
// at 10 samples/s): reps are counted and their peak force reported, tempo is not judged.
inline constexpr double kMinTempoRateHz = 40.0;
// RFD needs the force's fast rise resolved; below this rate it is not reported.
inline constexpr double kMinRfdRateHz = 320.0;

struct AnalyzerConfig {
    MovementKind kind = MovementKind::Rep;
    double sampleRateHz = 80.0;
    SpikeFilterConfig spike{};
    LowPassConfig lowPass{};
    CycleDetectorConfig detector{};
    HandlingConfig handling{};
    bool rfd = false;
    std::optional<ForceZone> zone; // holds: measure the time spent in it
    // What the prescription makes one movement last (start to end, 10 % to 10 %), when known. A
    // movement of at least `prescribedDurationGate` of it counts even among much slower ones: an
    // athlete who alternates slow and fast reps (half to double the tempo) does reps, not twitches.
    std::optional<double> expectedDurationS;
    double prescribedDurationGate = 0.3;
    // A movement must rise by at least this fraction of the band's rest tension: the wander of a
    // band at rest (breathing, sway, a coarse quantization) is no rep.
    double restAmplitudeGate = 0.1;
    // After a movement the force rests this long at a tension other than the band's rest: the
    // band was moved or re-tied, and what happened since it left its rest is handling.
    double repositionS = 1.5;
    // A movement this long after the last one (and twice the set's usual pause) is provisional:
    // it counts once the band has settled at its rest after it, or the set goes on. The first
    // "step" after a walk has stopped, the first "rep" after a long pause, is often the band
    // being moved or taken off.
    double pauseS = 1.0;
};

// Sensible settings for an exercise kind at a sample rate: filter bandwidth for the movement's
// speed, duration gates for a rep, a step or a hold.
AnalyzerConfig analyzerConfigFor(MovementKind kind, double sampleRateHz);

struct AnalyzerCounters {
    std::uint64_t samples = 0;
    std::uint64_t glitches = 0;       // samples the spike filter removed
    std::uint64_t gaps = 0;           // places where samples were missing
    std::uint64_t rejectedCycles = 0; // movements too small, too short or too long to count
    std::uint64_t handlingCycles = 0; // cycles of force during handling, not counted
};

// The whole signal chain for one set: spike rejection → low-pass → handling and cycle detection →
// measures. Times of the results are seconds since the first sample. Feed samples in time order;
// a call may complete reps (or steps) or a hold, appended to reps() / holds().
//
// A movement is reported once it is final: the band is back at its rest tension after it (or the
// data ended). One that ends at a new tension waits until the force comes back, or settles
// there (the band was moved: handling), or the next movement starts from there (the rest tension
// changed). Handling (the band put on, moved, taken off) is reported in handling(); no movement
// inside it counts, and the troughs of the movements beside it are measured from the settled
// tension, not from the force during handling.
//
// Threading: one owner. Pure computation: no clock, no I/O.
class Analyzer {
public:
    void configure(const AnalyzerConfig& config);
    void reset();

    // Returns the number of reps, steps or holds this sample completed.
    int process(const ForceSample& sample);
    // End of data: completes what is still open.
    int finish();

    const std::vector<Rep>& reps() const { return reps_; }
    const std::vector<Hold>& holds() const { return holds_; }
    const std::vector<HandlingInterval>& handling() const { return handling_.intervals(); }
    // Handling under way (the band being put on or taken off), if any.
    std::optional<HandlingInterval> handlingInProgress() const { return handling_.openInterval(); }
    BandState band() const { return handling_.state(); }
    AnalyzerCounters counters() const;
    bool tempoReliable() const { return config_.sampleRateHz >= kMinTempoRateHz; }

private:
    struct Pending {
        std::optional<Rep> rep;
        std::optional<Hold> hold;
        double startS = 0, peakS = 0, peakN = 0;
        double troughBeforeN = 0, troughAfterN = 0, troughAfterS = 0;
        double amplitudeN = 0, durationS = 0;
        bool jump = false;        // ended at a tension other than the band's rest
        bool confirmed = false;   // final although the band has not come back to its old rest
        bool typical = true;      // like the set's recent movements in duration and amplitude
        bool alike = true;        // ... closely
        bool provisional = false; // waits for the band to settle, or the next movement
        bool slack = false;       // the force was at zero before or after it
    };

    int filtered(const ForceSample& sample);
    void cycle(const Cycle& cycle);
    std::optional<Pending> measure(const CycleView& view, double amplitudeN) const;
    bool accepted(const Pending& p) const;
    bool durationAccepted(double seconds) const;
    // Within these factors of the recent median duration and amplitude.
    struct Likeness {
        double durationLow, durationHigh, amplitudeLow, amplitudeHigh;
    };
    static const Likeness kTypical, kAlike;
    bool like(const Pending& p, const Likeness& within) const;
    // Marks a movement that ended away from the band's rest, or finds that it rose from a new
    // rest (the band moved before it). Returns where the cycle search restarts, if it must.
    std::optional<double> classify(Pending& p, const CycleView& view);
    // The movement `next` tells what the one waiting before it was: confirmed, or the band being
    // moved (returns where the cycle search restarts).
    std::optional<double> confirmHeld(const Pending& next, const CycleView& view);
    // A movement that ended at a new tension counts when it looks closely like the set's
    // movements and either the band came back to its rest after its peak (then settled lower or
    // higher: the athlete changed stance) or its trough only crept (the athlete no longer lowers
    // all the way). A force that went straight to a new tension was the band being moved.
    bool movedOn(const Pending& p) const;
    double pauseS() const;
    void settleRest();
    // Records the band moved from its last rest until `endS`, resting at `restN` now; returns
    // `endS` (the caller restarts the cycle search there).
    double reposition(double endS, double restN);
    // Where the force arrived at the level of the quiet stretch `q`, of `points`: after the last
    // point still on its way there (a slow creep to a new rest can be quiet long before it
    // arrives, and what it has not reached must not become the next movement's trough). Returns
    // the instant and the level.
    std::pair<double, double> arrived(std::span<const Point> points, const QuietStretch& q) const;
    void handlingClosed(const HandlingInterval& interval);
    bool inHandling(double tS) const;
    int release(bool final);

    AnalyzerConfig config_{};
    SpikeFilter spike_;
    LowPass lowPass_;
    HandlingDetector handling_;
    CycleDetector detector_;
    std::deque<Pending> pending_;
    std::vector<Rep> reps_;
    std::vector<Hold> holds_;
    std::deque<double> durations_;  // of the last counted reps or steps
    std::deque<double> amplitudes_; // of the last counted movements
    std::deque<double> pauses_;     // between the last movements
    std::int64_t originNs_ = 0;
    bool started_ = false;
    std::uint64_t samples_ = 0;
    std::uint64_t gaps_ = 0;
    std::uint64_t rejected_ = 0;
    std::uint64_t handlingCycles_ = 0;
    std::int64_t lastNs_ = 0;
    double lastT_ = 0;
    double lastMovementEndS_ = 0;
};

} // namespace bandstation::core
