#include "bandstation/hw/replay.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <bandstation/base/text.h>

#include "bandstation/hw/errors.h"

namespace bandstation::hw {

ReplaySampler::ReplaySampler(Clock& clock, ReplayConfig config)
    : clock_(clock), config_(std::move(config))
{
    std::ifstream in(config_.path);
    if (!in) {
        throw SetupError(systemErrorText("cannot open trace " + config_.path, errno));
    }
    core::TraceParser parser;
    std::vector<core::ForceSample> forces;
    std::string line;
    while (std::getline(in, line)) {
        auto parsed = parser.feed(line);
        if (!parsed.error.empty()) {
            throw SetupError(config_.path + ":" + std::to_string(parser.lineNumber()) + ": " +
                             parsed.error);
        }
        if (parsed.sample) {
            forces.push_back(*parsed.sample);
        }
    }
    if (forces.empty()) {
        throw SetupError(config_.path + ": no samples to replay");
    }
    meta_ = parser.meta();
    rateHz_ = meta_.sampleRateHz.value_or(core::estimateSampleRate(forces));
    const auto t0 = forces.front().tNs;
    samples_.reserve(forces.size());
    for (const auto& f : forces) {
        core::RawSample s;
        s.tNs = f.tNs - t0;
        const double counts = meta_.rawCounts ? f.forceN
                                              : config_.calibration.offsetCounts +
                                                    f.forceN * config_.calibration.countsPerNewton;
        s.counts = static_cast<std::int32_t>(std::clamp(std::llround(counts),
                                                        static_cast<long long>(config_.range.min),
                                                        static_cast<long long>(config_.range.max)));
        if (config_.range.saturated(s.counts)) {
            s.flags = core::withFlag(s.flags, core::SampleFlag::Saturated);
        }
        samples_.push_back(s);
    }
    const auto period = rateHz_ > 0 ? static_cast<std::int64_t>(1e9 / rateHz_) : 0;
    loopNs_ = samples_.back().tNs + period;
}

std::string ReplaySampler::describe() const
{
    return "replay of " + config_.path + " (" + base::fixed(rateHz_, 0) + " samples/s" +
           (config_.realTime ? "" : ", as fast as possible") + ")";
}

bool ReplaySampler::poll(std::vector<core::RawSample>& out)
{
    if (finished_) {
        return false;
    }
    if (!startNs_) {
        startNs_ = clock_.nowNs();
    }
    if (next_ == samples_.size()) {
        if (!config_.loop) {
            finished_ = true;
            return false;
        }
        next_ = 0;
        ++loops_;
    }
    auto sample = samples_[next_++];
    sample.tNs += *startNs_ + loops_ * loopNs_;
    if (config_.realTime) {
        clock_.sleepUntil(sample.tNs);
    }
    if (core::hasFlag(sample.flags, core::SampleFlag::Saturated)) {
        ++counters_.saturations;
    }
    ++counters_.samples;
    out.push_back(sample);
    return true;
}

SourceStatus ReplaySampler::status() const
{
    SourceStatus status;
    status.state = finished_               ? SourceState::Finished
                   : counters_.samples > 0 ? SourceState::Streaming
                                           : SourceState::Starting;
    if (finished_) {
        status.reason = "end of " + config_.path;
    }
    status.counters = counters_;
    status.configuredRateHz = rateHz_;
    return status;
}

} // namespace bandstation::hw
