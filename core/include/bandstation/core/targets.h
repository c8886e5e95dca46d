#pragma once

#include <optional>
#include <span>
#include <vector>

#include <bandstation/core/catalog.h>
#include <bandstation/core/measures.h>

namespace bandstation::core {

// What a set is judged against. Every part is optional: a rep is good when it meets the parts that
// are set.
struct Targets {
    std::optional<ForceZone> zone;
    std::optional<Tempo> tempo;
    double tempoTolerance = 0.20; // ± fraction of each expected phase duration
    std::optional<double> holdS;  // hold exercises: how long the hold should last
};

// The 10/90 % phase durations a well-executed prescribed tempo produces. A smooth (minimum-jerk)
// movement spends only about half its time between 10 % and 90 % of its force change, and the
// hold gains what the two movements lose: 2-1-2 measures about 1.0-2.0-1.0.
struct ExpectedPhases {
    double concentricS = 0;
    double holdS = 0;
    double eccentricS = 0;
};
ExpectedPhases expectedPhases(const Tempo& tempo);
// Start to end (10 % up to 10 % down) of a rep performed at this tempo.
double expectedRepDurationS(const Tempo& tempo);
// Fraction of a minimum-jerk movement's duration spent between 10 % and 90 % of its travel.
double minimumJerkTenNinetyFraction();

struct RepJudgement {
    std::optional<bool> inZone; // set when a zone is
    bool tempoJudged = false;   // a tempo is set and the sample rate supports judging it
    bool tooFastUp = false;     // concentric shorter than expected × (1 − tolerance)
    bool tooFastDown = false;   // eccentric likewise
    bool holdTooShort = false;  // hold below expected − tolerance × expected rep time
    bool good = true;
};
RepJudgement judgeRep(const Rep& rep, const Targets& targets, bool tempoReliable);

// A hold is good when it lasted kHoldDurationShare of its target (holdTooShort otherwise) and,
// when a zone is set, spent kHoldZoneShare of its time in it (inZone).
inline constexpr double kHoldDurationShare = 0.9;
inline constexpr double kHoldZoneShare = 0.8;
RepJudgement judgeHold(const Hold& hold, const Targets& targets);

// Limb symmetry index: 100 × weaker / stronger. Empty when either side has nothing to compare.
std::optional<double> limbSymmetryIndex(double sideA, double sideB);
// LSI of two sides' sets on mean peak force.
std::optional<double> peakForceSymmetry(std::span<const Rep> sideA, std::span<const Rep> sideB);
inline constexpr double kSymmetryConcern = 90.0; // below this, worth a coach's look

struct SetSummary {
    int reps = 0;
    int goodReps = 0;
    double meanPeakForceN = 0;
    double meanImpulseNs = 0;
    double totalTutS = 0;
    double meanCycleS = 0; // mean start-to-start time between consecutive reps or steps
    double cadenceCv = 0;  // evenness: stddev / mean of those intervals
    int directions = 0;    // walks: stretches of steps separated by a pause (turns)
    int slackSteps = 0;    // walks: steps whose trough fell below half the set's median trough
};
// Walks keep the band under tension: a trough below this fraction of the set's median trough means
// the band went slack between steps.
inline constexpr double kSlackTroughFraction = 0.5;

// `judgements` parallel to `reps` (may be empty: then no rep counts as good).
SetSummary summarizeSet(std::span<const Rep> reps, std::span<const RepJudgement> judgements,
                        MovementKind kind);

// For walks: the index of the direction (0, 1, …) each step belongs to. A pause longer than
// max(1.5 s, 2.5 × the median of the step intervals before it) between two steps is a turn.
// Causal, step by step, so the live station and an analysis of the whole set agree.
std::vector<int> stepDirections(std::span<const Rep> steps);
// The same, one step at a time.
class TurnCounter {
public:
    // The direction of a step that starts at `startS`.
    int next(double startS);

private:
    std::vector<double> intervals_; // within a direction
    double lastStartS_ = 0;
    int steps_ = 0;
    int direction_ = 0;
};

} // namespace bandstation::core
