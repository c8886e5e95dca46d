#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <bandstation/core/calibration.h>
#include <bandstation/core/trace_format.h>
#include <bandstation/hw/clock.h>
#include <bandstation/hw/source.h>

namespace bandstation::hw {

struct ReplayConfig {
    std::string path;
    bool realTime = true; // false: as fast as possible, timestamps still spaced as recorded
    bool loop = false;    // start over at the end (a demo)
    // Newtons back to counts, so the replay runs through calibration like a chip. A raw capture
    // (`t_s,counts`) is replayed as it is.
    core::Calibration calibration{150'000, 8'000};
    core::CountRange range{};
};

// Plays a recorded trace (shared/data/traces format, or a raw capture of `bandstation record`).
// The whole file is read and checked when the sampler is made: a malformed line is a SetupError
// naming the file and line.
// Thread: one reader thread.
class ReplaySampler final : public Sampler {
public:
    ReplaySampler(Clock& clock, ReplayConfig config);

    std::string describe() const override;
    double configuredRateHz() const override { return rateHz_; }
    core::CountRange range() const override { return config_.range; }
    bool poll(std::vector<core::RawSample>& out) override;
    SourceStatus status() const override;

    const core::TraceMeta& meta() const { return meta_; }
    std::size_t size() const { return samples_.size(); }

private:
    Clock& clock_;
    ReplayConfig config_;
    core::TraceMeta meta_;
    std::vector<core::RawSample> samples_; // timestamps from 0
    double rateHz_ = 0;
    std::int64_t loopNs_ = 0;
    std::optional<std::int64_t> startNs_;
    std::size_t next_ = 0;
    std::int64_t loops_ = 0;
    bool finished_ = false;
    SourceCounters counters_;
};

} // namespace bandstation::hw
