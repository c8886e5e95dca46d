#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <bandstation/core/calibration.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/targets.h>
#include <bandstation/hw/clock.h>
#include <bandstation/hw/source.h>

namespace bandstation::hw {

// What the station is set to: the athlete performs it. Zero or negative fields take the
// exercise's defaults from the catalog.
struct AthletePlan {
    std::string exercise = "banded_bridge";
    core::Targets targets;
    int reps = 0; // reps per set, steps per direction
    int sets = 0;
    double restS = -1;  // rest between sets
    double holdS = 0;   // hold exercises
    bool repeat = true; // after the last set, a break and the plan again (a demo); false: rest
    bool idle = false;  // no exercise at all: the athlete stands at rest until the next plan
};

struct AthleteConfig {
    std::uint64_t seed = 1;
    double restTensionN = 25;     // the band's tension at rest: never slack
    double defaultPeakN = 70;     // where the athlete goes when no force zone is set
    double tempoVariation = 0.08; // rep-to-rep spread of each phase (fraction, 1 σ)
    double peakVariation = 0.04;  // rep-to-rep spread of the peak (fraction, 1 σ)
    double fatigue = 0.10;        // amplitude lost (and tempo slowed) by the last rep of a set
    double pauseS = 0.5;          // between reps at the bottom
    double startDelayS = 2.0;     // before the first set of a plan
};

// One movement the athlete made, as it really happened (for tests of the layers above).
struct PerformedMovement {
    core::MovementKind kind = core::MovementKind::Rep;
    double startS = 0, peakS = 0, endS = 0;
    double peakN = 0;
    int set = 0;
};

// A virtual athlete on a latex band. The limb follows minimum-jerk movements whose durations
// come from the plan's tempo (with rep-to-rep variation and fatigue); the band turns the
// stretch into force with stiffening, viscous hysteresis (more force on the way out than back)
// and stress relaxation during holds; walks are step cycles with a pause at each change of
// direction; holds carry tremor and sag. Sets are separated by the plan's rest. Deterministic
// for a seed. Pure: time is passed in, nothing is read from a clock.
class SimulatedAthlete {
public:
    SimulatedAthlete(AthleteConfig config, AthletePlan plan);

    // Starts the new plan's first set after the start delay, from `atS`.
    void setPlan(const AthletePlan& plan, double atS);
    // Band force at `tS`; calls must not go back in time.
    double forceAt(double tS);
    const std::vector<PerformedMovement>& performed() const { return performed_; }

private:
    struct Segment {
        enum class Shape { Rest, Move, Hold };
        Shape shape = Shape::Rest;
        double t0 = 0, t1 = 0;
        double x0 = 0, x1 = 0; // stretch at the start and the end, 0..1
    };
    struct Position {
        double x = 0, v = 0, holdS = 0;
    };
    Position positionAt(const Segment& segment, double tS) const;
    void planNext();
    void planSet();
    void planRep(int index, int count);
    void planSteps(int count);
    void planHold();
    void push(Segment::Shape shape, double duration, double x1);
    double stretchFor(double forceN) const;
    double bandForce(double x, double v, double holdS) const;
    double aimN() const;
    double vary(double spread);

    AthleteConfig config_;
    AthletePlan plan_;
    const core::Exercise* exercise_ = nullptr;
    std::mt19937_64 rng_;
    std::deque<Segment> segments_;
    double planEndS_ = 0;
    double x_ = 0;
    int set_ = 0;
    int setsDone_ = 0;
    double stiffnessN_;
    std::vector<PerformedMovement> performed_;
};

struct SimulatedConfig {
    double rateHz = 80;
    int channels = 1;                              // 2: a right cell at 92 % of the left
    core::Calibration calibration{150'000, 8'000}; // counts = offset + force × counts per N
    core::CountRange range{};
    double noiseN = 0.15;         // Gaussian, 1 σ
    double glitchRate = 3e-4;     // per sample: a full-scale code or a flipped bit
    double driftNPerMin = 0.3;    // the load cell's zero drifts
    double jitterFraction = 0.01; // timestamp jitter, fraction of a period (1 σ)
    bool realTime = true;         // false: as fast as possible (virtual timestamps)
};

// The simulated sensor: the athlete, sampled like an ADC (noise, drift, jitter, occasional bad
// words), delivered as raw counts so the whole chain from calibration on runs as on a station.
// Thread: poll and status on the reader thread; setPlan from any thread.
class SimulatedSampler final : public Sampler {
public:
    SimulatedSampler(Clock& clock, SimulatedConfig config, AthleteConfig athlete, AthletePlan plan);

    std::string describe() const override;
    double configuredRateHz() const override { return config_.rateHz; }
    core::CountRange range() const override { return config_.range; }
    int channels() const override { return config_.channels; }
    bool poll(std::vector<core::RawSample>& out) override;
    SourceStatus status() const override;

    void setPlan(const AthletePlan& plan);
    // What the athlete did so far (a copy; any thread).
    std::vector<PerformedMovement> performed() const;

private:
    std::int32_t toCounts(double forceN, std::uint8_t& flags);

    Clock& clock_;
    SimulatedConfig config_;
    std::mt19937_64 rng_;
    std::normal_distribution<double> noise_{0.0, 1.0};
    std::uniform_real_distribution<double> uniform_{0.0, 1.0};
    std::int64_t periodNs_;
    std::optional<std::int64_t> startNs_;
    std::int64_t index_ = 0;
    double restTensionN_;

    mutable std::mutex mutex_;
    SimulatedAthlete athlete_;
    std::optional<AthletePlan> newPlan_;
    SourceCounters counters_;
};

} // namespace bandstation::hw
