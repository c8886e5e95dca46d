#pragma once

#include <span>
#include <string>
#include <vector>

#include <bandstation/core/catalog.h>
#include <bandstation/core/set_analysis.h>
#include <bandstation/core/targets.h>
#include <bandstation/db/records.h>

namespace bandstation::daemon {

// One movement of the running set, as the station stores and sends it.
struct TrackedMovement {
    db::RepRecord record;
    std::vector<std::string> cues; // what to show the athlete
};

// One set as it happens: wiring between the station and core's judge of a set (SetAnalysis),
// which decides what a rep is and whether it was good; this class only turns its movements into
// records to store and send.
// Thread: the io thread (pure computation).
class SetTracker {
public:
    SetTracker(const core::Exercise& exercise, const core::Targets& targets, double sampleRateHz);

    // Feeds one sample (in time order); returns the movements it completed (usually none).
    std::span<const TrackedMovement> process(const core::ForceSample& sample);
    // End of the set: completes what is still open.
    std::span<const TrackedMovement> finish();

    int count() const { return static_cast<int>(tracked_.size()); }
    int goodCount() const { return analysis_.goodCount(); }
    const core::Targets& targets() const { return analysis_.targets(); }
    const core::SetAnalysis& analysis() const { return analysis_; }
    bool tempoReliable() const { return analysis_.tempoReliable(); }
    core::AnalyzerCounters counters() const { return analysis_.counters(); }
    db::SetResult result(const std::string& endedAt, db::Status status) const;

private:
    std::span<const TrackedMovement> track();

    core::SetAnalysis analysis_;
    std::vector<TrackedMovement> tracked_;
};

} // namespace bandstation::daemon
