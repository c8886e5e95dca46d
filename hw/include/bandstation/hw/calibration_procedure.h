#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <bandstation/core/calibration.h>
#include <bandstation/core/sample.h>

namespace bandstation::hw {

enum class CalibrationStep {
    Idle,
    Taring,            // nothing on the hook: waiting for a quiet second
    WaitingForMass,    // the known mass goes on: waiting for a quiet second that moved enough
    WaitingForRemoval, // the mass comes off: the reading must come back to the tare
    Done,              // accepted and handed over
    Failed,            // error() says why; start() again
};
std::string_view toString(CalibrationStep step);

struct CalibrationProcedureConfig {
    double massKg = 0;
    double gravity = 9.80665;
    core::CountRange range{};
    std::uint8_t channel = 0;
    double windowS = 1.0;              // the quiet second
    double stepTimeoutS = 60.0;        // each step gives up after this
    double zeroReturnTolerance = 0.02; // of the load change: creep or a loose mount beyond it
    std::optional<core::Calibration> previous; // to warn when the sensitivity jumped
    double sensitivityWarning = 0.25;          // fraction
    // Beyond this factor from the previous calibration the result is refused (a wrong mass
    // entered: 0.01 kg for 5 kg is 500×), unless `confirmed` (the load cell was changed).
    double sensitivityRefusal = 2.0;
    // A load cell on a band station reads at least this much before its converter saturates; a
    // calibration that says otherwise had the wrong mass (unless `confirmed`).
    double minFullScaleN = 50.0;
    bool confirmed = false;
};

// The calibration a person does at the station, on top of core::solveTwoPoint: tare over a
// quiet second, hang a known mass and wait until it settles, take the mass off and check the
// reading returns to the tare, then hand the calibration to `onAccepted` (the daemon persists
// it). Fed with the source's raw samples; time comes from their timestamps. Refuses noisy or
// saturated windows and says what to do in instruction() and error().
// Thread: whichever thread feeds it (the daemon's io thread).
class CalibrationProcedure {
public:
    using Accepted = std::function<void(const core::Calibration&)>;

    explicit CalibrationProcedure(Accepted onAccepted = {});

    void start(const CalibrationProcedureConfig& config);
    void cancel();
    void feed(std::span<const core::RawSample> samples);

    CalibrationStep step() const { return step_; }
    std::string instruction() const;
    const std::string& error() const { return error_; }
    const std::string& warning() const { return warning_; }
    // The last run failed only because its result looked implausible (a wrong mass, or a new
    // load cell): running it again with `confirmed` accepts such a result.
    bool confirmable() const { return confirmable_; }
    const std::optional<core::Calibration>& result() const { return result_; }
    const core::CalibrationResult& details() const { return details_; }

private:
    struct WindowStats {
        double mean = 0, stddev = 0;
        bool quiet = false;
    };
    std::optional<WindowStats> window() const;
    void fail(std::string reason);
    // Why a result cannot be right (a wrong mass), or nothing.
    std::optional<std::string> implausible(const core::Calibration& calibration) const;
    void advance(std::int64_t nowNs);

    Accepted onAccepted_;
    CalibrationProcedureConfig config_;
    CalibrationStep step_ = CalibrationStep::Idle;
    std::deque<core::RawSample> window_;
    std::vector<core::RawSample> tare_, loaded_;
    std::optional<std::int64_t> stepStartNs_;
    std::string error_, warning_;
    bool confirmable_ = false;
    std::optional<core::Calibration> result_;
    core::CalibrationResult details_;
};

} // namespace bandstation::hw
