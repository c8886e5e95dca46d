#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <bandstation/hw/fake/fake_clock.h>
#include <bandstation/hw/gpio_lines.h>
#include <bandstation/hw/hx711.h>

namespace bandstation::hw::fake {

// Something that goes wrong with the chip or its wires, starting at line operation `atOp`
// (every setOutput, readInput and waitFallingEdge is one operation, counted from 0).
struct Hx711Fault {
    enum class Kind {
        NotReady,  // conversions finish but data-ready is not signalled, for durationNs
        StuckHigh, // DOUT reads high (unplugged, pulled up), for durationNs
        StuckLow,  // DOUT reads low (shorted), for durationNs
        GlitchBit, // this one read of DOUT returns the wrong level
        Preempt,   // the calling thread is away for delayNs before the operation takes effect
        Saturate,  // the input is beyond full scale: conversions give 0x7FFFFF, for durationNs
        PowerLoss, // a brown-out: the chip resets (gain back to A-128, settling starts again)
    };
    Kind kind = Kind::GlitchBit;
    std::uint64_t atOp = 0;
    std::int64_t durationNs = 0;
    std::int64_t delayNs = 0;
};
std::string toString(Hx711Fault::Kind kind);

// The HX711 as a chip: a 24-bit shift register behind PD_SCK and DOUT, on fake GPIO lines. It
// converts on its own crystal, signals data-ready by pulling DOUT low (a falling edge, stamped),
// shifts one bit out per rising PD_SCK edge MSB first, pulls DOUT high on the 25th, takes the
// pulse count as the gain of the next conversion, overwrites an unread result, drops a
// conversion that finishes while it is being read, and powers down when PD_SCK stays high for
// more than 60 µs (reset to A-128 and settling on release). Every operation costs opCostNs of
// virtual time. Faults are injected per operation.
class FakeHx711 {
public:
    using Signal = std::function<std::int64_t(std::int64_t tNs, Hx711Gain gain)>;

    struct Config {
        double rateHz = 80;
        double crystalPpm = 0;         // the chip's clock error
        std::int64_t opCostNs = 1'000; // a GPIO ioctl on a Pi 4 takes about this long
    };
    // A conversion the chip finished: what a correct driver may deliver, and nothing else.
    struct Conversion {
        std::int64_t readyNs = 0;
        std::int32_t code = 0;
        Hx711Gain gain = Hx711Gain::A128;
        bool signalled = true; // data-ready was signalled (DOUT went low)
    };

    FakeHx711(FakeClock& clock, Config config, Signal signal);

    GpioLines& lines() { return lines_; }
    void inject(Hx711Fault fault) { faults_.push_back(fault); }
    std::uint64_t operations() const { return ops_; }
    const std::vector<Conversion>& conversions() const { return conversions_; }
    int powerDowns() const { return powerDowns_; }
    int overruns() const { return overruns_; }

private:
    class Lines final : public GpioLines {
    public:
        explicit Lines(FakeHx711& chip) : chip_(chip) {}
        bool setOutput(bool high) override { return chip_.setClock(high); }
        int readInput() override { return chip_.readDout(); }
        WaitResult waitFallingEdge(std::int64_t timeoutNs) override
        {
            return chip_.waitFalling(timeoutNs);
        }
        std::string describeInput() const override { return "fake DOUT"; }

    private:
        FakeHx711& chip_;
    };

    bool setClock(bool high);
    int readDout();
    GpioLines::WaitResult waitFalling(std::int64_t timeoutNs);
    bool beginOp(); // applies the faults due at this operation; true: glitch this read
    void sync(std::int64_t tNs);
    std::int64_t nextEventNs() const;
    void convert(std::int64_t tNs);
    void powerUp(std::int64_t tNs);
    int level(std::int64_t tNs) const;
    void updateLevel(std::int64_t tNs);

    FakeClock& clock_;
    Config config_;
    Signal signal_;
    Lines lines_{*this};
    std::int64_t periodNs_;

    std::uint64_t ops_ = 0;
    std::vector<Hx711Fault> faults_;
    std::int64_t stuckHighUntil_ = 0, stuckLowUntil_ = 0, notReadyUntil_ = 0, saturateUntil_ = 0;

    bool powered_ = true;
    bool clockHigh_ = false;
    std::int64_t highSinceNs_ = 0;
    std::int64_t nextConversionNs_ = 0;
    Hx711Gain gain_ = Hx711Gain::A128;
    bool ready_ = false; // a result waits in the output register
    int pulses_ = 0;     // rising edges since data-ready
    std::uint32_t shift_ = 0;
    int lastLevel_ = 1;
    std::deque<std::int64_t> edges_; // falling edges of DOUT not yet taken by a waiter

    std::vector<Conversion> conversions_;
    int powerDowns_ = 0;
    int overruns_ = 0;
};

} // namespace bandstation::hw::fake
