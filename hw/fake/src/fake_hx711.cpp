#include "bandstation/hw/fake/fake_hx711.h"

#include <algorithm>
#include <limits>

#include "edge_wait.h"

namespace bandstation::hw::fake {

namespace {
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

Hx711Gain gainFromPulses(int pulses)
{
    return pulses >= 27 ? Hx711Gain::A64 : pulses == 26 ? Hx711Gain::B32 : Hx711Gain::A128;
}
} // namespace

std::string toString(Hx711Fault::Kind kind)
{
    switch (kind) {
    case Hx711Fault::Kind::NotReady:
        return "not ready";
    case Hx711Fault::Kind::StuckHigh:
        return "DOUT stuck high";
    case Hx711Fault::Kind::StuckLow:
        return "DOUT stuck low";
    case Hx711Fault::Kind::GlitchBit:
        return "glitched bit";
    case Hx711Fault::Kind::Preempt:
        return "pre-empted";
    case Hx711Fault::Kind::Saturate:
        return "saturation";
    case Hx711Fault::Kind::PowerLoss:
        return "power loss";
    }
    return "?";
}

FakeHx711::FakeHx711(FakeClock& clock, Config config, Signal signal)
    : clock_(clock), config_(config), signal_(std::move(signal)),
      periodNs_(static_cast<std::int64_t>(1e9 / config.rateHz / (1.0 + config.crystalPpm * 1e-6)))
{
    powerUp(clock_.nowNs());
}

void FakeHx711::powerUp(std::int64_t tNs)
{
    powered_ = true;
    gain_ = Hx711Gain::A128;
    ready_ = false;
    pulses_ = 0;
    nextConversionNs_ = tNs + hx711SettlingNs(config_.rateHz);
    updateLevel(tNs);
}

int FakeHx711::level(std::int64_t tNs) const
{
    if (tNs < stuckHighUntil_) {
        return 1;
    }
    if (tNs < stuckLowUntil_) {
        return 0;
    }
    if (!powered_) {
        return 1;
    }
    if (pulses_ == 0) {
        return ready_ ? 0 : 1;
    }
    if (pulses_ <= 24) {
        return static_cast<int>((shift_ >> (24 - pulses_)) & 1U);
    }
    return 1;
}

void FakeHx711::updateLevel(std::int64_t tNs)
{
    const int now = level(tNs);
    if (lastLevel_ == 1 && now == 0) {
        edges_.push_back(tNs);
    }
    lastLevel_ = now;
}

std::int64_t FakeHx711::nextEventNs() const
{
    std::int64_t next = kNever;
    if (powered_) {
        next = std::min(next, nextConversionNs_);
        if (clockHigh_) {
            next = std::min(next, highSinceNs_ + kHx711PowerDownNs + 1);
        }
    }
    const auto now = clock_.nowNs();
    for (const auto until : {stuckHighUntil_, stuckLowUntil_}) {
        if (until > now) {
            next = std::min(next, until);
        }
    }
    return next;
}

void FakeHx711::convert(std::int64_t tNs)
{
    if (pulses_ >= 25) {
        gain_ = gainFromPulses(pulses_); // the finished read chose this conversion's gain
        pulses_ = 0;
    }
    Conversion c;
    c.readyNs = tNs;
    c.gain = gain_;
    if (pulses_ > 0) {
        ++overruns_; // finished while the previous result was still being shifted out: lost
        c.signalled = false;
        conversions_.push_back(c);
        return;
    }
    const auto raw = tNs < saturateUntil_ ? std::int64_t{kHx711Max} : signal_(tNs, gain_);
    c.code = static_cast<std::int32_t>(
        std::clamp<std::int64_t>(raw, std::int64_t{kHx711Min}, std::int64_t{kHx711Max}));
    c.signalled = tNs >= notReadyUntil_;
    conversions_.push_back(c);
    if (c.signalled) {
        shift_ = static_cast<std::uint32_t>(c.code) & 0xFFFFFFU;
        ready_ = true;
    }
    updateLevel(tNs);
}

void FakeHx711::sync(std::int64_t tNs)
{
    for (;;) {
        const auto e = nextEventNs();
        if (e > tNs) {
            break;
        }
        if (powered_ && clockHigh_ && e == highSinceNs_ + kHx711PowerDownNs + 1 &&
            e <= nextConversionNs_) {
            powered_ = false; // PD_SCK high too long: power down
            ++powerDowns_;
            ready_ = false;
            pulses_ = 0;
        } else if (powered_ && e == nextConversionNs_) {
            convert(e);
            nextConversionNs_ += periodNs_;
        }
        updateLevel(e);
        if (e == stuckHighUntil_ || e == stuckLowUntil_) {
            // A stuck line released: make sure the loop moves past this instant.
            if (e == stuckHighUntil_) {
                stuckHighUntil_ = 0;
            }
            if (e == stuckLowUntil_) {
                stuckLowUntil_ = 0;
            }
            updateLevel(e);
        }
    }
    updateLevel(tNs);
}

bool FakeHx711::beginOp()
{
    const auto index = ops_++;
    bool glitch = false;
    for (const auto& f : faults_) {
        if (f.atOp != index) {
            continue;
        }
        const auto now = clock_.nowNs();
        switch (f.kind) {
        case Hx711Fault::Kind::Preempt:
            sync(now);
            clock_.advance(f.delayNs);
            break;
        case Hx711Fault::Kind::StuckHigh:
            sync(now);
            stuckHighUntil_ = now + f.durationNs;
            break;
        case Hx711Fault::Kind::StuckLow:
            sync(now);
            stuckLowUntil_ = now + f.durationNs;
            break;
        case Hx711Fault::Kind::NotReady:
            notReadyUntil_ = now + f.durationNs;
            break;
        case Hx711Fault::Kind::Saturate:
            saturateUntil_ = now + f.durationNs;
            break;
        case Hx711Fault::Kind::PowerLoss:
            sync(now);
            powerUp(now);
            break;
        case Hx711Fault::Kind::GlitchBit:
            glitch = true;
            break;
        }
    }
    sync(clock_.nowNs());
    return glitch;
}

bool FakeHx711::setClock(bool high)
{
    beginOp();
    const auto t = clock_.nowNs();
    if (high && !clockHigh_) {
        clockHigh_ = true;
        highSinceNs_ = t;
        if (powered_ && (pulses_ > 0 || ready_)) {
            ++pulses_;
            ready_ = false; // the result is in the shift register now
        }
    } else if (!high && clockHigh_) {
        clockHigh_ = false;
        if (!powered_) {
            powerUp(t); // release after a power-down: reset
        }
    }
    updateLevel(t);
    clock_.advance(config_.opCostNs);
    sync(clock_.nowNs());
    return true;
}

int FakeHx711::readDout()
{
    const bool glitch = beginOp();
    const int value = level(clock_.nowNs());
    clock_.advance(config_.opCostNs);
    sync(clock_.nowNs());
    return glitch ? 1 - value : value;
}

GpioLines::WaitResult FakeHx711::waitFalling(std::int64_t timeoutNs)
{
    beginOp();
    return detail::waitForFallingEdge(
        clock_, edges_, timeoutNs, config_.opCostNs, [this] { return nextEventNs(); },
        [this](std::int64_t t) { sync(t); });
}

} // namespace bandstation::hw::fake
