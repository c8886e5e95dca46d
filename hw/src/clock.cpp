#include "bandstation/hw/clock.h"

#include <cerrno>
#include <ctime>

namespace bandstation::hw {

std::int64_t MonotonicClock::nowNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

void MonotonicClock::sleepUntil(std::int64_t tNs)
{
    timespec ts{};
    ts.tv_sec = static_cast<time_t>(tNs / 1'000'000'000);
    ts.tv_nsec = static_cast<long>(tNs % 1'000'000'000);
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
    }
}

} // namespace bandstation::hw
