#include "bandstation/core/analyzer.h"

#include <algorithm>

namespace bandstation::core {

AnalyzerConfig analyzerConfigFor(MovementKind kind, double sampleRateHz)
{
    AnalyzerConfig c;
    c.kind = kind;
    c.sampleRateHz = sampleRateHz;
    c.lowPass.sampleRateHz = sampleRateHz;
    c.rfd = sampleRateHz >= kMinRfdRateHz && kind == MovementKind::Rep;
    switch (kind) {
    case MovementKind::Rep:
        c.lowPass.cutoffHz = 6.0;
        c.detector.minDurationS = 0.4;
        c.detector.maxDurationS = 30.0;
        break;
    case MovementKind::Step:
        // Step cycles of 0.6-1.2 s with 0.2 s edges: keep the bandwidth.
        c.lowPass.cutoffHz = 10.0;
        c.detector.minDurationS = 0.2;
        c.detector.maxDurationS = 4.0;
        c.detector.settleS = 0.5;
        break;
    case MovementKind::Hold:
        c.lowPass.cutoffHz = 4.0;
        c.detector.minDurationS = 3.0;
        c.detector.maxDurationS = 600.0;
        // Sway and sag on a long hold are not the end of it.
        c.detector.relativeHysteresis = 0.4;
        c.detector.settleS = 1.0;
        break;
    }
    return c;
}

void Analyzer::configure(const AnalyzerConfig& config)
{
    config_ = config;
    spike_.configure(config.spike);
    lowPass_.configure(config.lowPass);
    detector_.configure(config.detector);
    reset();
}

void Analyzer::reset()
{
    spike_.reset();
    lowPass_.reset();
    detector_.reset();
    reps_.clear();
    holds_.clear();
    durations_.clear();
    started_ = false;
    samples_ = gaps_ = 0;
    originNs_ = lastNs_ = 0;
}

AnalyzerCounters Analyzer::counters() const
{
    return {samples_, spike_.rejected(), gaps_, detector_.rejectedCycles()};
}

int Analyzer::process(const ForceSample& sample)
{
    if (!started_) {
        originNs_ = sample.tNs;
        started_ = true;
    } else {
        const auto period = config_.sampleRateHz > 0 ? 1e9 / config_.sampleRateHz : 0.0;
        if (static_cast<double>(sample.tNs - lastNs_) > 1.5 * period) {
            ++gaps_;
        }
    }
    lastNs_ = sample.tNs;
    ++samples_;
    const auto clean = spike_.process(sample);
    return clean ? filtered(*clean) : 0;
}

int Analyzer::finish()
{
    int n = 0;
    for (const auto& last : spike_.flush()) {
        n += filtered(last);
    }
    return n + handle(detector_.flush());
}

int Analyzer::filtered(const ForceSample& sample)
{
    const auto smooth = lowPass_.process(sample);
    detector_.setNoiseSigma(spike_.noiseSigma());
    return handle(detector_.process({toSeconds(smooth.tNs - originNs_), smooth.forceN}));
}

bool Analyzer::durationAccepted(double seconds) const
{
    const auto& d = config_.detector;
    if (seconds < d.minDurationS || seconds > d.maxDurationS) {
        return false;
    }
    if (durations_.empty()) {
        return true;
    }
    std::vector<double> recent(durations_.begin(), durations_.end());
    auto mid = recent.begin() + static_cast<std::ptrdiff_t>(recent.size() / 2);
    std::nth_element(recent.begin(), mid, recent.end());
    return seconds >= d.relativeDurationGate * *mid;
}

int Analyzer::handle(std::optional<Cycle> cycle)
{
    if (!cycle) {
        return 0;
    }
    const auto& d = config_.detector;
    if (config_.kind == MovementKind::Hold) {
        auto hold = measureHold(cycle->view, config_.zone);
        if (!hold || hold->durationS < d.minDurationS || hold->durationS > d.maxDurationS) {
            detector_.reject();
            return 0;
        }
        holds_.push_back(*hold);
    } else {
        auto rep = measureRep(cycle->view, config_.rfd);
        if (!rep || !durationAccepted(rep->tutS)) {
            detector_.reject();
            return 0;
        }
        reps_.push_back(*rep);
        durations_.push_back(rep->tutS);
        if (static_cast<int>(durations_.size()) > d.amplitudeHistory) {
            durations_.pop_front();
        }
    }
    detector_.accept(*cycle);
    return 1;
}

} // namespace bandstation::core
