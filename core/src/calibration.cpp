#include "bandstation/core/calibration.h"

#include <cmath>
#include <limits>

#include <bandstation/base/text.h>

namespace bandstation::core {

bool Calibration::valid() const
{
    return std::isfinite(offsetCounts) && std::isfinite(countsPerNewton) && countsPerNewton != 0.0;
}

double Calibration::newtons(std::int32_t counts) const
{
    return (static_cast<double>(counts) - offsetCounts) / countsPerNewton;
}

ForceSample Calibration::apply(const RawSample& raw, const CountRange& range) const
{
    ForceSample out{raw.tNs, newtons(raw.counts), raw.flags};
    if (range.saturated(raw.counts)) {
        out.flags = withFlag(out.flags, SampleFlag::Saturated);
    }
    if (hasFlag(out.flags, SampleFlag::Saturated) || hasFlag(out.flags, SampleFlag::Invalid)) {
        out.forceN = std::numeric_limits<double>::quiet_NaN();
    }
    return out;
}

namespace {

struct WindowStats {
    std::size_t n = 0;
    bool unusable = false; // saturated or invalid samples present
    double mean = 0.0;
    double stddev = 0.0;
};

WindowStats stats(std::span<const RawSample> window, const CountRange& range)
{
    WindowStats s;
    double sum = 0.0;
    for (const auto& r : window) {
        if (range.saturated(r.counts) || hasFlag(r.flags, SampleFlag::Saturated) ||
            hasFlag(r.flags, SampleFlag::Invalid)) {
            s.unusable = true;
            continue;
        }
        sum += r.counts;
        ++s.n;
    }
    if (s.n == 0) {
        return s;
    }
    s.mean = sum / static_cast<double>(s.n);
    double squares = 0.0;
    for (const auto& r : window) {
        if (!range.saturated(r.counts) && !hasFlag(r.flags, SampleFlag::Saturated) &&
            !hasFlag(r.flags, SampleFlag::Invalid)) {
            squares += (r.counts - s.mean) * (r.counts - s.mean);
        }
    }
    s.stddev = s.n > 1 ? std::sqrt(squares / static_cast<double>(s.n - 1)) : 0.0;
    return s;
}

CalibrationResult refuse(CalibrationResult r, CalibrationError error, std::string reason)
{
    r.error = error;
    r.reason = std::move(reason);
    r.calibration.reset();
    return r;
}

} // namespace

CalibrationResult solveTwoPoint(const CalibrationInput& in)
{
    CalibrationResult r;
    if (!std::isfinite(in.massKg) || !std::isfinite(in.gravity)) {
        return refuse(r, CalibrationError::NotFinite,
                      "the mass and gravity must be finite numbers");
    }
    if (in.massKg <= 0.0 || in.gravity <= 0.0) {
        return refuse(r, CalibrationError::BadMass,
                      "the known mass must be positive (got " + base::fixed(in.massKg, 3) + " kg)");
    }
    const auto tare = stats(in.tare, in.range);
    const auto loaded = stats(in.loaded, in.range);
    r.tareMean = tare.mean;
    r.tareStddev = tare.stddev;
    r.loadedMean = loaded.mean;
    r.loadedStddev = loaded.stddev;
    if (tare.unusable || loaded.unusable) {
        return refuse(r, CalibrationError::Saturated,
                      std::string("the ") + (tare.unusable ? "tare" : "loaded") +
                          " reading holds saturated or invalid samples: check the wiring and "
                          "that the load is within the load cell's range");
    }
    if (tare.n < kMinCalibrationSamples || loaded.n < kMinCalibrationSamples) {
        return refuse(r, CalibrationError::TooFewSamples,
                      "need at least " + std::to_string(kMinCalibrationSamples) +
                          " samples for tare and for the mass (got " + std::to_string(tare.n) +
                          " and " + std::to_string(loaded.n) + ")");
    }
    const double quiet = kMaxQuietStddevFraction * in.range.span();
    if (tare.stddev > quiet) {
        return refuse(r, CalibrationError::NoisyTare,
                      "the reading moved during tare (spread " + base::fixed(tare.stddev, 0) +
                          " counts, at most " + base::fixed(quiet, 0) +
                          "): leave the band still and tare again");
    }
    if (loaded.stddev > quiet) {
        return refuse(r, CalibrationError::NoisyLoad,
                      "the reading moved with the mass on (spread " +
                          base::fixed(loaded.stddev, 0) + " counts, at most " +
                          base::fixed(quiet, 0) + "): let the mass hang still and try again");
    }
    const double change = loaded.mean - tare.mean;
    const double minChange = kMinCalibrationChangeFraction * in.range.span();
    if (std::abs(change) < minChange) {
        return refuse(r, CalibrationError::TooSmallChange,
                      "the mass moved the reading by " + base::fixed(std::abs(change), 0) +
                          " counts, less than 1 % of the range (" + base::fixed(minChange, 0) +
                          "): use a heavier mass or check the load cell");
    }
    Calibration c;
    c.offsetCounts = tare.mean;
    c.countsPerNewton = change / (in.massKg * in.gravity);
    r.calibration = c;
    return r;
}

} // namespace bandstation::core
