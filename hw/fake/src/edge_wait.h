#pragma once

#include <cstdint>
#include <deque>

#include <bandstation/hw/fake/fake_clock.h>
#include <bandstation/hw/gpio_lines.h>

namespace bandstation::hw::fake::detail {

// What a blocked GPIO edge wait does, on virtual time: hand out a queued edge at once (waking
// costs `wakeCostNs`), else move the clock from one chip event to the next (`nextEvent()`, then
// `sync(t)` lets the chip act at t) until an edge appears or the timeout passes.
template <typename NextEvent, typename Sync>
GpioLines::WaitResult waitForFallingEdge(FakeClock& clock, std::deque<std::int64_t>& edges,
                                         std::int64_t timeoutNs, std::int64_t wakeCostNs,
                                         NextEvent nextEvent, Sync sync)
{
    const auto target = clock.nowNs() + timeoutNs;
    for (;;) {
        if (!edges.empty()) {
            const auto t = edges.front();
            edges.pop_front();
            clock.advance(wakeCostNs);
            sync(clock.nowNs());
            return {GpioLines::WaitStatus::Edge, {t}};
        }
        const auto e = nextEvent();
        if (e > target) {
            clock.sleepUntil(target);
            sync(target);
            if (edges.empty()) {
                return {GpioLines::WaitStatus::Timeout, {}};
            }
            continue;
        }
        clock.sleepUntil(e);
        sync(e);
    }
}

} // namespace bandstation::hw::fake::detail
