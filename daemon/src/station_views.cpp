// Station: turning a set request into a block of sets, and the JSON views of the live state.
#include <cmath>

#include <boost/json.hpp>

#include <bandstation/core/trace_analysis.h>

#include "station_internal.h"

namespace bandstation::daemon {

namespace json = boost::json;

namespace {

json::value number(double v)
{
    return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

json::value optionalNumber(const std::optional<double>& v)
{
    return v ? number(*v) : json::value(nullptr);
}

json::value zoneJson(const std::optional<core::ForceZone>& zone)
{
    if (!zone) {
        return nullptr;
    }
    return json::object{{"low_n", zone->lowN}, {"high_n", zone->highN}};
}

json::value tempoJson(const std::optional<core::Tempo>& tempo)
{
    if (!tempo) {
        return nullptr;
    }
    const auto expected = core::expectedPhases(*tempo);
    return json::object{{"up_s", tempo->upS},
                        {"hold_s", tempo->holdS},
                        {"down_s", tempo->downS},
                        {"bottom_pause_s", tempo->bottomPauseS},
                        {"expected_concentric_s", expected.concentricS},
                        {"expected_hold_s", expected.holdS},
                        {"expected_eccentric_s", expected.eccentricS}};
}

json::object handlingJson(const core::HandlingInterval& h, bool open)
{
    return json::object{{"kind", core::toString(h.kind)},
                        {"start_s", h.startS},
                        {"end_s", open ? json::value(nullptr) : json::value(h.endS)},
                        {"max_force_n", number(h.maxForceN)}};
}

// The band put on, moved or taken off during the set (seconds since the set's first sample); the
// last one has no end while it goes on.
json::array handlingJson(const core::SetAnalysis& analysis)
{
    json::array out;
    for (const auto& h : analysis.handling()) {
        out.emplace_back(handlingJson(h, false));
    }
    if (const auto open = analysis.handlingInProgress()) {
        out.emplace_back(handlingJson(*open, true));
    }
    return out;
}

void checkSide(const core::Exercise& exercise, const std::string& side)
{
    const bool unilateral = exercise.sides == core::Sides::LeftRight;
    if (unilateral ? (side.empty() || side == "left" || side == "right") : side.empty()) {
        return;
    }
    throw StationError(StationError::Kind::Invalid,
                       std::string(exercise.id) +
                           (unilateral ? " takes side left or right" : " takes no side"));
}

} // namespace

Station::Block Station::makeBlock(const SetRequest& request) const
{
    const auto* exercise = core::findExercise(request.exercise);
    if (!exercise) {
        throw StationError(StationError::Kind::NotFound,
                           "no exercise '" + request.exercise + "' (see GET /api/v1/exercises)");
    }
    checkSide(*exercise, request.side);
    if (request.zonePercent && !(session_ && session_->athleteId)) {
        throw StationError(StationError::Kind::Invalid,
                           "a zone in percent needs a session with an athlete");
    }
    Block b;
    b.request = request;
    b.exercise = exercise;
    b.targets = core::defaultTargets(*exercise);
    if (request.tempo) {
        b.targets.tempo = request.tempo;
    }
    if (request.tempoTolerance) {
        b.targets.tempoTolerance = *request.tempoTolerance;
    }
    b.targets.zone = request.zone;
    const int reps = request.reps.value_or(exercise->reps);
    const bool walk = exercise->kind == core::MovementKind::Step;
    b.targetCount = exercise->kind == core::MovementKind::Hold
                        ? 1
                        : reps * (walk && exercise->sides == core::Sides::Directions ? 2 : 1);
    b.alternate = exercise->sides == core::Sides::LeftRight && request.side.empty();
    b.firstSide = exercise->sides == core::Sides::LeftRight
                      ? (request.side.empty() ? "left" : request.side)
                      : "";
    b.setsPlanned = request.sets.value_or(exercise->sets) * (b.alternate ? 2 : 1);
    b.restS = request.restS.value_or(exercise->restS);
    if (exercise->kind == core::MovementKind::Hold) {
        b.holdS = request.holdS.value_or(exercise->holdS);
    }
    if (request.zonePercent) {
        zoneFor(b, b.firstSide); // refuses now, not at the next set, when there is no best yet
    }
    return b;
}

std::optional<core::ForceZone> Station::zoneFor(const Block& block, const std::string& side) const
{
    if (!block.request.zonePercent) {
        return block.targets.zone;
    }
    const db::BestKey key{*session_->athleteId, std::string(block.exercise->id), side,
                          block.request.bandColour};
    const auto best = this->best(key);
    if (!best) {
        throw StationError(StationError::Kind::Conflict,
                           "no earlier reps of " + key.exerciseId +
                               (side.empty() ? "" : " " + side) +
                               " with this band to take a percentage of: give the zone in newtons");
    }
    const auto [low, high] = *block.request.zonePercent;
    return core::ForceZone{*best * low / 100.0, *best * high / 100.0};
}

std::optional<double> Station::best(const db::BestKey& key) const
{
    auto stored = links_.bestPeak ? links_.bestPeak(key) : std::nullopt;
    const auto it = bests_.find({key.athleteId, key.exerciseId, key.side, key.bandColour});
    if (it != bests_.end() && (!stored || it->second > *stored)) {
        return it->second;
    }
    return stored;
}

hw::AthletePlan athletePlan(const Station::Block& block, const core::Targets& targets)
{
    hw::AthletePlan plan;
    plan.exercise = std::string(block.exercise->id);
    plan.targets = targets;
    plan.reps = block.request.reps.value_or(block.exercise->reps);
    plan.sets = 1; // the station starts each set; the athlete does one at a time
    plan.restS = 0;
    plan.repeat = false;
    plan.holdS = block.holdS.value_or(0);
    return plan;
}

json::object Station::state(std::int64_t nowNs) const
{
    json::object o{{"type", "state"}, {"phase", toString(phase_)}};
    o["session"] = session_
                       ? json::value(json::object{
                             {"id", session_->id},
                             {"athlete_id", session_->athleteId ? json::value(*session_->athleteId)
                                                                : json::value(nullptr)},
                             {"started_at", session_->startedAt},
                             {"sets", setsInSession_}})
                       : json::value(nullptr);
    if (set_ && block_) {
        const auto& t = set_->tracker.targets();
        json::array cues;
        for (const auto& c : set_->cues) {
            cues.emplace_back(c);
        }
        o["set"] = json::object{{"id", set_->id},
                                {"exercise", block_->exercise->id},
                                {"name", block_->exercise->name},
                                {"kind", core::toString(block_->exercise->kind)},
                                {"side", set_->side},
                                {"number", set_->number},
                                {"of", block_->setsPlanned},
                                {"target", block_->targetCount},
                                {"target_hold_s", optionalNumber(block_->holdS)},
                                {"count", set_->tracker.count()},
                                {"good", set_->tracker.goodCount()},
                                {"zone", zoneJson(t.zone)},
                                {"tempo", tempoJson(t.tempo)},
                                {"tempo_judged", set_->tracker.tempoReliable()},
                                {"cues", std::move(cues)},
                                {"band", core::toString(set_->tracker.analysis().band())},
                                {"handling", handlingJson(set_->tracker.analysis())}};
    } else {
        o["set"] = nullptr;
    }
    if (phase_ == Phase::Rest && block_) {
        const bool switchSide = block_->alternate;
        o["rest"] = json::object{
            {"remaining_s", std::max(0.0, core::toSeconds(restEndNs_ - nowNs))},
            {"next_number", block_->setsDone + 1},
            {"of", block_->setsPlanned},
            {"exercise", block_->exercise->id},
            {"next_side", switchSide && block_->setsDone % 2 == 1 ? "right" : block_->firstSide}};
    } else {
        o["rest"] = nullptr;
    }
    o["calibration"] = calibrationJson();
    json::array calibrated;
    for (int c = 0; c < settings_.channels; ++c) {
        calibrated.emplace_back(calibrations_[static_cast<std::size_t>(c)].has_value());
    }
    o["calibrated"] = std::move(calibrated);
    return o;
}

json::object Station::calibrationJson() const
{
    json::object o{{"step", hw::toString(calibration_.step())},
                   {"running", phase_ == Phase::Calibrating},
                   {"channel", calibratingChannel_},
                   {"instruction", calibration_.instruction()},
                   {"error", calibration_.error()},
                   {"warning", calibration_.warning()},
                   {"confirmable", calibration_.confirmable()}};
    json::array current;
    for (int c = 0; c < settings_.channels; ++c) {
        const auto& rec = calibrations_[static_cast<std::size_t>(c)];
        if (!rec) {
            current.emplace_back(nullptr);
            continue;
        }
        current.emplace_back(json::object{{"id", rec->id},
                                          {"channel", rec->channel},
                                          {"sensor", rec->sensor},
                                          {"offset_counts", rec->calibration.offsetCounts},
                                          {"counts_per_newton", rec->calibration.countsPerNewton},
                                          {"mass_kg", optionalNumber(rec->massKg)},
                                          {"created_at", rec->createdAt}});
    }
    o["current"] = std::move(current);
    return o;
}

std::optional<json::object> Station::takeForceFrame()
{
    if (frame_[0].empty() && frame_[1].empty()) {
        return std::nullopt;
    }
    json::object o{{"type", "force"}};
    const char* names[] = {"samples", "right"};
    for (std::size_t c = 0; c < 2; ++c) {
        if (c == 1 && frame_[1].empty()) {
            break;
        }
        json::array samples;
        samples.reserve(frame_[c].size());
        for (const auto& [t, f] : frame_[c]) {
            samples.emplace_back(json::array{static_cast<std::int64_t>(t), number(f)});
        }
        o[names[c]] = std::move(samples);
        frame_[c].clear();
    }
    if (set_) {
        o["zone"] = zoneJson(set_->tracker.targets().zone);
    }
    return o;
}

void Station::discardForceFrame()
{
    frame_[0].clear();
    frame_[1].clear();
}

json::object repEvent(std::int64_t setId, const db::RepRecord& record,
                      const std::vector<std::string>& cues)
{
    const auto& r = record.rep;
    const auto& j = record.judgement;
    json::array cueArray;
    for (const auto& c : cues) {
        cueArray.emplace_back(c);
    }
    return json::object{
        {"type", core::toString(record.kind)},
        {"set_id", setId},
        {"index", record.index},
        {"peak_force_n", number(r.peakForceN)},
        {"mean_force_n", number(r.meanForceN)},
        {"amplitude_n", number(r.amplitudeN)},
        {"concentric_s", number(r.concentricS)},
        {"hold_s", number(r.holdS)},
        {"eccentric_s", number(r.eccentricS)},
        {"tut_s", number(r.tutS)},
        {"impulse_ns", number(r.impulseNs)},
        {"direction", record.direction ? json::value(*record.direction) : json::value(nullptr)},
        {"time_in_zone_s", optionalNumber(record.timeInZoneS)},
        {"in_zone", j.inZone ? json::value(*j.inZone) : json::value(nullptr)},
        {"tempo_judged", j.tempoJudged},
        {"too_fast_up", j.tooFastUp},
        {"too_fast_down", j.tooFastDown},
        {"hold_too_short", j.holdTooShort},
        {"good", j.good},
        {"cues", std::move(cueArray)}};
}

json::object setEndEvent(std::int64_t setId, const db::SetResult& result)
{
    const auto& s = result.summary;
    return json::object{{"type", "set_end"},
                        {"set_id", setId},
                        {"status", db::toString(result.status)},
                        {"reps", s.reps},
                        {"good_reps", s.goodReps},
                        {"mean_peak_force_n", number(s.meanPeakForceN)},
                        {"mean_impulse_ns", number(s.meanImpulseNs)},
                        {"total_tut_s", number(s.totalTutS)},
                        {"mean_cycle_s", number(s.meanCycleS)},
                        {"cadence_cv", number(s.cadenceCv)},
                        {"directions", s.directions},
                        {"slack_steps", s.slackSteps},
                        {"hold_duration_s", optionalNumber(result.holdDurationS)},
                        {"time_in_zone_s", optionalNumber(result.timeInZoneS)}};
}

json::object sessionEndEvent(std::int64_t sessionId, db::Status status)
{
    return json::object{
        {"type", "session_end"}, {"session_id", sessionId}, {"status", db::toString(status)}};
}

} // namespace bandstation::daemon
