#pragma once

#include <optional>
#include <string>
#include <vector>

#include <bandstation/core/analyzer.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/targets.h>
#include <bandstation/db/records.h>

namespace bandstation::daemon {

// One set as it happens: the analyzer over the set's force, each completed rep, step or hold
// judged against the targets with the cues to show, and the set's result at the end.
// Thread: the io thread (pure computation).
class SetTracker {
public:
    SetTracker(const core::Exercise& exercise, const core::Targets& targets, double sampleRateHz,
               std::optional<double> targetHoldS);

    // Feeds one sample (in time order); returns the movement it completed, if any.
    std::optional<db::RepRecord> process(const core::ForceSample& sample);
    // End of the set: completes a movement whose force has come back down.
    std::optional<db::RepRecord> finish();

    int count() const { return static_cast<int>(records_.size()); }
    int goodCount() const;
    const core::Targets& targets() const { return targets_; }
    const std::vector<db::RepRecord>& records() const { return records_; }
    bool tempoReliable() const { return analyzer_.tempoReliable(); }
    core::AnalyzerCounters counters() const { return analyzer_.counters(); }
    db::SetResult result(const std::string& endedAt, db::Status status) const;

private:
    std::optional<db::RepRecord> completed();

    const core::Exercise& exercise_;
    core::Targets targets_;
    std::optional<double> targetHoldS_;
    core::Analyzer analyzer_;
    std::vector<db::RepRecord> records_;
};

// Short instructions for the athlete after a movement: what to change, or praise.
std::vector<std::string> cuesFor(const db::RepRecord& record, core::MovementKind kind,
                                 const core::Targets& targets);

} // namespace bandstation::daemon
