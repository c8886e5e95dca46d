#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include <bandstation/core/measures.h>
#include <bandstation/core/sample.h>

namespace bandstation::core {

struct CycleDetectorConfig {
    // An extremum is confirmed once the force has moved back from it by this fraction of the
    // current swing (peak − trough): plateau wobbles, tremor and double bumps below it merge.
    double relativeHysteresis = 0.25;
    // ... and by at least this many noise standard deviations.
    double noiseHysteresis = 6.0;
    // A cycle's amplitude (peak − the higher trough) must reach this many noise standard deviations
    // and this fraction of the median amplitude of the last accepted cycles.
    double noiseGate = 12.0;
    double relativeGate = 0.35;
    int amplitudeHistory = 5;
    // Duration gates on start..end (rep, step) or the time above the half level (hold).
    double minDurationS = 0.4;
    double maxDurationS = 30.0;
    // ... and a rep or step must last this fraction of the median duration of the last accepted
    // ones: a twitch among slow reps is not a rep. (Applied by the measuring caller.)
    double relativeDurationGate = 0.3;
    // When the force has come back down (to within `settleFraction` of the swing from the trough
    // before) and stayed below the 10 % level this long, the cycle is complete even before the
    // next one starts: the last rep of a set is reported without waiting for another.
    double settleS = 0.8;
    double settleFraction = 0.3;
};

// What the detector hands over for each accepted cycle: a view of its points, valid until the next
// call to process() or flush().
struct Cycle {
    CycleView view;
    double amplitudeN = 0;
};

// Finds force cycles (rise from a trough, a peak or plateau, fall to a trough) in a stream of
// filtered force, with hysteresis that adapts to the signal's own swing and to its noise. Used for
// reps, steps and holds alike; what is measured on a cycle is up to the caller, who decides
// whether a cycle is accepted (duration gates need the measured instants).
//
// Threading: one owner; pure computation on the samples it is given.
class CycleDetector {
public:
    void configure(const CycleDetectorConfig& config);
    void reset();

    // Noise standard deviation of the signal (N), e.g. from the spike filter.
    void setNoiseSigma(double sigma) { noiseSigma_ = sigma; }

    // Feeds one filtered sample (time in seconds). Returns a candidate cycle when one completes.
    // The caller measures it and calls accept() or reject() before the next call.
    std::optional<Cycle> process(const Point& point);
    // End of data: the last cycle, if the force came back down after its peak.
    std::optional<Cycle> flush();

    void accept(const Cycle& cycle);
    void reject();
    // Starts the search again at `tS`: the points before it are forgotten (handling ended there,
    // and the next cycle's trough before is measured from it), a pending candidate is dropped, and
    // the amplitude reference becomes `amplitudes` (those of the cycles that really counted).
    void restartFrom(double tS, const std::deque<double>& amplitudes);

    std::uint64_t rejectedCycles() const { return rejected_; }
    // The points the search holds: since the last accepted peak or restart, minus trimmed idle.
    std::span<const Point> points() const { return points_; }
    // Median amplitude of the recently accepted cycles (0 before the first).
    double referenceAmplitude() const;

private:
    enum class Mode { SeekPeak, SeekTrough };

    std::optional<Cycle> candidate(std::size_t troughAfterIdx);
    double hysteresis(double swing) const;
    void trim();

    CycleDetectorConfig config_{};
    std::vector<Point> points_; // from the last accepted peak (or start), minus trimmed idle
    Mode mode_ = Mode::SeekPeak;
    // SeekPeak: running maximum and the minimum before it.
    std::size_t maxIdx_ = 0;
    std::size_t minIdx_ = 0; // index of the trough before (since the last accepted peak)
    double minVal_ = 0;      // its value (kept when trimming drops the point)
    // SeekTrough: the peak and the running minimum after it.
    std::size_t peakIdx_ = 0;
    std::size_t troughIdx_ = 0;
    double settleSince_ = -1;
    double settleLow_ = 0;
    bool pendingDecision_ = false;
    bool settledEmitted_ = false;
    double noiseSigma_ = 0;
    std::deque<double> amplitudes_;
    std::uint64_t rejected_ = 0;
};

} // namespace bandstation::core
