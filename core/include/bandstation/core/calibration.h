#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include <bandstation/core/sample.h>

namespace bandstation::core {

// The codes a converter can produce. Codes at either end are saturation (HX711: 0x800000 and
// 0x7FFFFF as signed 24-bit values).
struct CountRange {
    std::int32_t min = -(1 << 23);
    std::int32_t max = (1 << 23) - 1;

    double span() const { return static_cast<double>(max) - static_cast<double>(min); }
    bool saturated(std::int32_t counts) const { return counts <= min || counts >= max; }
};

// counts → newtons: force = (counts − offsetCounts) / countsPerNewton. countsPerNewton may be
// negative (a load cell wired the other way round).
struct Calibration {
    double offsetCounts = 0.0;
    double countsPerNewton = 1.0;

    bool valid() const;
    double newtons(std::int32_t counts) const;
    // A raw sample as force; saturated or invalid samples keep their flags (their force is NaN).
    ForceSample apply(const RawSample& raw, const CountRange& range) const;
};

enum class CalibrationError {
    None,
    NotFinite,      // mass, gravity or a reading is NaN or infinite
    BadMass,        // mass not positive
    TooFewSamples,  // less than kMinCalibrationSamples usable samples in a window
    Saturated,      // a window holds saturated or invalid samples
    NoisyTare,      // the tare window moved: the band was not at rest
    NoisyLoad,      // the loaded window moved: the mass was swinging
    TooSmallChange, // the mass moved the reading less than 1 % of the range
};

struct CalibrationInput {
    std::span<const RawSample> tare;   // a quiet second with nothing attached (or the bare band)
    std::span<const RawSample> loaded; // the same, with a known mass hanging
    double massKg = 0.0;
    double gravity = 9.80665;
    CountRange range{};
};

struct CalibrationResult {
    std::optional<Calibration> calibration;
    CalibrationError error = CalibrationError::None;
    std::string reason; // a sentence a person can act on; empty on success
    double tareMean = 0.0, tareStddev = 0.0, loadedMean = 0.0, loadedStddev = 0.0;
};

inline constexpr std::size_t kMinCalibrationSamples = 8;
// A window whose standard deviation exceeds this fraction of the code range is not at rest.
inline constexpr double kMaxQuietStddevFraction = 5e-4;
// The known mass must move the mean reading by at least this fraction of the code range.
inline constexpr double kMinCalibrationChangeFraction = 0.01;

// Two-point calibration from a tare window and a known-mass window. Refuses bad input with a
// reason instead of returning a calibration that would be wrong.
CalibrationResult solveTwoPoint(const CalibrationInput& input);

} // namespace bandstation::core
