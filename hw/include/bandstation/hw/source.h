#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <bandstation/core/calibration.h>
#include <bandstation/core/sample.h>

namespace bandstation::hw {

enum class SourceState {
    Starting,  // opened; no good sample yet
    Streaming, // good samples are arriving
    Faulted,   // no good sample for a while; `reason` says why. The driver keeps trying.
    Finished,  // a replay reached the end of its file
    Stopped,   // not running
};
std::string_view toString(SourceState state);

// Every fault is counted here instead of logged one by one.
struct SourceCounters {
    std::uint64_t samples = 0;        // delivered (good or flagged saturated)
    std::uint64_t badReads = 0;       // reads that failed a check and were dropped
    std::uint64_t timingRejects = 0;  // of those: a clock phase overran (HX711 50 µs rule)
    std::uint64_t timeouts = 0;       // no data-ready in time
    std::uint64_t saturations = 0;    // full-scale codes (delivered, flagged Saturated)
    std::uint64_t resets = 0;         // chip resets (power-down cycle, RESET command)
    std::uint64_t gaps = 0;           // delivered samples that follow missing ones
    std::uint64_t configFailures = 0; // register read-back mismatches (ADS1220)
};

struct SourceStatus {
    SourceState state = SourceState::Stopped;
    std::string reason; // why Faulted (or Finished); empty when streaming
    SourceCounters counters;
    double configuredRateHz = 0;
    double measuredRateHz = 0; // from the timestamps of delivered samples; 0 until known
    std::string realtime;      // what scheduling the reader got ("SCHED_FIFO 50, memory locked")
    // Reader-loop iterations (each a bounded poll): the reader is alive while this grows, even
    // while the chip is Faulted. The daemon's watchdog reads it.
    std::uint64_t polls = 0;
};

// A chip driver or generator, run by one thread. Each poll() does one bounded piece of work (waits
// for the next data-ready or recovers a chip: never longer than about half a second) and appends
// the samples it has confirmed. Implementations: Hx711Driver, Ads1220Driver, SimulatedSampler,
// ReplaySampler.
// Thread: every call from the thread that runs it (ThreadedSource's reader thread, or a test).
class Sampler {
public:
    virtual ~Sampler() = default;
    virtual std::string describe() const = 0;
    virtual double configuredRateHz() const = 0;
    virtual core::CountRange range() const = 0;
    virtual int channels() const { return 1; }
    // Returns false when the stream has ended for good (a replay without loop).
    virtual bool poll(std::vector<core::RawSample>& out) = 0;
    virtual SourceStatus status() const = 0;
};

// What the daemon reads samples from: batches of timestamped raw samples delivered on the reader
// thread, at least every 20 ms while samples arrive.
// Thread: start/stop from the owner's thread; the handler runs on the reader thread; status()
// from any thread.
class LoadCellSource {
public:
    using BatchHandler = std::function<void(std::span<const core::RawSample>)>;

    virtual ~LoadCellSource() = default;
    virtual void start(BatchHandler handler) = 0;
    virtual void stop() = 0;
    virtual std::string describe() const = 0;
    virtual double configuredRateHz() const = 0;
    virtual core::CountRange range() const = 0;
    virtual int channels() const = 0;
    virtual SourceStatus status() const = 0;
};

} // namespace bandstation::hw
