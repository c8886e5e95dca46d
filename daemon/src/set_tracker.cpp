#include "bandstation/daemon/set_tracker.h"

#include <algorithm>

namespace bandstation::daemon {

namespace {

// A hold counts as good when it lasted 90 % of its target and stayed in the zone (when one is set)
// for 80 % of its time.
constexpr double kHoldDurationShare = 0.9;
constexpr double kHoldZoneShare = 0.8;

} // namespace

SetTracker::SetTracker(const core::Exercise& exercise, const core::Targets& targets,
                       double sampleRateHz, std::optional<double> targetHoldS)
    : exercise_(exercise), targets_(targets), targetHoldS_(targetHoldS)
{
    auto config = core::analyzerConfigFor(exercise.kind, sampleRateHz);
    config.zone = targets.zone;
    analyzer_.configure(config);
}

std::optional<db::RepRecord> SetTracker::process(const core::ForceSample& sample)
{
    if (analyzer_.process(sample) == 0) {
        return std::nullopt;
    }
    return completed();
}

std::optional<db::RepRecord> SetTracker::finish()
{
    if (analyzer_.finish() == 0) {
        return std::nullopt;
    }
    return completed();
}

std::optional<db::RepRecord> SetTracker::completed()
{
    const int index = count();
    if (exercise_.kind == core::MovementKind::Hold) {
        if (analyzer_.holds().size() <= records_.size()) {
            return std::nullopt;
        }
        const auto& hold = analyzer_.holds().back();
        bool good = !targetHoldS_ || hold.durationS >= kHoldDurationShare * *targetHoldS_;
        if (hold.timeInZoneS && hold.durationS > 0) {
            good = good && *hold.timeInZoneS >= kHoldZoneShare * hold.durationS;
        }
        records_.push_back(db::holdRecord(index, hold, good));
        return records_.back();
    }
    const auto& reps = analyzer_.reps();
    if (reps.size() <= records_.size()) {
        return std::nullopt;
    }
    db::RepRecord record;
    record.index = index;
    record.kind = exercise_.kind;
    record.rep = reps.back();
    record.judgement = core::judgeRep(record.rep, targets_, analyzer_.tempoReliable());
    if (exercise_.kind == core::MovementKind::Step) {
        record.direction = core::stepDirections(reps).back();
    }
    records_.push_back(record);
    return records_.back();
}

int SetTracker::goodCount() const
{
    return static_cast<int>(std::count_if(records_.begin(), records_.end(),
                                          [](const auto& r) { return r.judgement.good; }));
}

db::SetResult SetTracker::result(const std::string& endedAt, db::Status status) const
{
    db::SetResult result;
    result.endedAt = endedAt;
    result.status = status;
    std::vector<core::Rep> reps;
    std::vector<core::RepJudgement> judgements;
    for (const auto& r : records_) {
        reps.push_back(r.rep);
        judgements.push_back(r.judgement);
    }
    result.summary = core::summarizeSet(reps, judgements, exercise_.kind);
    if (exercise_.kind == core::MovementKind::Hold && !analyzer_.holds().empty()) {
        const auto& hold = analyzer_.holds().back();
        result.holdDurationS = hold.durationS;
        result.timeInZoneS = hold.timeInZoneS;
    }
    return result;
}

std::vector<std::string> cuesFor(const db::RepRecord& record, core::MovementKind kind,
                                 const core::Targets& targets)
{
    std::vector<std::string> cues;
    const auto& j = record.judgement;
    if (kind == core::MovementKind::Hold) {
        cues.emplace_back(j.good ? "Good hold" : "Hold steady in the zone for the whole time");
        return cues;
    }
    if (j.inZone && !*j.inZone && targets.zone) {
        cues.emplace_back(record.rep.peakForceN < targets.zone->lowN
                              ? "Push further: reach the zone"
                              : "Ease off: stay in the zone");
    }
    if (j.tooFastUp) {
        cues.emplace_back("Slower on the way up");
    }
    if (j.holdTooShort) {
        cues.emplace_back("Hold longer at the top");
    }
    if (j.tooFastDown) {
        cues.emplace_back("Lower slowly");
    }
    if (cues.empty()) {
        cues.emplace_back(kind == core::MovementKind::Step ? "Good step" : "Good rep");
    }
    return cues;
}

} // namespace bandstation::daemon
