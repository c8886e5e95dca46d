#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <bandstation/hw/clock.h>
#include <bandstation/hw/gpio_lines.h>
#include <bandstation/hw/source.h>

namespace bandstation::hw {

// The HX711's input and gain, selected by the number of PD_SCK pulses after the 24 data bits.
enum class Hx711Gain { A128, B32, A64 };
int hx711Pulses(Hx711Gain gain); // 25, 26, 27

// Protocol facts from the datasheet (Avia Semiconductor HX711, rev 2.0).
inline constexpr std::int64_t kHx711MaxHighNs = 50'000;    // PD_SCK high time, max
inline constexpr std::int64_t kHx711PowerDownNs = 60'000;  // high longer than this: power down
inline constexpr std::int64_t kHx711ResetHoldNs = 100'000; // what we hold to force power down
inline constexpr std::int32_t kHx711Max = 0x7FFFFF;        // full scale, positive
inline constexpr std::int32_t kHx711Min = -0x800000;       // full scale, negative
std::int64_t hx711SettlingNs(double rateHz);               // 400 ms at 10/s, 50 ms at 80/s

struct Hx711Config {
    double rateHz = 80; // what the RATE pin selects: 10 or 80
    Hx711Gain gain = Hx711Gain::A128;
    int discardAfterReset = 1;               // first words after a power-down cycle are not trusted
    int badReadsBeforeReset = 3;             // a run of failed reads forces a power-down cycle
    std::int64_t faultAfterNs = 450'000'000; // no valid word this long: Faulted
    std::uint8_t channel = 0;                // tag on every sample (a second HX711 is channel 1)
};

// Bit-banged HX711 driver: an explicit state machine (reset → wait for data-ready → read →
// validate → confirm) that counts its errors and heals itself.
//
// A word becomes a sample only when every check passed: DOUT was low at data-ready; each bit read
// the same in the clock's high and low phase; no clock-high phase passed 50 µs (timed around each
// pulse; 60 µs powers the chip down, which forces a reset); DOUT was high again after the last
// pulse; and the chip proved it was still alive and in step by signalling the next data-ready in
// time. That last check delays each sample by one period (12.5 ms at 80/s) and is what catches a
// line that broke half way through a word. Full-scale codes are delivered flagged Saturated.
// Each sample is stamped with the kernel's timestamp of the data-ready edge.
// Thread: one reader thread (poll, status).
class Hx711Driver final : public Sampler {
public:
    Hx711Driver(GpioLines& lines, Clock& clock, Hx711Config config);

    std::string describe() const override;
    double configuredRateHz() const override { return config_.rateHz; }
    core::CountRange range() const override { return {kHx711Min, kHx711Max}; }
    bool poll(std::vector<core::RawSample>& out) override;
    SourceStatus status() const override;

private:
    enum class Problem { None, NoDataReady, DoutLowAfterRead, BitMismatch, Timing, LineError };
    enum class ReadResult { Ok, BitMismatch, Timing, PoweredDown, DoutLowAfterRead, LineError };

    void reset();
    void stream(std::vector<core::RawSample>& out);
    ReadResult readWord(std::int32_t& word);
    void onGoodWord(std::int64_t readyNs, std::int32_t word, std::vector<core::RawSample>& out);
    void onBadRead(ReadResult result);
    void onTimeout();
    void confirmPending(std::int64_t readyNs, std::vector<core::RawSample>& out);
    void updateState(std::int64_t nowNs);
    std::string faultReason() const;

    GpioLines& lines_;
    Clock& clock_;
    Hx711Config config_;
    std::int64_t periodNs_;

    bool needReset_ = true;
    int discard_ = 0;
    int badRun_ = 0;
    std::int64_t readyDeadlineNs_ = 0; // give up waiting for data-ready at this instant
    std::int64_t readEndNs_ = 0;       // edges before this are data bits, not data-ready
    std::int64_t firstRiseNs_ = 0;     // the first clock pulse of the last read latched the word
    std::int64_t lastAliveNs_ = 0;     // last word that passed its checks (or the start)
    std::optional<core::RawSample> pending_;
    std::optional<std::int64_t> lastDeliveredNs_;
    Problem lastProblem_ = Problem::None;

    SourceState state_ = SourceState::Starting;
    SourceCounters counters_;
};

} // namespace bandstation::hw
