#include "bandstation/hw/calibration_procedure.h"

#include <cmath>

#include <bandstation/base/text.h>

namespace bandstation::hw {

std::string_view toString(CalibrationStep step)
{
    switch (step) {
    case CalibrationStep::Idle:
        return "idle";
    case CalibrationStep::Taring:
        return "taring";
    case CalibrationStep::WaitingForMass:
        return "waiting_for_mass";
    case CalibrationStep::WaitingForRemoval:
        return "waiting_for_removal";
    case CalibrationStep::Done:
        return "done";
    case CalibrationStep::Failed:
        return "failed";
    }
    return "unknown";
}

CalibrationProcedure::CalibrationProcedure(Accepted onAccepted) : onAccepted_(std::move(onAccepted))
{
}

std::optional<std::string>
CalibrationProcedure::implausible(const core::Calibration& calibration) const
{
    const auto kg = [](double value) { return base::fixed(value, value < 1 ? 2 : 1) + " kg"; };
    const std::string confirm = "Hang the mass again and enter its true weight; if the load cell "
                                "was replaced, calibrate again and confirm it is a new cell.";
    if (config_.previous && config_.previous->valid()) {
        const double ratio =
            std::abs(calibration.countsPerNewton / config_.previous->countsPerNewton);
        if (ratio > config_.sensitivityRefusal || ratio < 1.0 / config_.sensitivityRefusal) {
            return "the load cell would read " + base::fixed(ratio >= 1 ? ratio : 1.0 / ratio, 1) +
                   (ratio >= 1 ? "× as sensitive" : "× less sensitive") +
                   " as at its last calibration: with the same cell the mass was about " +
                   kg(config_.massKg * ratio) + ", not " + kg(config_.massKg) + ". " + confirm;
        }
    }
    const double headroom =
        std::max(static_cast<double>(config_.range.max) - calibration.offsetCounts,
                 calibration.offsetCounts - static_cast<double>(config_.range.min));
    const double fullScaleN = headroom / std::abs(calibration.countsPerNewton);
    if (fullScaleN < config_.minFullScaleN) {
        return "with this calibration the load cell would saturate at " +
               base::fixed(fullScaleN, 1) + " N (" + kg(fullScaleN / config_.gravity) +
               "), less than a band pulls: was the mass really " + kg(config_.massKg) + "? " +
               confirm;
    }
    return std::nullopt;
}

void CalibrationProcedure::start(const CalibrationProcedureConfig& config)
{
    config_ = config;
    window_.clear();
    tare_.clear();
    loaded_.clear();
    stepStartNs_.reset();
    error_.clear();
    warning_.clear();
    confirmable_ = false;
    result_.reset();
    details_ = {};
    if (!(config.massKg > 0) || !std::isfinite(config.massKg)) {
        fail("the calibration mass must be a positive number of kilograms");
        return;
    }
    step_ = CalibrationStep::Taring;
}

void CalibrationProcedure::cancel()
{
    if (step_ != CalibrationStep::Done) {
        step_ = CalibrationStep::Idle;
    }
    window_.clear();
}

std::string CalibrationProcedure::instruction() const
{
    const auto mass = base::fixed(config_.massKg, 2);
    switch (step_) {
    case CalibrationStep::Idle:
        return "Press start to calibrate.";
    case CalibrationStep::Taring:
        return "Leave the hook empty and still.";
    case CalibrationStep::WaitingForMass:
        return "Hang the " + mass + " kg mass on the hook and let it stop swinging.";
    case CalibrationStep::WaitingForRemoval:
        return "Take the mass off the hook.";
    case CalibrationStep::Done:
        return "Calibrated.";
    case CalibrationStep::Failed:
        return "Calibration failed: " + error_;
    }
    return {};
}

void CalibrationProcedure::fail(std::string reason)
{
    error_ = std::move(reason);
    step_ = CalibrationStep::Failed;
}

std::optional<CalibrationProcedure::WindowStats> CalibrationProcedure::window() const
{
    if (window_.size() < core::kMinCalibrationSamples) {
        return std::nullopt;
    }
    const auto spanNs = window_.back().tNs - window_.front().tNs;
    if (static_cast<double>(spanNs) < config_.windowS * 1e9 * 0.95) {
        return std::nullopt;
    }
    double sum = 0, sq = 0;
    for (const auto& s : window_) {
        sum += s.counts;
    }
    const double n = static_cast<double>(window_.size());
    const double mean = sum / n;
    for (const auto& s : window_) {
        sq += (s.counts - mean) * (s.counts - mean);
    }
    WindowStats stats;
    stats.mean = mean;
    stats.stddev = std::sqrt(sq / (n - 1));
    stats.quiet = stats.stddev <= core::kMaxQuietStddevFraction * config_.range.span();
    return stats;
}

void CalibrationProcedure::feed(std::span<const core::RawSample> samples)
{
    for (const auto& s : samples) {
        if (step_ != CalibrationStep::Taring && step_ != CalibrationStep::WaitingForMass &&
            step_ != CalibrationStep::WaitingForRemoval) {
            return;
        }
        if (s.channel != config_.channel) {
            continue;
        }
        if (!stepStartNs_) {
            stepStartNs_ = s.tNs;
        }
        if (s.flags != 0 || config_.range.saturated(s.counts)) {
            window_.clear(); // a saturated or bad word: this second does not count
            continue;
        }
        window_.push_back(s);
        while (window_.size() > 1 &&
               static_cast<double>(window_.back().tNs - window_[1].tNs) >= config_.windowS * 1e9) {
            window_.pop_front();
        }
        advance(s.tNs);
    }
}

void CalibrationProcedure::advance(std::int64_t nowNs)
{
    if (static_cast<double>(nowNs - *stepStartNs_) > config_.stepTimeoutS * 1e9) {
        switch (step_) {
        case CalibrationStep::Taring:
            fail("the reading never held still for a second: make sure nothing touches the "
                 "band or the hook");
            break;
        case CalibrationStep::WaitingForMass:
            fail("no steady load appeared: hang the mass so it hangs freely and is still");
            break;
        default:
            fail("the reading did not come back after the mass was taken off");
            break;
        }
        return;
    }
    const auto stats = window();
    if (!stats || !stats->quiet) {
        return;
    }
    const double minChange = core::kMinCalibrationChangeFraction * config_.range.span();
    const double tareMean = details_.tareMean;
    switch (step_) {
    case CalibrationStep::Taring:
        tare_.assign(window_.begin(), window_.end());
        details_.tareMean = stats->mean;
        details_.tareStddev = stats->stddev;
        step_ = CalibrationStep::WaitingForMass;
        window_.clear();
        stepStartNs_ = nowNs;
        break;
    case CalibrationStep::WaitingForMass: {
        if (std::abs(stats->mean - tareMean) < minChange) {
            return; // not loaded yet (or a mass too light to calibrate with)
        }
        loaded_.assign(window_.begin(), window_.end());
        core::CalibrationInput input;
        input.tare = tare_;
        input.loaded = loaded_;
        input.massKg = config_.massKg;
        input.gravity = config_.gravity;
        input.range = config_.range;
        details_ = core::solveTwoPoint(input);
        if (!details_.calibration) {
            fail(details_.reason);
            return;
        }
        if (const auto why = implausible(*details_.calibration); why && !config_.confirmed) {
            fail(*why);
            confirmable_ = true;
            return;
        }
        step_ = CalibrationStep::WaitingForRemoval;
        window_.clear();
        stepStartNs_ = nowNs;
        break;
    }
    case CalibrationStep::WaitingForRemoval: {
        const double change = details_.loadedMean - details_.tareMean;
        if (std::abs(stats->mean - details_.tareMean) > 0.5 * std::abs(change)) {
            return; // still loaded
        }
        const double back = std::abs(stats->mean - details_.tareMean) / std::abs(change);
        if (back > config_.zeroReturnTolerance) {
            fail("the reading came back only to " + base::fixed(back * 100, 1) +
                 " % of the load away from the tare (creep, or the load cell or hook is loose)");
            return;
        }
        result_ = details_.calibration;
        if (config_.previous && config_.previous->valid()) {
            const double ratio = result_->countsPerNewton / config_.previous->countsPerNewton;
            if (std::abs(ratio - 1.0) > config_.sensitivityWarning) {
                warning_ = "the sensitivity changed by " + base::fixed((ratio - 1.0) * 100, 0) +
                           " % since the last calibration: check the mass entered";
            }
        }
        step_ = CalibrationStep::Done;
        if (onAccepted_) {
            onAccepted_(*result_);
        }
        break;
    }
    default:
        break;
    }
}

} // namespace bandstation::hw
