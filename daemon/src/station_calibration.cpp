// Station: calibration runs through the same machine as sets (only outside them) and is stored.
#include <cmath>

#include <bandstation/base/log.h>

#include "station_internal.h"

namespace bandstation::daemon {

namespace {

constexpr std::string_view kLog = "station";

} // namespace

void Station::startCalibration(std::optional<double> massKg, int channel)
{
    if (phase_ != Phase::Idle && phase_ != Phase::Ready) {
        throw StationError(StationError::Kind::Conflict,
                           std::string("cannot calibrate while ") + std::string(toString(phase_)));
    }
    if (channel < 0 || channel >= settings_.channels) {
        throw StationError(StationError::Kind::Invalid,
                           "channel must be 0" +
                               std::string(settings_.channels > 1 ? " or 1" : ""));
    }
    const double mass = massKg.value_or(settings_.calibrationMassKg);
    if (!(mass > 0) || !std::isfinite(mass)) {
        throw StationError(StationError::Kind::Invalid, "mass_kg must be a positive number");
    }
    hw::CalibrationProcedureConfig config;
    config.massKg = mass;
    config.range = settings_.range;
    config.channel = static_cast<std::uint8_t>(channel);
    if (const auto& previous = calibrations_[static_cast<std::size_t>(channel)]) {
        config.previous = previous->calibration;
    }
    calibratingChannel_ = channel;
    calibrationMassKg_ = mass;
    phaseBeforeCalibration_ = phase_;
    calibration_.start(config);
    phase_ = Phase::Calibrating;
    lastCalibrationStep_ = calibration_.step();
    emitState(lastTickNs_);
}

void Station::cancelCalibration()
{
    if (phase_ != Phase::Calibrating) {
        throw StationError(StationError::Kind::Conflict, "no calibration is running");
    }
    calibration_.cancel();
    phase_ = phaseBeforeCalibration_;
    emitState(lastTickNs_);
}

void Station::feedCalibration(std::span<const core::RawSample> batch)
{
    calibration_.feed(batch);
    const auto step = calibration_.step();
    if (step == lastCalibrationStep_) {
        return;
    }
    lastCalibrationStep_ = step;
    if (step == hw::CalibrationStep::Done || step == hw::CalibrationStep::Failed) {
        phase_ = phaseBeforeCalibration_;
    }
    emitState(lastSampleNs_);
}

void Station::calibrationAccepted(const core::Calibration& calibration)
{
    db::CalibrationRecord record;
    record.channel = calibratingChannel_;
    record.sensor = settings_.sensorName;
    record.calibration = calibration;
    record.massKg = calibrationMassKg_;
    record.createdAt = db::utcNow();
    try {
        record.id = awaitWriter(links_.writer->call<std::int64_t>(
            [record](db::Store& s) { return s.addCalibration(record); }, true));
    } catch (const StationError& e) {
        base::logError(kLog, std::string("calibration not stored: ") + e.what());
    }
    calibrations_[static_cast<std::size_t>(calibratingChannel_)] = record;
    base::logInfo(kLog, "calibration accepted for channel " + std::to_string(record.channel));
}

} // namespace bandstation::daemon
