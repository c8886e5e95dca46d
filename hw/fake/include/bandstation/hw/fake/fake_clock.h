#pragma once

#include <cstdint>

#include <bandstation/hw/clock.h>

namespace bandstation::hw::fake {

// Virtual CLOCK_MONOTONIC: time moves only when someone sleeps, waits on a fake line, or a fake
// chip charges the cost of an operation. Tests never wait for real time.
class FakeClock final : public Clock {
public:
    explicit FakeClock(std::int64_t startNs = 1'000'000'000) : now_(startNs) {}
    std::int64_t nowNs() override { return now_; }
    void sleepUntil(std::int64_t tNs) override
    {
        if (tNs > now_) {
            now_ = tNs;
        }
    }
    void advance(std::int64_t ns) { now_ += ns; }

private:
    std::int64_t now_;
};

} // namespace bandstation::hw::fake
