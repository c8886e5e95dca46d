#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <boost/json/object.hpp>

#include <bandstation/core/calibration.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/sample.h>
#include <bandstation/db/records.h>
#include <bandstation/db/writer.h>
#include <bandstation/hw/calibration_procedure.h>
#include <bandstation/hw/simulated_athlete.h>

#include "bandstation/daemon/set_tracker.h"

namespace bandstation::daemon {

// A request the station's state does not allow; the API maps the kind to an HTTP status.
struct StationError : std::runtime_error {
    enum class Kind { Invalid, NotFound, Conflict, Unavailable };
    StationError(Kind k, const std::string& message) : std::runtime_error(message), kind(k) {}
    Kind kind;
};

enum class Phase {
    Idle,        // no session
    Ready,       // a session, no set running
    Waiting,     // a set is configured; waiting for its first movement
    Active,      // movements are being counted
    Rest,        // between sets: a countdown
    Calibrating, // tare, known mass, removal
};
std::string_view toString(Phase phase);

// What a set is asked to be. Empty fields take the exercise's defaults from the catalog.
struct SetRequest {
    std::string exercise;
    std::string side; // left | right | "" (unilateral exercises alternate, starting left)
    std::string bandColour;
    std::string bandPosition;
    std::optional<int> reps; // per set (steps per direction for walks)
    std::optional<int> sets; // per side for unilateral exercises
    std::optional<double> restS;
    std::optional<double> holdS;
    std::optional<core::ForceZone> zone;                  // newtons
    std::optional<std::pair<double, double>> zonePercent; // of the athlete's best, like for like
    std::optional<core::Tempo> tempo;
    std::optional<double> tempoTolerance;
};

struct StationSettings {
    std::string sensorName;
    double sampleRateHz = 80;
    core::CountRange range{};
    int channels = 1;
    double setIdleTimeoutS = 45;
    double sessionIdleTimeoutS = 1800;
    double calibrationMassKg = 5;
};

// How the station reaches the rest of the daemon. The lookups answer from memory (the io thread
// never waits for the disk).
struct StationLinks {
    db::Writer* writer = nullptr;
    hw::SimulatedSampler* simulated = nullptr; // the virtual athlete follows the station's plan
    // The best peak stored before this run (the station adds what it records since).
    std::function<std::optional<double>(const db::BestKey&)> bestPeak;
    std::function<bool(std::int64_t)> athleteExists;
    std::function<void(boost::json::object)> emit; // state, rep and set events for live clients
};

struct StationCounters {
    std::uint64_t samples = 0;       // processed
    std::uint64_t storedSamples = 0; // handed to the writer inside sets
    std::uint64_t reps = 0;
    std::uint64_t sets = 0;
};

// Told once the write behind a request has committed ("") or failed (why): on the io thread.
using Done = std::function<void(const std::string& error)>;

// The training session as a physio runs it: session → set (exercise, side, band, targets) →
// waiting for the first movement → movements counted with cues → the set ends at its target, on
// request or after an idle time → rest countdown → the next set (unilateral exercises alternate
// sides) → … → the session ends on request or after long inactivity. Calibration runs through the
// same machine and is stored. Samples drive analysis (their timestamps); tick() drives timeouts
// with the monotonic clock, so tests run it without sleeping.
// The station never waits for the disk: a request changes its state at once (ids are reserved
// from the writer), the write follows, and `done` is told when it has committed; a write that
// fails undoes the session or set it started. Events that say something was stored (set_end,
// session_end, a calibration accepted) go out after the commit.
// Thread: the io thread only (the writer's completions run there too).
class Station {
public:
    Station(StationSettings settings, StationLinks links,
            std::array<std::optional<db::CalibrationRecord>, 2> calibrations);
    ~Station();
    Station(const Station&) = delete;
    Station& operator=(const Station&) = delete;

    void ingest(std::span<const core::RawSample> batch);
    void tick(std::int64_t nowNs);

    // Control. Each throws StationError when the state does not allow it.
    db::SessionRow startSession(std::optional<std::int64_t> athleteId, std::int64_t nowNs,
                                Done done = {});
    void endSession(std::int64_t sessionId, std::int64_t nowNs, Done done = {});
    std::int64_t startSet(const SetRequest& request, std::int64_t nowNs, Done done = {});
    void endSet(std::int64_t setId, std::int64_t nowNs, Done done = {});
    void skipRest(std::int64_t nowNs, Done done = {});
    // Adds `seconds` (1 to 600) to the rest countdown; Conflict when not resting.
    void extendRest(double seconds, std::int64_t nowNs);
    // `confirm`: accept a result that looks like a wrong mass (the load cell was replaced).
    void startCalibration(std::optional<double> massKg, int channel, bool confirm = false);
    void cancelCalibration();
    // A clean stop: a running set and session end as interrupted.
    void shutdown(std::int64_t nowNs);
    // What SIGHUP may change.
    void updateTimeouts(double setIdleS, double sessionIdleS, double calibrationMassKg);

    Phase phase() const { return phase_; }
    std::optional<std::int64_t> sessionId() const;
    std::optional<std::int64_t> setId() const;
    boost::json::object state(std::int64_t nowNs) const;
    boost::json::object calibrationJson() const;
    const StationCounters& counters() const { return counters_; }
    // The live samples since the last call, as a force frame; empty when there are none.
    std::optional<boost::json::object> takeForceFrame();
    void discardForceFrame();

    struct Block; // the exercise being worked through: its sets and sides
    struct RunningSet;

private:
    Block makeBlock(const SetRequest& request) const;
    std::optional<core::ForceZone> zoneFor(const Block& block, const std::string& side) const;
    void configureSet(std::int64_t nowNs, Done done = {});
    void nextSet(std::int64_t nowNs);
    // `abandon`: the exercise ends here (no rest, no next set).
    void finishSet(db::Status status, std::int64_t nowNs, bool abandon = false, Done done = {});
    void storeSamples(std::span<const core::RawSample> batch);
    void analyse(std::span<const core::RawSample> batch);
    void handleMovement(const TrackedMovement& movement);
    void closeSession(db::Status status, std::int64_t nowNs, Done done = {});
    std::optional<double> best(const db::BestKey& key) const;
    void feedCalibration(std::span<const core::RawSample> batch);
    void calibrationAccepted(const core::Calibration& calibration);
    void emit(boost::json::object message);
    void emitState(std::int64_t nowNs);
    core::ForceSample force(const core::RawSample& raw) const;

    StationSettings settings_;
    StationLinks links_;
    std::array<std::optional<db::CalibrationRecord>, 2> calibrations_;
    Phase phase_ = Phase::Idle;
    std::optional<db::SessionRow> session_;
    std::unique_ptr<Block> block_;
    std::unique_ptr<RunningSet> set_;
    std::int64_t restEndNs_ = 0;
    std::int64_t lastActivityNs_ = 0;
    std::int64_t lastTickNs_ = 0;
    std::int64_t lastSampleNs_ = 0;
    std::int64_t lastRestSecond_ = -1;
    int setsInSession_ = 0;
    // Best peaks recorded in this run, by athlete, exercise, side and band.
    std::map<std::tuple<std::int64_t, std::string, std::string, std::string>, double> bests_;
    bool calibrationStoring_ = false; // accepted, its write not yet committed

    hw::CalibrationProcedure calibration_;
    int calibratingChannel_ = 0;
    double calibrationMassKg_ = 0;
    Phase phaseBeforeCalibration_ = Phase::Idle;
    hw::CalibrationStep lastCalibrationStep_ = hw::CalibrationStep::Idle;

    std::array<std::vector<std::array<double, 2>>, 2> frame_; // [t_ns, force_n] per channel
    std::vector<core::RawSample> scratch_;
    std::vector<core::ForceSample> forces_; // of the batch being ingested, calibrated once
    StationCounters counters_;
};

} // namespace bandstation::daemon
