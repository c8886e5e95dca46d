#include "bandstation/hw/ads1220.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>

#include <bandstation/base/sha256.h>
#include <bandstation/base/text.h>

#include "bandstation/hw/errors.h"
#include "words.h"

namespace bandstation::hw {

namespace {

constexpr std::array<double, 7> kNormalRates{20, 45, 90, 175, 330, 600, 1000};
constexpr std::array<double, 7> kTurboRates{40, 90, 180, 350, 660, 1200, 2000};
constexpr std::array<double, 7> kDutyCycleRates{5, 11.25, 22.5, 44, 82.5, 150, 250};
constexpr std::array<int, 8> kGains{1, 2, 4, 8, 16, 32, 64, 128};
constexpr std::int64_t kBackoffNs = 100'000'000;

template <std::size_t N>
int indexOf(const std::array<double, N>& values, double value)
{
    for (std::size_t i = 0; i < N; ++i) {
        if (values[i] == value) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

} // namespace

double ads1220::dataRateHz(const Registers& regs)
{
    const auto dr = static_cast<std::size_t>(regs[1] >> 5);
    const auto mode = (regs[1] >> 3) & 0x3;
    if (dr >= kNormalRates.size()) {
        return 0; // reserved code
    }
    return mode == 2 ? kTurboRates[dr] : mode == 1 ? kDutyCycleRates[dr] : kNormalRates[dr];
}

ads1220::Registers ads1220Registers(const Ads1220Config& config, std::uint8_t mux)
{
    int dr = indexOf(kNormalRates, config.rateHz);
    int mode = 0;
    if (dr < 0) {
        dr = indexOf(kTurboRates, config.rateHz);
        mode = 2;
    }
    if (dr < 0) {
        throw SetupError("ADS1220: no data rate of " + base::fixed(config.rateHz, 0) +
                         " samples/s; it has 20 40 45 90 175 180 330 350 600 660 1000 1200 2000");
    }
    const auto gainIt = std::find(kGains.begin(), kGains.end(), config.gain);
    if (gainIt == kGains.end()) {
        throw SetupError("ADS1220: no gain of " + std::to_string(config.gain) +
                         "; it has 1 2 4 8 16 32 64 128");
    }
    if (config.channels != 1 && config.channels != 2) {
        throw SetupError("ADS1220: channels must be 1 or 2, not " +
                         std::to_string(config.channels));
    }
    const auto gainBits = static_cast<int>(std::distance(kGains.begin(), gainIt));
    const int vref = config.reference == Ads1220Reference::Internal    ? 0
                     : config.reference == Ads1220Reference::External0 ? 1
                                                                       : 3;
    const int mains = mode == 0 && dr == 0 ? 1 : 0; // 50 and 60 Hz rejection exists at 20/s only
    ads1220::Registers regs{};
    regs[0] = static_cast<std::uint8_t>((mux << 4) | (gainBits << 1));
    regs[1] = static_cast<std::uint8_t>((dr << 5) | (mode << 3) | (1 << 2)); // continuous
    regs[2] = static_cast<std::uint8_t>((vref << 6) | (mains << 4));
    regs[3] = 0;
    return regs;
}

Ads1220Driver::Ads1220Driver(SpiDevice& spi, GpioLines& drdy, Clock& clock, Ads1220Config config)
    : spi_(spi), drdy_(drdy), clock_(clock), config_(config),
      periodNs_(static_cast<std::int64_t>(1e9 / config.rateHz))
{
    expected_[0] = ads1220Registers(config_, ads1220::kMuxAin0Ain1);
    expected_[1] = ads1220Registers(config_, ads1220::kMuxAin2Ain3);
    lastAliveNs_ = clock_.nowNs();
}

std::string Ads1220Driver::describe() const
{
    return "ADS1220 on " + spi_.describe() + " (" + base::fixed(config_.rateHz, 0) +
           " samples/s, gain " + std::to_string(config_.gain) + ", DRDY " + drdy_.describeInput() +
           ")";
}

bool Ads1220Driver::poll(std::vector<core::RawSample>& out)
{
    switch (step_) {
    case Step::Reset:
        reset();
        break;
    case Step::Configure:
        configure();
        break;
    case Step::Stream:
        stream(out);
        break;
    }
    if (clock_.nowNs() - lastAliveNs_ > config_.faultAfterNs) {
        state_ = SourceState::Faulted;
    }
    return true;
}

void Ads1220Driver::fail(Problem problem)
{
    lastProblem_ = problem;
    dropPending();
    step_ = Step::Reset;
    if (++failRun_ >= 3) {
        clock_.sleepFor(kBackoffNs); // the chip is not answering: retry calmly, do not spin
    }
}

void Ads1220Driver::reset()
{
    std::array<std::uint8_t, 1> tx{ads1220::kReset}, rx{};
    const bool ok = spi_.transfer(tx, rx);
    clock_.sleepFor(ads1220::kResetWaitNs);
    ++counters_.resets;
    if (!ok) {
        fail(Problem::Transfer);
        return;
    }
    step_ = Step::Configure;
}

void Ads1220Driver::configure()
{
    channel_ = 0;
    const auto& regs = expected_[0];
    std::array<std::uint8_t, 5> tx{ads1220::writeRegisters(0, 4), regs[0], regs[1], regs[2],
                                   regs[3]};
    std::array<std::uint8_t, 5> rx{};
    if (!spi_.transfer(tx, rx)) {
        fail(Problem::Transfer);
        return;
    }
    if (!verify()) {
        return;
    }
    std::array<std::uint8_t, 1> start{ads1220::kStartSync}, ignored{};
    if (!spi_.transfer(start, ignored)) {
        fail(Problem::Transfer);
        return;
    }
    const auto now = clock_.nowNs();
    step_ = Step::Stream;
    switchedNs_ = now;
    lastVerifyNs_ = now;
    readyDeadlineNs_ = now + periodNs_ * 5 / 2 + 1'000'000;
}

bool Ads1220Driver::verify()
{
    std::array<std::uint8_t, 5> tx{ads1220::readRegisters(0, 4), 0, 0, 0, 0};
    std::array<std::uint8_t, 5> rx{};
    if (!spi_.transfer(tx, rx)) {
        fail(Problem::Transfer);
        return false;
    }
    std::copy(rx.begin() + 1, rx.end(), lastRead_.begin());
    if (lastRead_ != expected_[static_cast<std::size_t>(channel_)]) {
        ++counters_.configFailures;
        fail(Problem::Readback);
        return false;
    }
    lastVerifyNs_ = clock_.nowNs();
    return true;
}

bool Ads1220Driver::selectChannel(int channel)
{
    // Writing a register in continuous mode restarts the conversion on the new input. The write
    // is read back at once: a result converted on the wrong input must never carry this
    // channel's label (the periodic check would not see a mistake the next switch overwrote).
    const auto& regs = expected_[static_cast<std::size_t>(channel)];
    std::array<std::uint8_t, 2> tx{ads1220::writeRegisters(0, 1), regs[0]}, rx{};
    channel_ = channel;
    if (!spi_.transfer(tx, rx)) {
        fail(Problem::Transfer);
        return false;
    }
    // A result that became ready before the write finished belongs to the other input.
    switchedNs_ = clock_.nowNs();
    std::array<std::uint8_t, 2> readTx{ads1220::readRegisters(0, 1), 0}, readRx{};
    if (!spi_.transfer(readTx, readRx)) {
        fail(Problem::Transfer);
        return false;
    }
    if (readRx[1] != regs[0]) {
        lastRead_ = expected_[static_cast<std::size_t>(channel)];
        lastRead_[0] = readRx[1];
        ++counters_.configFailures;
        fail(Problem::Readback);
        return false;
    }
    return true;
}

void Ads1220Driver::stream(std::vector<core::RawSample>& out)
{
    auto now = clock_.nowNs();
    auto deadline = readyDeadlineNs_;
    if (state_ != SourceState::Faulted) {
        deadline = std::min(deadline, lastAliveNs_ + config_.faultAfterNs + 1);
    }
    const auto wait = drdy_.waitFallingEdge(std::max<std::int64_t>(deadline - now, 0));
    if (wait.status == GpioLines::WaitStatus::Error) {
        clock_.sleepFor(periodNs_);
        fail(Problem::Transfer);
        return;
    }
    if (wait.status == GpioLines::WaitStatus::Timeout) {
        if (clock_.nowNs() >= readyDeadlineNs_) {
            ++counters_.timeouts;
            fail(drdy_.readInput() == 0 ? Problem::DrdyStuckLow : Problem::NoDrdy);
        }
        return;
    }
    now = clock_.nowNs();
    const auto readyNs = detail::edgeTime(wait.edge.tNs, now);
    if (drdy_.readInput() != 0) {
        return; // noise on DRDY, no conversion behind it
    }
    if (readyNs < switchedNs_) {
        ++counters_.badReads; // converted on the input before the last switch: whose is it?
        std::array<std::uint8_t, 4> tx{ads1220::kReadData, 0, 0, 0}, rx{};
        spi_.transfer(tx, rx); // consume it so DRDY rearms
        return;
    }
    std::array<std::uint8_t, 4> tx{ads1220::kReadData, 0, 0, 0}, rx{};
    const bool ok = spi_.transfer(tx, rx);
    // A read that ends a period after its DRDY may have fetched the next result: its timestamp
    // would be a period off.
    const bool stale = clock_.nowNs() - readyNs > periodNs_ * 9 / 10;
    readyDeadlineNs_ = clock_.nowNs() + periodNs_ * 5 / 2 + 1'000'000;
    // Reading the result releases DRDY; if it is still low the command never reached the chip.
    const bool released = ok && drdy_.readInput() == 1;
    const auto channel = static_cast<std::uint8_t>(channel_);
    if (!ok || !released) {
        ++counters_.badReads;
        fail(ok ? Problem::DrdyStuckLow : Problem::Transfer);
        return;
    }
    if (stale) {
        ++counters_.badReads;
        ++counters_.timingRejects;
    } else {
        const auto word = (std::uint32_t{rx[1]} << 16) | (std::uint32_t{rx[2]} << 8) | rx[3];
        core::RawSample sample{readyNs, detail::signExtend24(word), 0, channel};
        if (sample.counts >= ads1220::kMax || sample.counts <= ads1220::kMin) {
            sample.flags = core::withFlag(sample.flags, core::SampleFlag::Saturated);
        }
        pending_.push_back(sample);
    }
    if (config_.channels == 2 && !selectChannel(1 - channel_)) {
        return;
    }
    if (clock_.nowNs() - lastVerifyNs_ >= config_.verifyEveryNs && verify()) {
        release(out);
    }
}

void Ads1220Driver::release(std::vector<core::RawSample>& out)
{
    const auto periodPerChannel = periodNs_ * config_.channels;
    for (auto sample : pending_) {
        auto& last = lastDeliveredNs_[sample.channel];
        if (last && sample.tNs - *last > periodPerChannel * 3 / 2 + periodNs_) {
            sample.flags = core::withFlag(sample.flags, core::SampleFlag::Gap);
            ++counters_.gaps;
        }
        if (core::hasFlag(sample.flags, core::SampleFlag::Saturated)) {
            ++counters_.saturations;
        }
        last = sample.tNs;
        ++counters_.samples;
        out.push_back(sample);
    }
    if (!pending_.empty()) {
        state_ = SourceState::Streaming;
        lastProblem_ = Problem::None;
        failRun_ = 0;
        lastAliveNs_ = clock_.nowNs();
    }
    pending_.clear();
}

void Ads1220Driver::dropPending()
{
    counters_.badReads += pending_.size();
    pending_.clear();
}

std::string Ads1220Driver::faultReason() const
{
    switch (lastProblem_) {
    case Problem::None:
    case Problem::NoDrdy:
        return "no DRDY from the ADS1220 on " + drdy_.describeInput() +
               ": is the chip powered and DRDY wired?";
    case Problem::DrdyStuckLow:
        return "the ADS1220's DRDY (" + drdy_.describeInput() +
               ") stays low: reads do not reach the chip (check SCLK, MOSI and CS)";
    case Problem::Readback:
        return "the ADS1220 on " + spi_.describe() + " does not keep its configuration (read " +
               base::toHex(lastRead_.data(), lastRead_.size()) +
               "): check MISO and the chip's supply";
    case Problem::Transfer:
        return "SPI transfers to " + spi_.describe() + " fail";
    }
    return "unknown fault";
}

SourceStatus Ads1220Driver::status() const
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
