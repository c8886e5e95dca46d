#include "bandstation/hw/source_factory.h"

#include "bandstation/hw/dual_source.h"
#include "bandstation/hw/errors.h"

#ifdef BANDSTATION_HAVE_GPIOD
#include <bandstation/hw/gpiod_lines.h>
#endif
#ifdef BANDSTATION_HAVE_SPIDEV
#include <bandstation/hw/spidev_device.h>
#endif

namespace bandstation::hw {

namespace {

std::unique_ptr<GpioLines> openLines([[maybe_unused]] const GpioLinesConfig& config)
{
#ifdef BANDSTATION_HAVE_GPIOD
    return openGpiodLines(config);
#else
    throw SetupError("this build has no GPIO support (configure with BANDSTATION_WITH_GPIOD=ON "
                     "and libgpiod-dev installed)");
#endif
}

std::unique_ptr<SpiDevice> openSpi([[maybe_unused]] const SpiConfig& config)
{
#ifdef BANDSTATION_HAVE_SPIDEV
    return openSpidev(config);
#else
    throw SetupError("this build has no SPI support (configure with BANDSTATION_WITH_SPIDEV=ON)");
#endif
}

// A driver together with the devices it talks to, so they live and die together.
class OwningHx711 final : public Sampler {
public:
    OwningHx711(std::unique_ptr<GpioLines> lines, Clock& clock, const Hx711Config& config)
        : lines_(std::move(lines)), driver_(*lines_, clock, config)
    {
    }
    std::string describe() const override { return driver_.describe(); }
    double configuredRateHz() const override { return driver_.configuredRateHz(); }
    core::CountRange range() const override { return driver_.range(); }
    bool poll(std::vector<core::RawSample>& out) override { return driver_.poll(out); }
    SourceStatus status() const override { return driver_.status(); }

private:
    std::unique_ptr<GpioLines> lines_;
    Hx711Driver driver_;
};

class OwningAds1220 final : public Sampler {
public:
    OwningAds1220(std::unique_ptr<SpiDevice> spi, std::unique_ptr<GpioLines> drdy, Clock& clock,
                  const Ads1220Config& config)
        : spi_(std::move(spi)), drdy_(std::move(drdy)), driver_(*spi_, *drdy_, clock, config)
    {
    }
    std::string describe() const override { return driver_.describe(); }
    double configuredRateHz() const override { return driver_.configuredRateHz(); }
    core::CountRange range() const override { return driver_.range(); }
    int channels() const override { return driver_.channels(); }
    bool poll(std::vector<core::RawSample>& out) override { return driver_.poll(out); }
    SourceStatus status() const override { return driver_.status(); }

private:
    std::unique_ptr<SpiDevice> spi_;
    std::unique_ptr<GpioLines> drdy_;
    Ads1220Driver driver_;
};

// The reader thread's clock, kept alive by the sampler that uses it.
MonotonicClock& processClock()
{
    static MonotonicClock clock;
    return clock;
}

} // namespace

std::optional<SensorKind> parseSensorKind(std::string_view text)
{
    if (text == "hx711") {
        return SensorKind::Hx711;
    }
    if (text == "ads1220") {
        return SensorKind::Ads1220;
    }
    if (text == "simulated") {
        return SensorKind::Simulated;
    }
    if (text == "replay") {
        return SensorKind::Replay;
    }
    return std::nullopt;
}

std::string_view toString(SensorKind kind)
{
    switch (kind) {
    case SensorKind::Hx711:
        return "hx711";
    case SensorKind::Ads1220:
        return "ads1220";
    case SensorKind::Simulated:
        return "simulated";
    case SensorKind::Replay:
        return "replay";
    }
    return "unknown";
}

std::unique_ptr<Sampler> openSampler(const SensorConfig& config, Clock& clock,
                                     const GpioLinesConfig* hx711Lines)
{
    switch (config.kind) {
    case SensorKind::Hx711:
        if (config.hx711.rateHz != 10 && config.hx711.rateHz != 80) {
            throw SetupError("the HX711 samples at 10 or 80 samples/s (its RATE pin), not " +
                             std::to_string(config.hx711.rateHz));
        }
        return std::make_unique<OwningHx711>(
            openLines(hx711Lines != nullptr ? *hx711Lines : config.hx711Lines), clock,
            config.hx711);
    case SensorKind::Ads1220: {
        ads1220Registers(config.ads1220, ads1220::kMuxAin0Ain1); // validates rate and gain
        auto spi = openSpi(config.spi);
        return std::make_unique<OwningAds1220>(std::move(spi), openLines(config.drdyLines), clock,
                                               config.ads1220);
    }
    case SensorKind::Simulated:
        return std::make_unique<SimulatedSampler>(clock, config.simulated, config.athlete,
                                                  config.plan);
    case SensorKind::Replay:
        return std::make_unique<ReplaySampler>(clock, config.replay);
    }
    throw SetupError("unknown sensor kind");
}

OpenedSource openSource(const SensorConfig& config)
{
    OpenedSource opened;
    auto sampler = openSampler(config, processClock());
    if (config.kind == SensorKind::Simulated) {
        opened.simulated = static_cast<SimulatedSampler*>(sampler.get());
    }
    auto source = std::make_unique<ThreadedSource>(std::move(sampler), config.reader);
    if (config.kind == SensorKind::Hx711 && config.hx711RightLines) {
        auto right = openSampler(config, processClock(), &*config.hx711RightLines);
        opened.source = std::make_unique<DualSource>(
            std::move(source), std::make_unique<ThreadedSource>(std::move(right), config.reader));
    } else {
        opened.source = std::move(source);
    }
    return opened;
}

} // namespace bandstation::hw
