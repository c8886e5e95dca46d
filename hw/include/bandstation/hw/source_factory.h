#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include <bandstation/hw/ads1220.h>
#include <bandstation/hw/gpio_lines.h>
#include <bandstation/hw/hx711.h>
#include <bandstation/hw/replay.h>
#include <bandstation/hw/simulated_athlete.h>
#include <bandstation/hw/source.h>
#include <bandstation/hw/spi_device.h>
#include <bandstation/hw/threaded_source.h>

namespace bandstation::hw {

enum class SensorKind { Hx711, Ads1220, Simulated, Replay };
std::optional<SensorKind> parseSensorKind(std::string_view text); // hx711 ads1220 simulated replay
std::string_view toString(SensorKind kind);

// Everything needed to open any sensor; only the part for `kind` is used. Defaults are the wiring
// of docs/hardware.md.
struct SensorConfig {
    SensorKind kind = SensorKind::Simulated;

    GpioLinesConfig hx711Lines{"auto", "GPIO5", std::string("GPIO6")}; // DOUT, PD_SCK
    std::optional<GpioLinesConfig> hx711RightLines; // a second HX711 for a right load cell
    Hx711Config hx711{};

    SpiConfig spi{};
    GpioLinesConfig drdyLines{"auto", "GPIO25", std::nullopt};
    Ads1220Config ads1220{};

    SimulatedConfig simulated{};
    AthleteConfig athlete{};
    AthletePlan plan{};

    ReplayConfig replay{};

    ReaderOptions reader{};
};

struct OpenedSource {
    std::unique_ptr<LoadCellSource> source;
    SimulatedSampler* simulated = nullptr; // set for the simulated sensor: it takes plans
};

// Opens the device and wraps its driver in a reader thread (not started). Throws SetupError
// naming the device when it is missing, or when this build lacks the backend.
OpenedSource openSource(const SensorConfig& config);

// The sampler alone (for `bandstation record`, which runs it on its own thread). `clock` must
// outlive it.
std::unique_ptr<Sampler> openSampler(const SensorConfig& config, Clock& clock,
                                     const GpioLinesConfig* hx711Lines = nullptr);

} // namespace bandstation::hw
