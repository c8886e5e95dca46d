#include "bandstation/hw/threaded_source.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

namespace bandstation::hw {

namespace {
constexpr std::int64_t kRateWindowNs = 2'000'000'000;
}

void RateMeter::add(std::int64_t tNs)
{
    times_.push_back(tNs);
    while (times_.size() > 2 && tNs - times_.front() > kRateWindowNs) {
        times_.pop_front();
    }
}

double RateMeter::rateHz() const
{
    if (times_.size() < 3 || times_.back() <= times_.front()) {
        return 0.0;
    }
    return static_cast<double>(times_.size() - 1) * 1e9 /
           static_cast<double>(times_.back() - times_.front());
}

ThreadedSource::ThreadedSource(std::unique_ptr<Sampler> sampler, ReaderOptions options,
                               std::unique_ptr<Clock> clock)
    : sampler_(std::move(sampler)), options_(options),
      clock_(clock ? std::move(clock) : std::make_unique<MonotonicClock>()),
      description_(sampler_->describe()), rate_(sampler_->configuredRateHz()),
      range_(sampler_->range()), channels_(sampler_->channels())
{
    status_.configuredRateHz = rate_;
}

ThreadedSource::~ThreadedSource()
{
    stop();
}

void ThreadedSource::start(BatchHandler handler)
{
    if (thread_.joinable()) {
        return;
    }
    {
        std::lock_guard lock(mutex_);
        status_.state = SourceState::Starting;
    }
    thread_ = std::jthread(
        [this, handler = std::move(handler)](std::stop_token stop) { run(stop, handler); });
}

void ThreadedSource::stop()
{
    if (thread_.joinable()) {
        thread_.request_stop();
        thread_.join();
    }
    std::lock_guard lock(mutex_);
    if (status_.state != SourceState::Finished) {
        status_.state = SourceState::Stopped;
    }
}

SourceStatus ThreadedSource::status() const
{
    std::lock_guard lock(mutex_);
    return status_;
}

std::string ThreadedSource::applyScheduling()
{
    std::string text;
    if (options_.realtime) {
        sched_param param{};
        param.sched_priority = options_.priority;
        const int err = pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
        text = err == 0 ? "SCHED_FIFO " + std::to_string(options_.priority)
                        : std::string("normal priority (SCHED_FIFO refused: ") +
                              std::strerror(err) + "; grant LimitRTPRIO or CAP_SYS_NICE)";
    } else {
        text = "normal priority (real-time off in the config)";
    }
    if (options_.lockMemory) {
        // MCL_ONFAULT: pages are locked as they are first touched, not all at once, so every
        // thread's 8 MB stack reservation does not become resident (the daemon measured 52 MB
        // instead of 12 MB); a touched page is never paged out, which is what the bit-bang needs.
        text += mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT) == 0
                    ? ", memory locked"
                    : std::string(", memory not locked (mlockall: ") + std::strerror(errno) +
                          "; grant LimitMEMLOCK)";
    }
    return text;
}

void ThreadedSource::run(std::stop_token stop, BatchHandler handler)
{
    pthread_setname_np(pthread_self(), "bs-reader"); // as top and the journal show it
    const auto scheduling = applyScheduling();
    RateMeter meter;
    std::vector<core::RawSample> batch;
    std::vector<core::RawSample> polled;
    batch.reserve(4096);
    std::int64_t batchStart = 0;
    bool finished = false;
    std::uint64_t polls = 0;
    while (!stop.stop_requested() && !finished) {
        polled.clear();
        finished = !sampler_->poll(polled);
        const auto now = clock_->nowNs();
        for (const auto& s : polled) {
            meter.add(s.tNs);
        }
        if (batch.empty() && !polled.empty()) {
            batchStart = now;
        }
        batch.insert(batch.end(), polled.begin(), polled.end());
        if (!batch.empty() && (finished || now - batchStart >= options_.batchNs ||
                               batch.size() >= 4096 || sampler_->configuredRateHz() <= 100)) {
            handler(batch);
            batch.clear();
        }
        auto status = sampler_->status();
        status.measuredRateHz = meter.rateHz() / channels_;
        status.realtime = scheduling;
        status.polls = ++polls;
        if (finished) {
            status.state = SourceState::Finished;
        }
        std::lock_guard lock(mutex_);
        status_ = std::move(status);
    }
    if (!batch.empty()) {
        handler(batch);
    }
}

} // namespace bandstation::hw
