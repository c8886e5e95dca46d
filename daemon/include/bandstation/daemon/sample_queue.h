#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>
#include <vector>

#include <bandstation/core/sample.h>

namespace bandstation::daemon {

// The hand-over from the acquisition thread to the io thread: bounded, so a stalled io thread
// costs counted samples, never unbounded memory or a blocked reader. push() tells the producer
// whether the consumer needs waking (it was idle), so one wake-up is posted per drain, not per
// batch. Thread: push from the acquisition thread; drain from the io thread; counters from any.
class SampleQueue {
public:
    explicit SampleQueue(std::size_t capacity) : capacity_(capacity) {}

    // Appends what fits; the rest is counted as dropped. Returns true when the consumer must be
    // woken (no wake-up is pending).
    bool push(std::span<const core::RawSample> batch)
    {
        std::lock_guard lock(mutex_);
        const auto room = capacity_ - std::min(capacity_, pending_.size());
        const auto n = std::min(room, batch.size());
        pending_.insert(pending_.end(), batch.begin(), batch.begin() + static_cast<long>(n));
        pushed_ += n;
        dropped_ += batch.size() - n;
        if (wakePending_ || n == 0) {
            return false;
        }
        wakePending_ = true;
        return true;
    }

    // Swaps the pending samples into `out` (cleared first) and re-arms the wake-up.
    void drain(std::vector<core::RawSample>& out)
    {
        out.clear();
        std::lock_guard lock(mutex_);
        out.swap(pending_);
        wakePending_ = false;
    }

    std::uint64_t pushed() const
    {
        std::lock_guard lock(mutex_);
        return pushed_;
    }
    std::uint64_t dropped() const
    {
        std::lock_guard lock(mutex_);
        return dropped_;
    }
    std::size_t capacity() const { return capacity_; }

private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::vector<core::RawSample> pending_;
    bool wakePending_ = false;
    std::uint64_t pushed_ = 0;
    std::uint64_t dropped_ = 0;
};

} // namespace bandstation::daemon
