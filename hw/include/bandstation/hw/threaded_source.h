#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <bandstation/hw/clock.h>
#include <bandstation/hw/source.h>

namespace bandstation::hw {

// Sample rate measured from the timestamps of the last two seconds of samples.
class RateMeter {
public:
    void add(std::int64_t tNs);
    double rateHz() const;

private:
    std::deque<std::int64_t> times_;
};

struct ReaderOptions {
    bool realtime = true;              // SCHED_FIFO for the reader thread, if the process may
    int priority = 50;                 // as the Pi kernel's threaded IRQ handlers
    bool lockMemory = true;            // mlockall: no page fault in the middle of a bit-bang
    std::int64_t batchNs = 10'000'000; // hand samples over at least this often while they come
};

// Runs a Sampler on its own reader thread and hands its samples over in batches. The reader asks
// for real-time scheduling and locked memory and reports what it got (status().realtime), so a
// station that lacks the rights says so instead of silently dropping HX711 reads.
// Thread: start, stop and the destructor from the owner's thread; status() from any thread; the
// handler runs on the reader thread.
class ThreadedSource final : public LoadCellSource {
public:
    ThreadedSource(std::unique_ptr<Sampler> sampler, ReaderOptions options = {},
                   std::unique_ptr<Clock> clock = nullptr);
    ~ThreadedSource() override;

    void start(BatchHandler handler) override;
    void stop() override;
    std::string describe() const override { return description_; }
    double configuredRateHz() const override { return rate_; }
    core::CountRange range() const override { return range_; }
    int channels() const override { return channels_; }
    SourceStatus status() const override;

    // The sampler, for a caller that knows its type (the simulated athlete takes plans).
    Sampler& sampler() { return *sampler_; }

private:
    void run(std::stop_token stop, BatchHandler handler);
    std::string applyScheduling();

    std::unique_ptr<Sampler> sampler_;
    ReaderOptions options_;
    std::unique_ptr<Clock> clock_;
    std::string description_;
    double rate_;
    core::CountRange range_;
    int channels_;

    mutable std::mutex mutex_;
    SourceStatus status_;
    std::jthread thread_;
};

} // namespace bandstation::hw
