// The reader thread: batches, measured rate, scheduling report, clean stop; and two sources as
// one two-channel source.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include <bandstation/hw/dual_source.h>
#include <bandstation/hw/simulated_athlete.h>
#include <bandstation/hw/threaded_source.h>

namespace bandstation::hw {
namespace {

// Collects batches; waits (on a condition variable, bounded) until enough samples came.
struct Collector {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<core::RawSample> samples;
    std::size_t batches = 0;

    LoadCellSource::BatchHandler handler()
    {
        return [this](std::span<const core::RawSample> batch) {
            std::lock_guard lock(mutex);
            samples.insert(samples.end(), batch.begin(), batch.end());
            ++batches;
            cv.notify_all();
        };
    }
    bool waitFor(std::size_t n)
    {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(20), [&] { return samples.size() >= n; });
    }
};

std::unique_ptr<Sampler> simulated(Clock& clock, double rate)
{
    SimulatedConfig config;
    config.rateHz = rate;
    return std::make_unique<SimulatedSampler>(clock, config, AthleteConfig{}, AthletePlan{});
}

TEST(ThreadedSource, DeliversBatchesAndMeasuresTheRate)
{
    MonotonicClock clock;
    Collector got;
    ThreadedSource source(simulated(clock, 1000));
    EXPECT_EQ(source.configuredRateHz(), 1000);
    source.start(got.handler());
    ASSERT_TRUE(got.waitFor(400));
    const auto status = source.status();
    source.stop();
    EXPECT_EQ(source.status().state, SourceState::Stopped);
    // Batches, not one call per sample, and the timestamps increase across them.
    EXPECT_LT(got.batches, got.samples.size() / 3);
    for (std::size_t i = 1; i < got.samples.size(); ++i) {
        ASSERT_GT(got.samples[i].tNs, got.samples[i - 1].tNs);
    }
    EXPECT_EQ(status.state, SourceState::Streaming);
    EXPECT_NEAR(status.measuredRateHz, 1000, 50);
    EXPECT_FALSE(status.realtime.empty());
}

TEST(ThreadedSource, ReportsWhetherItGotRealTimeScheduling)
{
    MonotonicClock clock;
    ReaderOptions options;
    options.realtime = false;
    options.lockMemory = false;
    Collector got; // outlives the source, whose reader thread calls it
    ThreadedSource source(simulated(clock, 200), options);
    source.start(got.handler());
    ASSERT_TRUE(got.waitFor(10));
    EXPECT_NE(source.status().realtime.find("real-time off"), std::string::npos);
    source.stop();
}

// A chip that never answers: every poll waits its bounded time and delivers nothing.
class SilentSampler final : public Sampler {
public:
    std::string describe() const override { return "silent"; }
    double configuredRateHz() const override { return 80; }
    core::CountRange range() const override { return {-8'388'608, 8'388'607}; }
    bool poll(std::vector<core::RawSample>&) override
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return true;
    }
    SourceStatus status() const override
    {
        SourceStatus s;
        s.state = SourceState::Faulted;
        s.reason = "no data-ready";
        return s;
    }
};

// The daemon's watchdog tells a Faulted chip (the reader keeps polling: report, do not restart)
// from a stuck reader by the poll count.
TEST(ThreadedSource, CountsPollsWhileTheChipIsSilent)
{
    ReaderOptions options;
    options.realtime = false;
    options.lockMemory = false;
    ThreadedSource source(std::make_unique<SilentSampler>(), options);
    source.start([](std::span<const core::RawSample>) { FAIL() << "a silent chip delivered"; });
    std::uint64_t first = 0;
    for (int i = 0; i < 400 && first == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        first = source.status().polls;
    }
    ASSERT_GT(first, 0U);
    std::uint64_t later = first;
    for (int i = 0; i < 400 && later == first; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        later = source.status().polls;
    }
    EXPECT_GT(later, first);
    EXPECT_EQ(source.status().state, SourceState::Faulted);
    source.stop();
}

TEST(DualSource, TwoCellsBecomeChannelsZeroAndOne)
{
    MonotonicClock clock;
    Collector got;
    DualSource dual(std::make_unique<ThreadedSource>(simulated(clock, 500)),
                    std::make_unique<ThreadedSource>(simulated(clock, 500)));
    EXPECT_EQ(dual.channels(), 2);
    dual.start(got.handler());
    ASSERT_TRUE(got.waitFor(400));
    const auto polls = dual.status().polls;
    dual.stop();
    EXPECT_GT(polls, 0U);
    std::size_t right = 0;
    for (const auto& s : got.samples) {
        right += s.channel == 1 ? 1U : 0U;
    }
    EXPECT_GT(right, got.samples.size() / 4);
    EXPECT_LT(right, got.samples.size() * 3 / 4);
    const auto status = dual.status();
    EXPECT_EQ(status.counters.samples, got.samples.size());
}

} // namespace
} // namespace bandstation::hw
