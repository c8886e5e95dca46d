#include "bandstation/hw/dual_source.h"

#include <algorithm>

namespace bandstation::hw {

DualSource::DualSource(std::unique_ptr<LoadCellSource> left, std::unique_ptr<LoadCellSource> right)
    : left_(std::move(left)), right_(std::move(right))
{
}

DualSource::~DualSource()
{
    stop();
}

void DualSource::start(BatchHandler handler)
{
    handler_ = std::move(handler);
    left_->start([this](std::span<const core::RawSample> b) { forward(b, 0); });
    right_->start([this](std::span<const core::RawSample> b) { forward(b, 1); });
}

void DualSource::stop()
{
    left_->stop();
    right_->stop();
}

void DualSource::forward(std::span<const core::RawSample> batch, std::uint8_t channel)
{
    std::lock_guard lock(mutex_);
    buffer_.assign(batch.begin(), batch.end());
    for (auto& s : buffer_) {
        s.channel = channel;
    }
    handler_(buffer_);
}

std::string DualSource::describe() const
{
    return "left: " + left_->describe() + "; right: " + right_->describe();
}

SourceStatus DualSource::status() const
{
    const auto a = left_->status();
    const auto b = right_->status();
    const auto rank = [](SourceState s) {
        switch (s) {
        case SourceState::Faulted:
            return 4;
        case SourceState::Stopped:
            return 3;
        case SourceState::Finished:
            return 2;
        case SourceState::Starting:
            return 1;
        case SourceState::Streaming:
            return 0;
        }
        return 0;
    };
    SourceStatus s = rank(b.state) > rank(a.state) ? b : a;
    s.reason.clear();
    if (!a.reason.empty()) {
        s.reason = "left: " + a.reason;
    }
    if (!b.reason.empty()) {
        s.reason += (s.reason.empty() ? "right: " : "; right: ") + b.reason;
    }
    s.polls = std::min(a.polls, b.polls); // alive only while both readers are
    auto& c = s.counters;
    c = a.counters;
    c.samples += b.counters.samples;
    c.badReads += b.counters.badReads;
    c.timingRejects += b.counters.timingRejects;
    c.timeouts += b.counters.timeouts;
    c.saturations += b.counters.saturations;
    c.resets += b.counters.resets;
    c.gaps += b.counters.gaps;
    c.configFailures += b.counters.configFailures;
    s.measuredRateHz = std::min(a.measuredRateHz, b.measuredRateHz);
    return s;
}

} // namespace bandstation::hw
