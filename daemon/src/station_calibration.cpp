// Station: calibration runs through the same machine as sets (only outside them) and is stored.
#include <cmath>

#include <bandstation/base/log.h>

#include "station_internal.h"

namespace bandstation::daemon {

namespace {

constexpr std::string_view kLog = "station";

} // namespace

void Station::startCalibration(std::optional<double> massKg, int channel, bool confirm)
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
    config.confirmed = confirm;
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
    if (!calibrationStoring_) {
        emitState(lastSampleNs_); // an accepted calibration is told once it is stored
    }
}

void Station::calibrationAccepted(const core::Calibration& calibration)
{
    db::CalibrationRecord record;
    record.id = links_.writer->reserveCalibrationId();
    record.channel = calibratingChannel_;
    record.sensor = settings_.sensorName;
    record.calibration = calibration;
    record.massKg = calibrationMassKg_;
    record.createdAt = db::utcNow();
    // Forces use it from the next sample on; samples stored meanwhile name it, and the write
    // that stores it comes first in the writer's order.
    calibrations_[static_cast<std::size_t>(calibratingChannel_)] = record;
    calibrationStoring_ = true;
    links_.writer->submit(
        [record](db::Store& s) { s.addCalibration(record); }, true,
        [this, id = record.id, channel = record.channel](const std::string& error) {
            calibrationStoring_ = false;
            auto& current = calibrations_[static_cast<std::size_t>(channel)];
            if (!error.empty() && current && current->id == id) {
                current->id = 0; // samples stored later name no calibration
            }
            if (error.empty()) {
                base::logInfo(kLog, "calibration accepted and stored for channel " +
                                        std::to_string(channel));
            } else {
                base::logError(kLog, "calibration accepted for channel " + std::to_string(channel) +
                                         " but not stored: " + error);
            }
            emitState(lastSampleNs_);
        });
}

} // namespace bandstation::daemon
