#include "synth.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace bandstation::core::test {

double minimumJerk(double tau)
{
    tau = std::clamp(tau, 0.0, 1.0);
    return tau * tau * tau * (10.0 - 15.0 * tau + 6.0 * tau * tau);
}

double tenPercentTau()
{
    double lo = 0, hi = 0.5;
    for (int i = 0; i < 60; ++i) {
        const double mid = 0.5 * (lo + hi);
        (minimumJerk(mid) < 0.1 ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

RepSignal::RepSignal(std::vector<RepShape> reps, double t0, double tailS)
{
    const double tau = tenPercentTau();
    double t = t0;
    for (const auto& r : reps) {
        const double after = r.afterN < 0 ? r.troughN : r.afterN;
        segments_.push_back({t, t + r.restS, r.troughN, r.troughN});
        t += r.restS;
        Truth tr{};
        tr.startS = t + tau * r.upS;
        tr.concentricEndS = t + (1 - tau) * r.upS;
        segments_.push_back({t, t + r.upS, r.troughN, r.peakN});
        t += r.upS;
        tr.peakS = t;
        Segment hold{t, t + r.holdS, r.peakN, r.peakN};
        hold.dip = r.plateauDip > 0;
        hold.dipDepth = r.plateauDip * (r.peakN - r.troughN);
        segments_.push_back(hold);
        t += r.holdS;
        tr.eccentricStartS = t + tau * r.downS;
        tr.endS = t + (1 - tau) * r.downS;
        segments_.push_back({t, t + r.downS, r.peakN, after});
        t += r.downS;
        truth_.push_back(tr);
    }
    const double last =
        reps.empty() ? 30.0 : (reps.back().afterN < 0 ? reps.back().troughN : reps.back().afterN);
    segments_.push_back({t, t + tailS, last, last});
    end_ = t + tailS;
}

double RepSignal::operator()(double t) const
{
    if (segments_.empty()) {
        return 0;
    }
    if (t <= segments_.front().t0) {
        return segments_.front().f0;
    }
    for (const auto& s : segments_) {
        if (t < s.t1) {
            const double tau = (t - s.t0) / (s.t1 - s.t0);
            double f = s.f0 + (s.f1 - s.f0) * minimumJerk(tau);
            if (s.dip) {
                // A smooth dip (one cosine period) over the middle half of the hold.
                const double u = (tau - 0.25) / 0.5;
                if (u > 0 && u < 1) {
                    f -= s.dipDepth * 0.5 * (1 - std::cos(2 * std::numbers::pi * u));
                }
            }
            return f;
        }
    }
    return segments_.back().f1;
}

std::vector<ForceSample> sample(const std::function<double(double)>& force, double endS,
                                const SensorModel& m)
{
    std::mt19937 rng(m.seed);
    std::normal_distribution<double> noise(0.0, m.noiseN);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<ForceSample> out;
    const double period = 1.0 / m.rateHz;
    const int sub = 8; // points averaged per conversion
    double t = period;
    while (t <= endS) {
        const double stamp = t + (unit(rng) * 2 - 1) * m.jitter * period;
        if (m.gapProbability > 0 && unit(rng) < m.gapProbability) {
            t += period * (1 + static_cast<int>(unit(rng) * 5));
            continue;
        }
        double mean = 0;
        for (int k = 0; k < sub; ++k) {
            const double ts = stamp - period + (k + 0.5) * period / sub;
            mean += force(ts) + m.mainsN * std::sin(2 * std::numbers::pi * 50 * ts);
        }
        double f = mean / sub + noise(rng) + m.driftNPerS * stamp;
        if (m.quantumN > 0) {
            f = std::round(f / m.quantumN) * m.quantumN;
        }
        if (m.bitFlipProbability > 0 && unit(rng) < m.bitFlipProbability) {
            const int bit = 16 + static_cast<int>(unit(rng) * 7);
            f += (unit(rng) < 0.5 ? 1 : -1) * std::ldexp(1.0, bit) / m.countsPerNewton;
        }
        if (m.spikeProbability > 0 && unit(rng) < m.spikeProbability) {
            f = unit(rng) < 0.5 ? 1750.0 : -1750.0; // a full-scale word through the calibration
        }
        out.push_back({toNanoseconds(stamp), f, 0});
        t += period;
    }
    return out;
}

} // namespace bandstation::core::test
