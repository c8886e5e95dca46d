// The session state machine: sessions, sets, rest, calibration, and the samples that drive them.
#include "bandstation/daemon/station.h"

#include <cmath>

#include <bandstation/base/log.h>
#include <bandstation/core/trace_analysis.h>

#include "station_internal.h"

namespace bandstation::daemon {

namespace {

constexpr std::string_view kLog = "station";

double seconds(std::int64_t ns)
{
    return core::toSeconds(ns);
}

// What the set is judged against: its targets, and a hold's duration.
core::Targets judgedAgainst(const db::SetStart& start)
{
    auto targets = start.targets;
    targets.holdS = start.targetHoldS;
    return targets;
}

std::string otherSide(const std::string& side)
{
    return side == "left" ? "right" : "left";
}

} // namespace

std::string_view toString(Phase phase)
{
    switch (phase) {
    case Phase::Idle:
        return "idle";
    case Phase::Ready:
        return "ready";
    case Phase::Waiting:
        return "waiting";
    case Phase::Active:
        return "active";
    case Phase::Rest:
        return "rest";
    case Phase::Calibrating:
        return "calibrating";
    }
    return "idle";
}

Station::Station(StationSettings settings, StationLinks links,
                 std::array<std::optional<db::CalibrationRecord>, 2> calibrations)
    : settings_(std::move(settings)), links_(std::move(links)), calibrations_(calibrations),
      calibration_([this](const core::Calibration& c) { calibrationAccepted(c); })
{
}

Station::~Station() = default;

std::optional<std::int64_t> Station::sessionId() const
{
    return session_ ? std::optional(session_->id) : std::nullopt;
}

std::optional<std::int64_t> Station::setId() const
{
    return set_ ? std::optional(set_->id) : std::nullopt;
}

core::ForceSample Station::force(const core::RawSample& raw) const
{
    const auto& cal = calibrations_[raw.channel & 1];
    if (!cal) {
        return {raw.tNs, std::nan(""), raw.flags};
    }
    return cal->calibration.apply(raw, settings_.range);
}

void Station::ingest(std::span<const core::RawSample> batch)
{
    forces_.clear();
    for (const auto& raw : batch) {
        forces_.push_back(force(raw));
        frame_[raw.channel & 1].push_back({static_cast<double>(raw.tNs), forces_.back().forceN});
        lastSampleNs_ = raw.tNs;
    }
    counters_.samples += batch.size();
    if (phase_ == Phase::Calibrating) {
        feedCalibration(batch);
    }
    if (set_) {
        storeSamples(batch);
        analyse(batch);
    }
}

void Station::storeSamples(std::span<const core::RawSample> batch)
{
    counters_.storedSamples += batch.size();
    for (int channel = 0; channel < settings_.channels; ++channel) {
        const auto& cal = calibrations_[static_cast<std::size_t>(channel)];
        const auto calId = cal && cal->id > 0 ? std::optional(cal->id) : std::nullopt;
        if (settings_.channels == 1) {
            links_.writer->samples(set_->id, 0, calId, batch);
            return;
        }
        scratch_.clear();
        for (const auto& s : batch) {
            if (s.channel == channel) {
                scratch_.push_back(s);
            }
        }
        links_.writer->samples(set_->id, channel, calId, scratch_);
    }
}

void Station::analyse(std::span<const core::RawSample> batch)
{
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch[i].channel != 0) {
            continue; // the live analysis follows the left (or only) cell
        }
        for (const auto& movement : set_->tracker.process(forces_[i])) {
            handleMovement(movement);
            if (!set_) {
                return; // that movement completed the set
            }
        }
    }
    // The band being put on, moved or taken off is the athlete busy with the set, not idle; the
    // set waits (it arms on the first movement after the band has settled) and says so.
    const auto& analysis = set_->tracker.analysis();
    if (analysis.handlingInProgress()) {
        lastActivityNs_ = lastSampleNs_;
    }
    const auto handled = analysis.handling().size();
    if (analysis.band() != set_->band || handled != set_->handled) {
        set_->band = analysis.band();
        set_->handled = handled;
        emitState(lastSampleNs_);
    }
}

void Station::handleMovement(const TrackedMovement& movement)
{
    ++counters_.reps;
    phase_ = Phase::Active;
    lastActivityNs_ = lastSampleNs_;
    set_->cues = movement.cues;
    links_.writer->submit(
        [id = set_->id, record = movement.record](db::Store& s) { s.addRep(id, record); });
    if (session_->athleteId) {
        auto& best = bests_[{*session_->athleteId, std::string(block_->exercise->id), set_->side,
                             block_->request.bandColour}];
        best = std::max(best, movement.record.rep.peakForceN);
    }
    emit(repEvent(set_->id, movement.record, set_->cues));
    if (set_->tracker.count() >= block_->targetCount) {
        finishSet(db::Status::Completed, lastSampleNs_);
    } else {
        emitState(lastSampleNs_);
    }
}

void Station::tick(std::int64_t nowNs)
{
    lastTickNs_ = nowNs;
    const double idle = seconds(nowNs - lastActivityNs_);
    switch (phase_) {
    case Phase::Waiting:
        if (idle > settings_.setIdleTimeoutS) {
            base::logInfo(kLog, "no movement: the set ends unstarted");
            finishSet(db::Status::Completed, nowNs, /*abandon=*/true);
        }
        break;
    case Phase::Active:
        if (idle > settings_.setIdleTimeoutS) {
            finishSet(db::Status::Completed, nowNs);
        }
        break;
    case Phase::Rest:
        if (nowNs >= restEndNs_) {
            nextSet(nowNs);
        } else if (const auto second = (restEndNs_ - nowNs) / core::kNsPerSecond;
                   second != lastRestSecond_) {
            lastRestSecond_ = second;
            emitState(nowNs);
        }
        break;
    case Phase::Ready:
        if (idle > settings_.sessionIdleTimeoutS) {
            base::logInfo(kLog, "session idle: it ends");
            closeSession(db::Status::Completed, nowNs);
        }
        break;
    case Phase::Idle:
    case Phase::Calibrating:
        break;
    }
}

db::SessionRow Station::startSession(std::optional<std::int64_t> athleteId, std::int64_t nowNs,
                                     Done done)
{
    if (session_) {
        throw StationError(StationError::Kind::Conflict,
                           "session " + std::to_string(session_->id) + " is running: end it first");
    }
    if (phase_ == Phase::Calibrating) {
        throw StationError(StationError::Kind::Conflict, "calibration is running");
    }
    if (athleteId && !(links_.athleteExists && links_.athleteExists(*athleteId))) {
        throw StationError(StationError::Kind::NotFound,
                           "no athlete " + std::to_string(*athleteId));
    }
    const auto startedAt = db::utcNow();
    db::SessionRow row;
    row.athleteId = athleteId;
    row.startedAt = startedAt;
    row.id = links_.writer->reserveSessionId();
    links_.writer->submit([athleteId, startedAt,
                           id = row.id](db::Store& s) { s.beginSession(athleteId, startedAt, id); },
                          true,
                          [this, id = row.id, done = std::move(done)](const std::string& error) {
                              if (!error.empty() && session_ && session_->id == id) {
                                  // Not stored: the session did not start (its set's writes failed
                                  // with it).
                                  base::logError(kLog, "session " + std::to_string(id) +
                                                           " not stored: " + error);
                                  set_.reset();
                                  block_.reset();
                                  session_.reset();
                                  phase_ = Phase::Idle;
                                  emitState(lastTickNs_);
                              }
                              if (done) {
                                  done(error);
                              }
                          });
    session_ = row;
    phase_ = Phase::Ready;
    lastActivityNs_ = nowNs;
    setsInSession_ = 0;
    emitState(nowNs);
    return row;
}

void Station::endSession(std::int64_t sessionId, std::int64_t nowNs, Done done)
{
    if (!session_ || session_->id != sessionId) {
        throw StationError(StationError::Kind::NotFound,
                           "session " + std::to_string(sessionId) + " is not running");
    }
    closeSession(db::Status::Completed, nowNs, std::move(done));
}

void Station::closeSession(db::Status status, std::int64_t nowNs, Done done)
{
    if (set_) {
        finishSet(status == db::Status::Interrupted ? status : db::Status::Completed, nowNs,
                  /*abandon=*/true);
    }
    block_.reset();
    const auto id = session_->id;
    const auto endedAt = db::utcNow();
    links_.writer->submit(
        [id, endedAt, status](db::Store& s) { s.endSession(id, endedAt, status); }, true,
        [this, id, status, done = std::move(done)](const std::string& error) {
            if (!error.empty()) {
                base::logError(kLog, "the end of session " + std::to_string(id) +
                                         " was not stored: " + error);
            }
            emit(sessionEndEvent(id, status)); // a client reading the session now finds it ended
            if (done) {
                done(error);
            }
        });
    session_.reset();
    phase_ = Phase::Idle;
    emitState(nowNs);
}

std::int64_t Station::startSet(const SetRequest& request, std::int64_t nowNs, Done done)
{
    if (!session_) {
        throw StationError(StationError::Kind::Conflict, "start a session first");
    }
    if (set_) {
        throw StationError(StationError::Kind::Conflict,
                           "set " + std::to_string(set_->id) + " is running: end it first");
    }
    if (phase_ == Phase::Calibrating) {
        throw StationError(StationError::Kind::Conflict, "calibration is running");
    }
    if (!calibrations_[0]) {
        throw StationError(StationError::Kind::Conflict, "calibrate the station first");
    }
    block_ = std::make_unique<Block>(makeBlock(request));
    configureSet(nowNs, std::move(done));
    return set_->id;
}

void Station::nextSet(std::int64_t nowNs)
{
    try {
        configureSet(nowNs);
    } catch (const StationError& e) {
        base::logError(kLog, std::string("the next set could not start: ") + e.what());
        block_.reset();
        phase_ = Phase::Ready;
        emitState(nowNs);
    }
}

void Station::configureSet(std::int64_t nowNs, Done done)
{
    auto& b = *block_;
    db::SetStart start;
    start.sessionId = session_->id;
    start.exerciseId = std::string(b.exercise->id);
    start.side = b.alternate && b.setsDone % 2 == 1 ? otherSide(b.firstSide) : b.firstSide;
    start.bandColour = b.request.bandColour;
    start.bandPosition = b.request.bandPosition;
    start.targets = b.targets;
    start.targets.zone = zoneFor(b, start.side);
    if (b.exercise->kind == core::MovementKind::Hold) {
        start.targetHoldS = b.holdS;
    } else {
        start.targetReps = b.targetCount;
    }
    start.restS = b.restS;
    start.startedAt = db::utcNow();
    start.monoStartNs = nowNs;
    start.sampleRateHz = settings_.sampleRateHz;
    start.id = links_.writer->reserveSetId();
    const auto id = start.id;
    links_.writer->submit([start](db::Store& s) { s.beginSet(start); }, true,
                          [this, id, done = std::move(done)](const std::string& error) {
                              if (!error.empty() && set_ && set_->id == id) {
                                  // Not stored: the set did not start.
                                  base::logError(kLog, "set " + std::to_string(id) +
                                                           " not stored: " + error);
                                  set_.reset();
                                  block_.reset();
                                  phase_ = session_ ? Phase::Ready : Phase::Idle;
                                  emitState(lastTickNs_);
                              }
                              if (done) {
                                  done(error);
                              }
                          });
    set_ = std::make_unique<RunningSet>(
        RunningSet{id,
                   b.setsDone + 1,
                   start.side,
                   SetTracker(*b.exercise, judgedAgainst(start), settings_.sampleRateHz),
                   {}});
    ++setsInSession_;
    phase_ = Phase::Waiting;
    lastActivityNs_ = nowNs;
    if (links_.simulated) {
        links_.simulated->setPlan(athletePlan(b, start.targets));
    }
    emitState(nowNs);
}

void Station::endSet(std::int64_t setId, std::int64_t nowNs, Done done)
{
    if (!set_ || set_->id != setId) {
        throw StationError(StationError::Kind::NotFound,
                           "set " + std::to_string(setId) + " is not running");
    }
    finishSet(db::Status::Completed, nowNs, false, std::move(done));
}

void Station::finishSet(db::Status status, std::int64_t nowNs, bool abandon, Done done)
{
    for (const auto& last : set_->tracker.finish()) {
        links_.writer->submit([id = set_->id, r = last.record](db::Store& s) { s.addRep(id, r); });
        ++counters_.reps;
    }
    auto result = set_->tracker.result(db::utcNow(), status);
    links_.writer->endSet(
        set_->id, result,
        [this, id = set_->id, result, done = std::move(done)](const std::string& error) {
            if (!error.empty()) {
                base::logError(kLog, "the end of set " + std::to_string(id) +
                                         " was not stored: " + error);
            }
            emit(setEndEvent(id, result)); // a client reading the set now finds it complete
            if (done) {
                done(error);
            }
        });
    ++counters_.sets;
    ++block_->setsDone;
    const bool moreSets = !abandon && block_->setsDone < block_->setsPlanned;
    set_.reset();
    if (moreSets) {
        phase_ = Phase::Rest;
        restEndNs_ = nowNs + core::toNanoseconds(block_->restS);
        lastRestSecond_ = -1;
    } else {
        block_.reset();
        phase_ = session_ ? Phase::Ready : Phase::Idle;
    }
    lastActivityNs_ = nowNs;
    emitState(nowNs);
}

void Station::skipRest(std::int64_t nowNs, Done done)
{
    if (phase_ != Phase::Rest) {
        throw StationError(StationError::Kind::Conflict, "not resting");
    }
    configureSet(nowNs, std::move(done));
}

void Station::extendRest(double seconds, std::int64_t nowNs)
{
    if (phase_ != Phase::Rest) {
        throw StationError(StationError::Kind::Conflict, "not resting");
    }
    // A rest can grow to an hour at most, counted from now: a stuck "+30 s" button cannot park
    // the station for good.
    const auto limit = nowNs + core::toNanoseconds(3600.0);
    restEndNs_ = std::min(limit, restEndNs_ + core::toNanoseconds(seconds));
    lastRestSecond_ = -1;
    emitState(nowNs);
}

void Station::shutdown(std::int64_t nowNs)
{
    if (phase_ == Phase::Calibrating) {
        calibration_.cancel();
        phase_ = phaseBeforeCalibration_;
    }
    if (session_) {
        closeSession(db::Status::Interrupted, nowNs);
    }
}

void Station::updateTimeouts(double setIdleS, double sessionIdleS, double calibrationMassKg)
{
    settings_.setIdleTimeoutS = setIdleS;
    settings_.sessionIdleTimeoutS = sessionIdleS;
    settings_.calibrationMassKg = calibrationMassKg;
}

void Station::emit(boost::json::object message)
{
    if (links_.emit) {
        links_.emit(std::move(message));
    }
}

void Station::emitState(std::int64_t nowNs)
{
    emit(state(nowNs));
}

} // namespace bandstation::daemon
