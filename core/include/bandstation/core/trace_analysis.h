#pragma once

#include <string>
#include <vector>

#include <bandstation/core/analyzer.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/sample.h>
#include <bandstation/core/set_analysis.h>
#include <bandstation/core/targets.h>

namespace bandstation::core {

// Everything known about one recorded set: what `bandstation analyze` prints, and what the station
// computes when it re-analyses stored samples.
struct TraceAnalysis {
    const Exercise* exercise = nullptr;
    double sampleRateHz = 0; // the rate used: nominal when given and plausible, else measured
    double measuredRateHz = 0;
    std::size_t samples = 0;
    double durationS = 0;                 // last timestamp − first
    std::vector<Movement> movements;      // as the set's judge reported them, in order
    std::vector<Rep> reps;                // steps for walks
    std::vector<RepJudgement> judgements; // parallel to reps
    std::vector<int> directions;          // walks: parallel to reps
    std::vector<Hold> holds;
    std::vector<RepJudgement> holdJudgements; // parallel to holds
    std::vector<HandlingInterval> handling;   // the band put on, moved, taken off
    SetSummary summary;
    AnalyzerCounters counters;
    bool tempoReliable = false;
    std::vector<std::string> warnings;
};

// Runs the set's judge (SetAnalysis) over samples in time order, as the station does live.
// `nominalRateHz` (0 when unknown) is what the recording says its rate was; the measured median
// period is used when it disagrees by > 10 %. Times in the result are seconds since the first
// sample.
TraceAnalysis analyzeSamples(const std::vector<ForceSample>& samples, const Exercise& exercise,
                             const Targets& targets, double nominalRateHz);

// The exercise's default targets: its prescribed tempo (reps) or hold duration (holds), no force
// zone.
Targets defaultTargets(const Exercise& exercise);

} // namespace bandstation::core
