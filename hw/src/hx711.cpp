#include "bandstation/hw/hx711.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include <bandstation/base/text.h>

#include "words.h"

namespace bandstation::hw {

int hx711Pulses(Hx711Gain gain)
{
    switch (gain) {
    case Hx711Gain::A128:
        return 25;
    case Hx711Gain::B32:
        return 26;
    case Hx711Gain::A64:
        return 27;
    }
    return 25;
}

std::int64_t hx711SettlingNs(double rateHz)
{
    // Datasheet: output settling time 400 ms at 10 samples/s, 50 ms at 80 samples/s (four
    // conversion periods).
    return static_cast<std::int64_t>(4.0e9 / rateHz);
}

Hx711Driver::Hx711Driver(GpioLines& lines, Clock& clock, Hx711Config config)
    : lines_(lines), clock_(clock), config_(config),
      periodNs_(static_cast<std::int64_t>(1e9 / config.rateHz))
{
    lastAliveNs_ = clock_.nowNs();
}

std::string Hx711Driver::describe() const
{
    return "HX711 (" + base::fixed(config_.rateHz, 0) + " samples/s, DOUT " +
           lines_.describeInput() + ")";
}

bool Hx711Driver::poll(std::vector<core::RawSample>& out)
{
    if (needReset_) {
        reset();
    } else {
        stream(out);
    }
    updateState(clock_.nowNs());
    return true;
}

void Hx711Driver::reset()
{
    // Holding PD_SCK high for more than 60 µs powers the chip down; releasing it resets the chip
    // (channel A, gain 128) and starts a fresh conversion after the settling time.
    const bool ok = lines_.setOutput(true);
    clock_.sleepFor(kHx711ResetHoldNs);
    if (!lines_.setOutput(false) || !ok) {
        lastProblem_ = Problem::LineError;
        ++counters_.badReads;
        clock_.sleepFor(periodNs_);
        return;
    }
    ++counters_.resets;
    needReset_ = false;
    discard_ = config_.discardAfterReset;
    badRun_ = 0;
    pending_.reset();
    const auto now = clock_.nowNs();
    readEndNs_ = now;
    readyDeadlineNs_ = now + hx711SettlingNs(config_.rateHz) + periodNs_ * 5 / 2;
}

void Hx711Driver::stream(std::vector<core::RawSample>& out)
{
    const auto now = clock_.nowNs();
    auto deadline = readyDeadlineNs_;
    if (state_ != SourceState::Faulted) {
        deadline = std::min(deadline, lastAliveNs_ + config_.faultAfterNs + 1);
    }
    const auto wait = lines_.waitFallingEdge(std::max<std::int64_t>(deadline - now, 0));
    if (wait.status == GpioLines::WaitStatus::Error) {
        onBadRead(ReadResult::LineError);
        return;
    }
    if (wait.status == GpioLines::WaitStatus::Timeout) {
        if (clock_.nowNs() >= readyDeadlineNs_) {
            onTimeout();
        }
        return;
    }
    if (wait.edge.tNs < readEndNs_) {
        return; // a falling data bit of the previous word
    }
    const auto readyNs = detail::edgeTime(wait.edge.tNs, clock_.nowNs());
    if (lines_.readInput() != 0) {
        return; // a spurious edge: noise on DOUT, no data behind it
    }
    // The chip signalled data-ready in step: the word read before this one was intact.
    confirmPending(readyNs, out);

    std::int32_t word = 0;
    auto result = readWord(word);
    readyDeadlineNs_ = readEndNs_ + periodNs_ * 5 / 2;
    // The chip overwrites an unread result with the next conversion until the first clock pulse
    // latches it: a word latched most of a period after its data-ready may be the next one, and
    // its timestamp a period off.
    const bool stale = firstRiseNs_ - readyNs > periodNs_ * 8 / 10;
    if (result == ReadResult::Ok && stale) {
        result = ReadResult::Timing;
    }
    if (result == ReadResult::Ok) {
        onGoodWord(readyNs, word, out);
    } else {
        onBadRead(result);
    }
}

Hx711Driver::ReadResult Hx711Driver::readWord(std::int32_t& word)
{
    const int pulses = hx711Pulses(config_.gain);
    std::uint32_t bits = 0;
    bool mismatch = false;
    bool slow = false;
    for (int i = 0; i < pulses; ++i) {
        const auto t0 = clock_.nowNs();
        if (!lines_.setOutput(true)) {
            return ReadResult::LineError;
        }
        if (i == 0) {
            firstRiseNs_ = clock_.nowNs();
        }
        const int high = i < 24 ? lines_.readInput() : 0;
        if (!lines_.setOutput(false)) {
            return ReadResult::LineError;
        }
        const auto highNs = clock_.nowNs() - t0;
        if (highNs > kHx711PowerDownNs) {
            readEndNs_ = clock_.nowNs();
            return ReadResult::PoweredDown; // the chip has reset: stop clocking
        }
        slow = slow || highNs > kHx711MaxHighNs;
        if (i < 24) {
            const int low = lines_.readInput();
            if (high < 0 || low < 0) {
                return ReadResult::LineError;
            }
            mismatch = mismatch || high != low;
            bits = (bits << 1) | static_cast<std::uint32_t>(low);
        }
    }
    readEndNs_ = clock_.nowNs();
    // After the 25th pulse the chip pulls DOUT high until the next conversion.
    const int after = lines_.readInput();
    if (slow) {
        return ReadResult::Timing;
    }
    if (mismatch) {
        return ReadResult::BitMismatch;
    }
    if (after != 1) {
        return after < 0 ? ReadResult::LineError : ReadResult::DoutLowAfterRead;
    }
    word = detail::signExtend24(bits);
    return ReadResult::Ok;
}

void Hx711Driver::onGoodWord(std::int64_t readyNs, std::int32_t word,
                             std::vector<core::RawSample>& /*out*/)
{
    lastAliveNs_ = readEndNs_;
    badRun_ = 0;
    if (discard_ > 0) {
        --discard_;
        return;
    }
    core::RawSample sample{readyNs, word, 0, config_.channel};
    if (word >= kHx711Max || word <= kHx711Min) {
        sample.flags = core::withFlag(sample.flags, core::SampleFlag::Saturated);
    }
    pending_ = sample;
}

void Hx711Driver::confirmPending(std::int64_t readyNs, std::vector<core::RawSample>& out)
{
    if (!pending_) {
        return;
    }
    auto sample = *pending_;
    pending_.reset();
    if (readyNs - sample.tNs > periodNs_ * 5 / 2) {
        ++counters_.badReads; // the chip went quiet after this word: not proven intact
        return;
    }
    if (lastDeliveredNs_ && sample.tNs - *lastDeliveredNs_ > periodNs_ * 3 / 2) {
        sample.flags = core::withFlag(sample.flags, core::SampleFlag::Gap);
        ++counters_.gaps;
    }
    if (core::hasFlag(sample.flags, core::SampleFlag::Saturated)) {
        ++counters_.saturations;
    }
    lastDeliveredNs_ = sample.tNs;
    ++counters_.samples;
    state_ = SourceState::Streaming;
    lastProblem_ = Problem::None;
    out.push_back(sample);
}

void Hx711Driver::onBadRead(ReadResult result)
{
    ++counters_.badReads;
    ++badRun_;
    switch (result) {
    case ReadResult::Timing:
        ++counters_.timingRejects;
        lastProblem_ = Problem::Timing;
        break;
    case ReadResult::PoweredDown:
        ++counters_.timingRejects;
        lastProblem_ = Problem::Timing;
        needReset_ = true;
        break;
    case ReadResult::BitMismatch:
        lastProblem_ = Problem::BitMismatch;
        break;
    case ReadResult::DoutLowAfterRead:
        lastProblem_ = Problem::DoutLowAfterRead;
        break;
    case ReadResult::LineError:
        lastProblem_ = Problem::LineError;
        clock_.sleepFor(periodNs_); // a line that errors fails at once: do not spin on it
        break;
    case ReadResult::Ok:
        break;
    }
    if (badRun_ >= config_.badReadsBeforeReset) {
        needReset_ = true;
    }
}

void Hx711Driver::onTimeout()
{
    ++counters_.timeouts;
    if (pending_) {
        ++counters_.badReads; // never confirmed by a following data-ready
        pending_.reset();
    }
    lastProblem_ = lines_.readInput() == 0 ? Problem::DoutLowAfterRead : Problem::NoDataReady;
    needReset_ = true;
}

void Hx711Driver::updateState(std::int64_t nowNs)
{
    if (nowNs - lastAliveNs_ > config_.faultAfterNs) {
        state_ = SourceState::Faulted;
    }
}

std::string Hx711Driver::faultReason() const
{
    const auto quiet = base::fixed(static_cast<double>(config_.faultAfterNs) / 1e9, 2);
    switch (lastProblem_) {
    case Problem::None:
    case Problem::NoDataReady:
        return "no data-ready from the HX711 for " + quiet + " s: DOUT (" + lines_.describeInput() +
               ") stays high; is the chip wired and powered?";
    case Problem::DoutLowAfterRead:
        return "HX711 DOUT (" + lines_.describeInput() + ") stays low: no valid word for " + quiet +
               " s (DOUT shorted to ground, or PD_SCK not reaching the chip?)";
    case Problem::BitMismatch:
        return "every HX711 word is garbled (bits change within a clock pulse): noise on DOUT; "
               "shorten or shield the wires";
    case Problem::Timing:
        return "every HX711 read overruns the 50 µs clock-high limit: the reader thread is "
               "being pre-empted (real-time priority not granted?)";
    case Problem::LineError:
        return "the GPIO lines of the HX711 (" + lines_.describeInput() + ") fail";
    }
    return "unknown fault";
}

SourceStatus Hx711Driver::status() const
{
    SourceStatus status;
    status.state = state_;
    status.counters = counters_;
    status.configuredRateHz = config_.rateHz;
    if (state_ == SourceState::Faulted) {
        status.reason = faultReason();
    }
    return status;
}

} // namespace bandstation::hw
