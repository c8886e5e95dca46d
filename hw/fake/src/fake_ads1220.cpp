#include "bandstation/hw/fake/fake_ads1220.h"

#include <algorithm>
#include <limits>

#include "edge_wait.h"

namespace bandstation::hw::fake {

namespace {
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
constexpr std::array<int, 8> kGains{1, 2, 4, 8, 16, 32, 64, 128};
} // namespace

std::string toString(Ads1220Fault::Kind kind)
{
    switch (kind) {
    case Ads1220Fault::Kind::CorruptWrite:
        return "corrupt register write";
    case Ads1220Fault::Kind::MissingDrdy:
        return "missing DRDY";
    case Ads1220Fault::Kind::TransferError:
        return "transfer error";
    case Ads1220Fault::Kind::MisoStuck:
        return "MISO stuck high";
    case Ads1220Fault::Kind::PowerLoss:
        return "power loss";
    case Ads1220Fault::Kind::Saturate:
        return "saturation";
    case Ads1220Fault::Kind::Preempt:
        return "pre-empted";
    }
    return "?";
}

FakeAds1220::FakeAds1220(FakeClock& clock, Config config, Signal signal)
    : clock_(clock), config_(config), signal_(std::move(signal))
{
}

std::int64_t FakeAds1220::periodNs() const
{
    const double rate = ads1220::dataRateHz(regs_);
    return static_cast<std::int64_t>(1e9 / rate / (1.0 + config_.crystalPpm * 1e-6));
}

std::int64_t FakeAds1220::nextEventNs() const
{
    std::int64_t next = running_ ? nextConversionNs_ : kNever;
    const auto now = clock_.nowNs();
    if (missingDrdyUntil_ > now) {
        next = std::min(next, missingDrdyUntil_);
    }
    return next;
}

void FakeAds1220::setDrdy(std::int64_t tNs, int level)
{
    if (drdyLevel_ == 1 && level == 0) {
        edges_.push_back(tNs);
    }
    drdyLevel_ = level;
}

void FakeAds1220::convert(std::int64_t tNs)
{
    Conversion c;
    c.readyNs = tNs;
    c.registers = regs_;
    const int gain = kGains[static_cast<std::size_t>((regs_[0] >> 1) & 0x7)];
    const auto raw = tNs < saturateUntil_
                         ? std::int64_t{ads1220::kMax}
                         : signal_(tNs, static_cast<std::uint8_t>(regs_[0] >> 4), gain);
    c.code = static_cast<std::int32_t>(
        std::clamp<std::int64_t>(raw, std::int64_t{ads1220::kMin}, std::int64_t{ads1220::kMax}));
    c.signalled = tNs >= missingDrdyUntil_;
    conversions_.push_back(c);
    data_ = static_cast<std::uint32_t>(c.code) & 0xFFFFFFU;
    if (c.signalled) {
        // DRDY pulses high just before a new result if the last one was not read, then falls.
        drdyLevel_ = 1;
        setDrdy(tNs, 0);
    }
    const bool continuous = (regs_[1] & 0x04) != 0;
    if (continuous) {
        nextConversionNs_ = tNs + periodNs();
    } else {
        running_ = false; // single-shot: one result per START
    }
}

void FakeAds1220::restart(std::int64_t tNs)
{
    running_ = true;
    nextConversionNs_ = tNs + periodNs();
}

void FakeAds1220::sync(std::int64_t tNs)
{
    for (;;) {
        const auto e = nextEventNs();
        if (e > tNs) {
            break;
        }
        if (running_ && e == nextConversionNs_) {
            convert(e);
        } else {
            missingDrdyUntil_ = 0; // expired
        }
    }
}

FakeAds1220::OpFaults FakeAds1220::beginOp()
{
    const auto index = ops_++;
    OpFaults op;
    for (const auto& f : faults_) {
        if (f.atOp != index) {
            continue;
        }
        const auto now = clock_.nowNs();
        switch (f.kind) {
        case Ads1220Fault::Kind::CorruptWrite:
            op.corruptWrite = true;
            break;
        case Ads1220Fault::Kind::TransferError:
            op.transferError = true;
            break;
        case Ads1220Fault::Kind::MissingDrdy:
            missingDrdyUntil_ = now + f.durationNs;
            break;
        case Ads1220Fault::Kind::MisoStuck:
            misoStuckUntil_ = now + f.durationNs;
            break;
        case Ads1220Fault::Kind::Saturate:
            saturateUntil_ = now + f.durationNs;
            break;
        case Ads1220Fault::Kind::PowerLoss:
            sync(now);
            regs_ = {};
            running_ = false;
            drdyLevel_ = 1;
            break;
        case Ads1220Fault::Kind::Preempt:
            sync(now);
            clock_.advance(f.delayNs);
            break;
        }
    }
    sync(clock_.nowNs());
    return op;
}

bool FakeAds1220::transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx)
{
    const auto op = beginOp();
    clock_.advance(config_.opCostNs);
    sync(clock_.nowNs());
    if (op.transferError || tx.size() != rx.size() || tx.empty()) {
        return false;
    }
    std::fill(rx.begin(), rx.end(), std::uint8_t{0xFF}); // MISO idles high (DOUT/DRDY mode off)
    execute(tx, rx, op.corruptWrite);
    if (clock_.nowNs() < misoStuckUntil_) {
        std::fill(rx.begin(), rx.end(), std::uint8_t{0xFF});
    }
    clock_.advance(static_cast<std::int64_t>(tx.size()) * 8 * 1'000'000'000 / config_.spiHz);
    sync(clock_.nowNs());
    return true;
}

void FakeAds1220::execute(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx,
                          bool corrupt)
{
    const auto now = clock_.nowNs();
    const auto cmd = tx[0];
    if (cmd == ads1220::kReset) {
        regs_ = {};
        running_ = false;
        drdyLevel_ = 1;
    } else if (cmd == ads1220::kStartSync) {
        restart(now);
    } else if (cmd == ads1220::kPowerDown) {
        running_ = false;
    } else if (cmd == ads1220::kReadData) {
        for (std::size_t i = 1; i < rx.size() && i <= 3; ++i) {
            rx[i] = static_cast<std::uint8_t>(data_ >> (8 * (3 - i)));
        }
        drdyLevel_ = 1; // reading the result releases DRDY
    } else if ((cmd & 0xF0) == 0x20) {
        const auto first = static_cast<std::size_t>((cmd >> 2) & 0x3);
        const auto count = static_cast<std::size_t>((cmd & 0x3) + 1);
        for (std::size_t i = 0; i < count && 1 + i < rx.size() && first + i < 4; ++i) {
            rx[1 + i] = regs_[first + i];
        }
    } else if ((cmd & 0xF0) == 0x40) {
        const auto first = static_cast<std::size_t>((cmd >> 2) & 0x3);
        const auto count = static_cast<std::size_t>((cmd & 0x3) + 1);
        for (std::size_t i = 0; i < count && 1 + i < tx.size() && first + i < 4; ++i) {
            auto value = tx[1 + i];
            if (corrupt && i == 0) {
                value ^= 0x10; // one bit lost on MOSI
            }
            regs_[first + i] = value;
        }
        if (running_) {
            restart(now); // a write during conversions restarts the conversion
        }
    }
}

int FakeAds1220::readDrdy()
{
    beginOp();
    clock_.advance(config_.opCostNs / 5);
    sync(clock_.nowNs());
    return drdyLevel_;
}

GpioLines::WaitResult FakeAds1220::waitFalling(std::int64_t timeoutNs)
{
    beginOp();
    return detail::waitForFallingEdge(
        clock_, edges_, timeoutNs, config_.opCostNs, [this] { return nextEventNs(); },
        [this](std::int64_t t) { sync(t); });
}

} // namespace bandstation::hw::fake
