#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <bandstation/hw/ads1220.h>
#include <bandstation/hw/fake/fake_clock.h>
#include <bandstation/hw/gpio_lines.h>
#include <bandstation/hw/spi_device.h>

namespace bandstation::hw::fake {

// Something that goes wrong, starting at operation `atOp` (every SPI transfer and every DRDY
// line operation is one operation, counted from 0).
struct Ads1220Fault {
    enum class Kind {
        CorruptWrite,  // this transfer's register write stores a flipped bit (a failed read-back)
        MissingDrdy,   // conversions go on but DRDY stays high, for durationNs
        TransferError, // this transfer fails in the kernel (ioctl error)
        MisoStuck,     // every byte the chip sends reads 0xFF (MISO broken), for durationNs
        PowerLoss,     // a brown-out: registers back to their defaults, conversions stop
        Saturate,      // the input is beyond full scale, for durationNs
        Preempt,       // the caller is away for delayNs before the operation
    };
    Kind kind = Kind::TransferError;
    std::uint64_t atOp = 0;
    std::int64_t durationNs = 0;
    std::int64_t delayNs = 0;
};
std::string toString(Ads1220Fault::Kind kind);

// The ADS1220 as a chip: its command decoder (RESET, START/SYNC, POWERDOWN, RDATA, RREG, WREG),
// its four configuration registers, conversions at the rate and mode they select (continuous or
// single-shot; a register write restarts a running conversion), and DRDY: falling at each result,
// high again once the result is read. Transfers cost virtual time at the SPI clock.
class FakeAds1220 {
public:
    using Signal = std::function<std::int64_t(std::int64_t tNs, std::uint8_t mux, int gain)>;
    struct Config {
        std::uint32_t spiHz = 1'000'000;
        std::int64_t opCostNs = 5'000; // an ioctl's overhead
        double crystalPpm = 0;
    };
    struct Conversion {
        std::int64_t readyNs = 0;
        std::int32_t code = 0;
        ads1220::Registers registers{};
        bool signalled = true;
    };

    FakeAds1220(FakeClock& clock, Config config, Signal signal);

    SpiDevice& spi() { return spi_; }
    GpioLines& drdy() { return drdy_; }
    void inject(Ads1220Fault fault) { faults_.push_back(fault); }
    std::uint64_t operations() const { return ops_; }
    const std::vector<Conversion>& conversions() const { return conversions_; }
    const ads1220::Registers& registers() const { return regs_; }

private:
    class Spi final : public SpiDevice {
    public:
        explicit Spi(FakeAds1220& chip) : chip_(chip) {}
        bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) override
        {
            return chip_.transfer(tx, rx);
        }
        std::string describe() const override { return "fake SPI"; }

    private:
        FakeAds1220& chip_;
    };
    class Drdy final : public GpioLines {
    public:
        explicit Drdy(FakeAds1220& chip) : chip_(chip) {}
        bool setOutput(bool) override { return false; }
        int readInput() override { return chip_.readDrdy(); }
        WaitResult waitFallingEdge(std::int64_t timeoutNs) override
        {
            return chip_.waitFalling(timeoutNs);
        }
        std::string describeInput() const override { return "fake DRDY"; }

    private:
        FakeAds1220& chip_;
    };

    struct OpFaults {
        bool corruptWrite = false;
        bool transferError = false;
    };
    OpFaults beginOp();
    bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx);
    void execute(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx, bool corrupt);
    int readDrdy();
    GpioLines::WaitResult waitFalling(std::int64_t timeoutNs);
    void sync(std::int64_t tNs);
    void convert(std::int64_t tNs);
    void restart(std::int64_t tNs);
    void setDrdy(std::int64_t tNs, int level);
    std::int64_t periodNs() const;
    std::int64_t nextEventNs() const;

    FakeClock& clock_;
    Config config_;
    Signal signal_;
    Spi spi_{*this};
    Drdy drdy_{*this};

    std::uint64_t ops_ = 0;
    std::vector<Ads1220Fault> faults_;
    std::int64_t missingDrdyUntil_ = 0, misoStuckUntil_ = 0, saturateUntil_ = 0;

    ads1220::Registers regs_{};
    bool running_ = false;
    std::int64_t nextConversionNs_ = 0;
    std::uint32_t data_ = 0;
    int drdyLevel_ = 1;
    std::deque<std::int64_t> edges_;
    std::vector<Conversion> conversions_;
};

} // namespace bandstation::hw::fake
