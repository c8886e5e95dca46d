#include "bandstation/daemon/set_tracker.h"

namespace bandstation::daemon {

SetTracker::SetTracker(const core::Exercise& exercise, const core::Targets& targets,
                       double sampleRateHz)
    : analysis_(exercise, targets, sampleRateHz)
{
}

std::span<const TrackedMovement> SetTracker::process(const core::ForceSample& sample)
{
    return analysis_.process(sample) > 0 ? track() : std::span<const TrackedMovement>{};
}

std::span<const TrackedMovement> SetTracker::finish()
{
    analysis_.finish();
    return track();
}

std::span<const TrackedMovement> SetTracker::track()
{
    const auto& movements = analysis_.movements();
    const auto first = tracked_.size();
    for (auto n = first; n < movements.size(); ++n) {
        const auto& m = movements[n];
        TrackedMovement t;
        const int index = static_cast<int>(n);
        if (m.hold) {
            t.record = db::holdRecord(index, *m.hold, m.judgement);
        } else {
            t.record.index = index;
            t.record.kind = m.kind;
            t.record.rep = m.rep;
            t.record.judgement = m.judgement;
            t.record.direction = m.direction;
        }
        t.cues = core::cuesFor(m, analysis_.targets());
        tracked_.push_back(std::move(t));
    }
    return std::span<const TrackedMovement>(tracked_).subspan(first);
}

db::SetResult SetTracker::result(const std::string& endedAt, db::Status status) const
{
    db::SetResult result;
    result.endedAt = endedAt;
    result.status = status;
    result.summary = analysis_.summary();
    const auto& movements = analysis_.movements();
    if (!movements.empty() && movements.back().hold) {
        const auto& hold = *movements.back().hold;
        result.holdDurationS = hold.durationS;
        result.timeInZoneS = hold.timeInZoneS;
    }
    return result;
}

} // namespace bandstation::daemon
