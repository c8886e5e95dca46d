#include "bandstation/core/targets.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "median.h"

namespace bandstation::core {

namespace {

constexpr double minimumJerk(double tau)
{
    return tau * tau * tau * (10.0 - 15.0 * tau + 6.0 * tau * tau);
}

// τ where a minimum-jerk movement has covered 10 % of its travel, by bisection.
constexpr double minimumJerkTenPercent()
{
    double lo = 0.0, hi = 0.5;
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (lo + hi);
        (minimumJerk(mid) < 0.1 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

constexpr double kTenPercentTau = minimumJerkTenPercent();

// A pause between two steps longer than both of these is a turn.
constexpr double kMinTurnS = 1.5;
constexpr double kTurnOfInterval = 2.5;

using detail::median;

} // namespace

double minimumJerkTenNinetyFraction()
{
    return 1.0 - 2.0 * kTenPercentTau;
}

ExpectedPhases expectedPhases(const Tempo& t)
{
    const double f = minimumJerkTenNinetyFraction();
    return {f * t.upS, t.holdS + kTenPercentTau * (t.upS + t.downS), f * t.downS};
}

double expectedRepDurationS(const Tempo& t)
{
    return (1.0 - kTenPercentTau) * (t.upS + t.downS) + t.holdS;
}

RepJudgement judgeRep(const Rep& rep, const Targets& targets, bool tempoReliable)
{
    RepJudgement j;
    if (targets.zone) {
        j.inZone = targets.zone->contains(rep.peakForceN);
        j.good = *j.inZone;
    }
    if (targets.tempo && tempoReliable) {
        j.tempoJudged = true;
        const auto e = expectedPhases(*targets.tempo);
        const double low = 1.0 - targets.tempoTolerance;
        j.tooFastUp = rep.concentricS < e.concentricS * low;
        j.tooFastDown = rep.eccentricS < e.eccentricS * low;
        // The 10/90 % hold's edges move with anything that shifts the 90 % level (the band's
        // stiffening and stress relaxation, tremor on the peak), by an amount that scales with
        // the movements' durations, not the hold's. So its allowance is the tolerance of the
        // whole rep: a skipped or clearly cut hold is caught, a correct one never is.
        const double tut = e.concentricS + e.holdS + e.eccentricS;
        j.holdTooShort = rep.holdS < e.holdS - targets.tempoTolerance * tut;
        j.good = j.good && !j.tooFastUp && !j.tooFastDown && !j.holdTooShort;
    }
    return j;
}

RepJudgement judgeHold(const Hold& hold, const Targets& targets)
{
    RepJudgement j;
    if (targets.holdS) {
        j.holdTooShort = hold.durationS < kHoldDurationShare * *targets.holdS;
    }
    if (targets.zone && hold.timeInZoneS) {
        j.inZone = hold.durationS > 0 && *hold.timeInZoneS >= kHoldZoneShare * hold.durationS;
    }
    j.good = !j.holdTooShort && j.inZone.value_or(true);
    return j;
}

std::optional<double> limbSymmetryIndex(double a, double b)
{
    if (!(a > 0) || !(b > 0) || !std::isfinite(a) || !std::isfinite(b)) {
        return std::nullopt;
    }
    return 100.0 * std::min(a, b) / std::max(a, b);
}

std::optional<double> peakForceSymmetry(std::span<const Rep> a, std::span<const Rep> b)
{
    if (a.empty() || b.empty()) {
        return std::nullopt;
    }
    const auto mean = [](std::span<const Rep> reps) {
        double s = 0;
        for (const auto& r : reps) {
            s += r.peakForceN;
        }
        return s / static_cast<double>(reps.size());
    };
    return limbSymmetryIndex(mean(a), mean(b));
}

int TurnCounter::next(double startS)
{
    if (steps_++ > 0) {
        const double interval = startS - lastStartS_;
        if (interval > std::max(kMinTurnS, kTurnOfInterval * median(intervals_))) {
            ++direction_;
        } else {
            intervals_.push_back(interval);
        }
    }
    lastStartS_ = startS;
    return direction_;
}

std::vector<int> stepDirections(std::span<const Rep> steps)
{
    TurnCounter turns;
    std::vector<int> out;
    for (const auto& s : steps) {
        out.push_back(turns.next(s.startS));
    }
    return out;
}

SetSummary summarizeSet(std::span<const Rep> reps, std::span<const RepJudgement> judgements,
                        MovementKind kind)
{
    SetSummary s;
    s.reps = static_cast<int>(reps.size());
    for (std::size_t i = 0; i < reps.size(); ++i) {
        s.meanPeakForceN += reps[i].peakForceN;
        s.meanImpulseNs += reps[i].impulseNs;
        s.totalTutS += reps[i].tutS;
        if (i < judgements.size() && judgements[i].good) {
            ++s.goodReps;
        }
    }
    if (s.reps > 0) {
        s.meanPeakForceN /= s.reps;
        s.meanImpulseNs /= s.reps;
    }
    // Cadence over intervals within one direction (a turn is not a slow step).
    const auto dirs =
        kind == MovementKind::Step ? stepDirections(reps) : std::vector<int>(reps.size(), 0);
    std::vector<double> intervals;
    for (std::size_t i = 1; i < reps.size(); ++i) {
        if (dirs[i] == dirs[i - 1]) {
            intervals.push_back(reps[i].startS - reps[i - 1].startS);
        }
    }
    s.directions = reps.empty() ? 0 : dirs.back() + 1;
    if (kind == MovementKind::Step && !reps.empty()) {
        std::vector<double> troughs;
        for (const auto& r : reps) {
            troughs.push_back(std::min(r.troughBeforeN, r.troughAfterN));
        }
        const double floor = kSlackTroughFraction * median(troughs);
        s.slackSteps = static_cast<int>(
            std::count_if(troughs.begin(), troughs.end(), [floor](double t) { return t < floor; }));
    }
    if (!intervals.empty()) {
        double sum = 0, sq = 0;
        for (double v : intervals) {
            sum += v;
        }
        s.meanCycleS = sum / static_cast<double>(intervals.size());
        for (double v : intervals) {
            sq += (v - s.meanCycleS) * (v - s.meanCycleS);
        }
        s.cadenceCv = std::sqrt(sq / static_cast<double>(intervals.size())) / s.meanCycleS;
    }
    return s;
}

} // namespace bandstation::core
