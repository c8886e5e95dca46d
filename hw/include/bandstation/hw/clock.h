#pragma once

#include <cstdint>

namespace bandstation::hw {

// The time a driver reads and sleeps on. Drivers never call the system clock directly, so tests
// run them against a virtual clock that the fake chips advance.
// Thread: an instance belongs to the thread that runs the driver.
class Clock {
public:
    virtual ~Clock() = default;
    // CLOCK_MONOTONIC nanoseconds (the same clock as the GPIO edge timestamps).
    virtual std::int64_t nowNs() = 0;
    // Sleeps until `tNs` on this clock; returns at once if it has passed.
    virtual void sleepUntil(std::int64_t tNs) = 0;

    void sleepFor(std::int64_t ns) { sleepUntil(nowNs() + ns); }
};

// CLOCK_MONOTONIC with clock_nanosleep(TIMER_ABSTIME).
class MonotonicClock final : public Clock {
public:
    std::int64_t nowNs() override;
    void sleepUntil(std::int64_t tNs) override;
};

} // namespace bandstation::hw
