#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <bandstation/hw/clock.h>
#include <bandstation/hw/gpio_lines.h>
#include <bandstation/hw/source.h>
#include <bandstation/hw/spi_device.h>

namespace bandstation::hw {

// Commands and register layout from the datasheet (TI ADS1220, SBAS501).
namespace ads1220 {
inline constexpr std::uint8_t kReset = 0x06;
inline constexpr std::uint8_t kStartSync = 0x08;
inline constexpr std::uint8_t kPowerDown = 0x02;
inline constexpr std::uint8_t kReadData = 0x10;
constexpr std::uint8_t readRegisters(int first, int count)
{
    return static_cast<std::uint8_t>(0x20 | (first << 2) | (count - 1));
}
constexpr std::uint8_t writeRegisters(int first, int count)
{
    return static_cast<std::uint8_t>(0x40 | (first << 2) | (count - 1));
}
inline constexpr std::uint8_t kMuxAin0Ain1 = 0x0;     // first load cell
inline constexpr std::uint8_t kMuxAin2Ain3 = 0x5;     // second load cell
inline constexpr std::int64_t kResetWaitNs = 100'000; // 50 µs + 32 clocks, with margin
inline constexpr std::int32_t kMax = 0x7FFFFF;
inline constexpr std::int32_t kMin = -0x800000;
using Registers = std::array<std::uint8_t, 4>;
// Conversion period the registers select (normal, duty-cycle or turbo mode).
double dataRateHz(const Registers& regs);
} // namespace ads1220

enum class Ads1220Reference { Internal, External0, Supply };

struct Ads1220Config {
    double rateHz = 330; // 20 45 90 175 330 600 1000 (normal), 40 … 2000 (turbo: 180 350 660 1200)
    int gain = 128;      // 1 2 4 8 16 32 64 128
    Ads1220Reference reference = Ads1220Reference::Supply; // ratiometric for a load cell bridge
    int channels = 1; // 2: AIN0-AIN1 and AIN2-AIN3 alternately (left and right cells)
    std::int64_t verifyEveryNs = 10'000'000; // read the registers back at least this often
    std::int64_t faultAfterNs = 450'000'000;
};

// The four register values a configuration selects, for the given input pair. Throws SetupError
// for a rate or gain the chip does not have, listing the ones it has.
ads1220::Registers ads1220Registers(const Ads1220Config& config, std::uint8_t mux);

// ADS1220 driver: reset → configure → read back → start → on each DRDY edge read the result. It
// proves the chip is still configured as asked by reading the registers back every
// verifyEveryNs and only then releases the samples read since the last good check: a chip that
// browned out, a MISO line that broke, a write that did not take, all cost the unproven samples
// and a reconfiguration, never a wrong sample. A missing DRDY resets and reconfigures the chip.
// With two channels the input multiplexer alternates after every conversion.
// Thread: one reader thread (poll, status).
class Ads1220Driver final : public Sampler {
public:
    Ads1220Driver(SpiDevice& spi, GpioLines& drdy, Clock& clock, Ads1220Config config);

    std::string describe() const override;
    double configuredRateHz() const override { return config_.rateHz; }
    core::CountRange range() const override { return {ads1220::kMin, ads1220::kMax}; }
    int channels() const override { return config_.channels; }
    bool poll(std::vector<core::RawSample>& out) override;
    SourceStatus status() const override;

private:
    enum class Step { Reset, Configure, Stream };
    enum class Problem { None, Transfer, Readback, NoDrdy, DrdyStuckLow };

    void reset();
    void configure();
    void stream(std::vector<core::RawSample>& out);
    bool verify();
    bool selectChannel(int channel);
    void release(std::vector<core::RawSample>& out);
    void dropPending();
    void fail(Problem problem);
    std::string faultReason() const;

    SpiDevice& spi_;
    GpioLines& drdy_;
    Clock& clock_;
    Ads1220Config config_;
    std::array<ads1220::Registers, 2> expected_{};
    std::int64_t periodNs_;

    Step step_ = Step::Reset;
    int channel_ = 0;
    int failRun_ = 0;
    std::int64_t readyDeadlineNs_ = 0;
    std::int64_t lastVerifyNs_ = 0;
    std::int64_t switchedNs_ = 0; // results ready before this were converted on another input
    std::int64_t lastAliveNs_ = 0;
    std::vector<core::RawSample> pending_;
    std::array<std::optional<std::int64_t>, 2> lastDeliveredNs_{};
    Problem lastProblem_ = Problem::None;
    ads1220::Registers lastRead_{};

    SourceState state_ = SourceState::Starting;
    SourceCounters counters_;
};

} // namespace bandstation::hw
