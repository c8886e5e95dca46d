#pragma once

#include <optional>
#include <string>
#include <vector>

#include <bandstation/core/analyzer.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/handling.h>
#include <bandstation/core/measures.h>
#include <bandstation/core/sample.h>
#include <bandstation/core/targets.h>

namespace bandstation::core {

// One movement of a set as judged: a rep or a step (with its direction for walks), or a hold.
struct Movement {
    MovementKind kind = MovementKind::Rep;
    Rep rep;                  // reps and steps
    std::optional<Hold> hold; // holds
    RepJudgement judgement;
    std::optional<int> direction; // walks: 0 for the first direction, 1 after the first turn, …
};

// The judge of one set: the analyzer over its force, each movement judged against the targets as
// it completes, the directions of a walk, and the set's summary. The one implementation of what a
// rep is and whether it was good: the station runs it live on each set, `bandstation analyze`
// on a recording, and the same samples give the same movements and verdicts.
//
// Threading: one owner. Pure computation: no clock, no I/O.
class SetAnalysis {
public:
    SetAnalysis(const Exercise& exercise, const Targets& targets, double sampleRateHz);

    // Feeds one sample (in time order). Returns how many movements it completed; they are the
    // last ones of movements().
    int process(const ForceSample& sample);
    // End of the set: completes what is still open.
    int finish();

    const Exercise& exercise() const { return *exercise_; }
    const Targets& targets() const { return targets_; }
    const std::vector<Movement>& movements() const { return movements_; }
    int goodCount() const;
    const std::vector<HandlingInterval>& handling() const { return analyzer_.handling(); }
    std::optional<HandlingInterval> handlingInProgress() const
    {
        return analyzer_.handlingInProgress();
    }
    BandState band() const { return analyzer_.band(); }
    AnalyzerCounters counters() const { return analyzer_.counters(); }
    bool tempoReliable() const { return analyzer_.tempoReliable(); }
    SetSummary summary() const;

private:
    int judged(int completed);

    const Exercise* exercise_;
    Targets targets_;
    Analyzer analyzer_;
    TurnCounter turns_;
    std::vector<Movement> movements_;
};

// The analyzer settings for an exercise judged against these targets at a sample rate.
AnalyzerConfig analyzerConfigFor(const Exercise& exercise, const Targets& targets,
                                 double sampleRateHz);

// Short instructions for the athlete after a movement: what to change, or praise.
std::vector<std::string> cuesFor(const Movement& movement, const Targets& targets);

} // namespace bandstation::core
