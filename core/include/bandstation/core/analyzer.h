#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include <bandstation/core/catalog.h>
#include <bandstation/core/cycle_detector.h>
#include <bandstation/core/low_pass.h>
#include <bandstation/core/measures.h>
#include <bandstation/core/sample.h>
#include <bandstation/core/spike_filter.h>

namespace bandstation::core {

// Below this rate the phase instants are too coarse to judge tempo (a 0.2 s edge is two samples
// at 10 samples/s): reps are counted and their peak force reported, tempo is not judged.
inline constexpr double kMinTempoRateHz = 40.0;
// RFD needs the force's fast rise resolved; below this rate it is not reported.
inline constexpr double kMinRfdRateHz = 320.0;

struct AnalyzerConfig {
    MovementKind kind = MovementKind::Rep;
    double sampleRateHz = 80.0;
    SpikeFilterConfig spike{};
    LowPassConfig lowPass{};
    CycleDetectorConfig detector{};
    bool rfd = false;
    std::optional<ForceZone> zone; // holds: measure the time spent in it
};

// Sensible settings for an exercise kind at a sample rate: filter bandwidth for the movement's
// speed, duration gates for a rep, a step or a hold.
AnalyzerConfig analyzerConfigFor(MovementKind kind, double sampleRateHz);

struct AnalyzerCounters {
    std::uint64_t samples = 0;
    std::uint64_t glitches = 0;       // samples the spike filter removed
    std::uint64_t gaps = 0;           // places where samples were missing
    std::uint64_t rejectedCycles = 0; // movements too small, too short or too long to count
};

// The whole signal chain for one set: spike rejection → low-pass → cycle detection → measures.
// Times of the results are seconds since the first sample. Feed samples in time order; each call
// may complete a rep (or step) or a hold, appended to reps() / holds().
//
// Threading: one owner. Pure computation: no clock, no I/O.
class Analyzer {
public:
    void configure(const AnalyzerConfig& config);
    void reset();

    // Returns the number of reps or holds this sample completed (0 or 1).
    int process(const ForceSample& sample);
    // End of data: completes a last cycle whose force has come back down.
    int finish();

    const std::vector<Rep>& reps() const { return reps_; }
    const std::vector<Hold>& holds() const { return holds_; }
    AnalyzerCounters counters() const;
    bool tempoReliable() const { return config_.sampleRateHz >= kMinTempoRateHz; }

private:
    int filtered(const ForceSample& sample);
    int handle(std::optional<Cycle> cycle);
    bool durationAccepted(double seconds) const;

    AnalyzerConfig config_{};
    SpikeFilter spike_;
    LowPass lowPass_;
    CycleDetector detector_;
    std::vector<Rep> reps_;
    std::vector<Hold> holds_;
    std::deque<double> durations_; // of the last accepted reps or steps
    std::int64_t originNs_ = 0;
    bool started_ = false;
    std::uint64_t samples_ = 0;
    std::uint64_t gaps_ = 0;
    std::int64_t lastNs_ = 0;
};

} // namespace bandstation::core
