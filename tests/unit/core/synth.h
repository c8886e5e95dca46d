#pragma once

// Synthetic band-force signals of known shape for the core tests. Reps are built from
// minimum-jerk edges, so the truth of every phase instant is analytic: on a rise of duration T
// from t0, force crosses 10 % at t0 + τ10·T and 90 % at t0 + (1 − τ10)·T.

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include <bandstation/core/measures.h>
#include <bandstation/core/sample.h>

namespace bandstation::core::test {

struct RepShape {
    double restS = 1.0; // at the trough before the rise
    double upS = 2.0;
    double holdS = 1.0;
    double downS = 2.0;
    double troughN = 30.0; // level before the rise
    double peakN = 150.0;
    double afterN = -1.0; // level after the fall; < 0: same as troughN
    // A dip on the plateau (double bump): depth as a fraction of the amplitude, at mid-hold.
    double plateauDip = 0.0;
};

struct Truth {
    double startS, concentricEndS, peakS, eccentricStartS, endS;
    double concentricS() const { return concentricEndS - startS; }
    double holdS() const { return eccentricStartS - concentricEndS; }
    double eccentricS() const { return endS - eccentricStartS; }
};

double minimumJerk(double tau);
double tenPercentTau();

// A continuous clean force made of reps, one after the other, starting at `t0`, with the truth of
// each rep. Before the first rep and after the last the force sits at the trough levels.
class RepSignal {
public:
    RepSignal(std::vector<RepShape> reps, double t0 = 0.0, double tailS = 2.0);
    double operator()(double t) const;
    double endS() const { return end_; }
    const std::vector<Truth>& truth() const { return truth_; }

private:
    struct Segment {
        double t0, t1, f0, f1;
        bool dip = false;
        double dipDepth = 0;
    };
    std::vector<Segment> segments_;
    std::vector<Truth> truth_;
    double end_ = 0;
};

struct SensorModel {
    double rateHz = 80.0;
    double noiseN = 0.3;
    double jitter = 0.01;        // ± fraction of the period, uniform
    double spikeProbability = 0; // per sample: a full-scale value
    // Per sample: one of the word's high bits (2^16..2^22 counts) read flipped, at this scale.
    double bitFlipProbability = 0;
    double countsPerNewton = 3335;
    double gapProbability = 0; // per sample: 1-5 samples missing
    double driftNPerS = 0;
    double mainsN = 0; // 50 Hz pickup
    double quantumN = 0;
    std::uint32_t seed = 1;
};

// Samples `force` from t = 0 to `endS` as a sensor would: averaged over each conversion period,
// stamped at its end, with the artifacts of `model`.
std::vector<ForceSample> sample(const std::function<double(double)>& force, double endS,
                                const SensorModel& model);

} // namespace bandstation::core::test
