#include "situations.h"

#include <algorithm>
#include <random>
#include <utility>

namespace bandstation::core::test {

namespace {

// The dice of a situation. A call's arguments are evaluated in no fixed order, and the x86-64 and
// arm64 compilers pick different ones: every figure is drawn into a named value first, in the order
// written, so that a seed builds the same set on every machine.
class Dice {
public:
    explicit Dice(std::uint32_t seed) : rng_(seed * 2654435761u + 17u) {}
    double operator()(double lo, double hi) { return lo + (hi - lo) * u_(rng_); }
    bool chance(double p) { return u_(rng_) < p; }
    std::uint32_t seed() { return static_cast<std::uint32_t>(rng_()); }

private:
    std::mt19937 rng_;
    std::uniform_real_distribution<double> u_{0.0, 1.0};
};

SensorModel sensorFor(double rateHz, Dice& d)
{
    SensorModel m;
    m.rateHz = rateHz;
    m.seed = d.seed();
    m.noiseN = d(0.15, 0.45);
    m.jitter = d(0.005, 0.02);
    m.driftNPerS = d(-0.5, 0.5) / 60.0;
    m.spikeProbability = 0.001;
    m.bitFlipProbability = 0.001;
    if (rateHz <= 10) {
        m.quantumN = 0.1; // the HX711 at 10/s, as the example traces have it
    } else {
        m.gapProbability = 0.0005;
        m.mainsN = d(0.0, 0.5);
    }
    return m;
}

// A set that starts with the band off the hook: a zero a fraction of a newton off, a quiet lead-in.
SetBuilder offTheHook(Dice& d)
{
    const double zeroN = d(-0.3, 0.3);
    const double leadS = d(0.8, 2.5);
    return SetBuilder(zeroN, leadS);
}

// A handling interval of `lo` to `hi` seconds that ends at `toN` and jerks up to about
// `peakN` times a factor of `maxLo` to `maxHi`.
void handle(SetBuilder& b, HandlingKind kind, double lo, double hi, double toN, double peakN,
            double maxLo, double maxHi, Dice& d)
{
    const double seconds = d(lo, hi);
    const double maxN = peakN * d(maxLo, maxHi);
    b.handling(kind, seconds, toN, maxN, d.seed());
}

// A catalog tempo, stretched or squeezed by `scale` with a little rep-to-rep spread.
struct Phases {
    double up, hold, down;
};
Phases phases(const Tempo& t, double scale, Dice& d)
{
    return {t.upS * scale * d(0.9, 1.1), t.holdS * scale * d(0.85, 1.15),
            t.downS * scale * d(0.9, 1.1)};
}

void reps(SetBuilder& b, const Tempo& tempo, int n, double peakN, Dice& d, double restLo = 0.3,
          double restHi = 1.2)
{
    for (int i = 0; i < n; ++i) {
        const auto p = phases(tempo, d(0.92, 1.15), d);
        const double fatigue = 1.0 - 0.12 * i / std::max(1, n - 1);
        const double peak = b.level() + (peakN - b.level()) * fatigue * d(0.92, 1.05);
        b.rest(d(restLo, restHi) + tempo.bottomPauseS)
            .rep(p.up, p.hold, p.down, peak, -1, Wobble{d(7, 11), d(0.01, 0.025)});
    }
}

// One step cycle of a walk from the floor tension: out, a short top, back, a moment at the floor.
void step(SetBuilder& b, double cycleS, double peakN, Dice& d)
{
    const double up = 0.33 * cycleS * d(0.92, 1.08);
    const double top = 0.09 * cycleS * d(0.8, 1.2);
    const double down = 0.32 * cycleS * d(0.92, 1.08);
    b.rep(up, top, down, peakN);
    b.rest(0.26 * cycleS * d(0.85, 1.15));
}

void walk(SetBuilder& b, int steps, double cycleS, double peakN, Dice& d)
{
    for (int i = 0; i < steps; ++i) {
        step(b, cycleS, b.level() + (peakN - b.level()) * d(0.92, 1.06), d);
    }
}

// The band taken off after the set (from the rest to a zero a fraction of a newton off), and the
// sensor that recorded it all.
Situation takenOff(Situation s, SetBuilder& b, double rate, double peakN, Dice& d)
{
    const double offN = d(-0.3, 0.3);
    handle(b, HandlingKind::Teardown, 1.5, 2.5, offN, peakN, 0.8, 1.1, d);
    s.set = b.build(d(1.0, 3.0));
    s.sensor = sensorFor(rate, d);
    return s;
}

Situation handledReps(double rate, Dice& d, std::uint32_t seed)
{
    static const char* const kExercises[] = {"banded_bridge", "clamshell", "hip_flexor_lift",
                                             "side_leg_raise"};
    Situation s;
    s.exercise = kExercises[seed % 4];
    const Tempo tempo = *findExercise(s.exercise)->tempo;
    s.tempo = tempo;
    double rest = d(15, 60);
    const double peak = rest + d(60, 170);
    auto b = offTheHook(d);
    handle(b, HandlingKind::Setup, 1.5, 3.5, rest, peak, 0.9, 1.15, d);
    b.rest(d(0.8, 3.0));
    const int n = 8 + static_cast<int>(d(0, 5));
    reps(b, tempo, n / 2, peak, d);
    b.rest(d(0.5, 1.5));
    if (seed % 3 == 1) { // the band moved: its rest tension changes for good
        rest *= d.chance(0.5) ? d(0.6, 0.8) : d(1.25, 1.5);
        handle(b, HandlingKind::Reposition, 2.0, 4.0, rest, peak, 0.5, 1.0, d);
        b.rest(d(1.0, 3.0));
    } else if (seed % 3 == 2) { // re-tied: off for a moment, then on again, tighter or looser
        const double offN = d(-0.3, 0.3);
        handle(b, HandlingKind::Reposition, 1.0, 2.0, offN, peak, 0.6, 1.0, d);
        b.rest(d(0.8, 2.5));
        rest *= d(0.75, 1.3);
        handle(b, HandlingKind::Reposition, 1.5, 3.0, rest, peak, 0.8, 1.1, d);
        b.rest(d(1.0, 3.0));
    }
    reps(b, tempo, n - n / 2, peak, d);
    b.rest(d(0.8, 2.5));
    return takenOff(std::move(s), b, rate, peak, d);
}

Situation handledWalk(double rate, Dice& d, std::uint32_t seed)
{
    Situation s;
    s.exercise = seed % 2 ? "crab_walk" : "monster_walk";
    const double floor = d(30, 60);
    const double peak = floor + d(80, 130);
    auto b = offTheHook(d);
    handle(b, HandlingKind::Setup, 1.5, 3.5, floor, peak, 0.9, 1.15, d);
    b.rest(d(1.0, 3.0));
    const double cycle = d(0.7, 1.1);
    walk(b, 12 + static_cast<int>(d(0, 4)), cycle, peak, d);
    b.rest(d(2.5, 3.5));
    walk(b, 12 + static_cast<int>(d(0, 4)), cycle, peak, d);
    b.rest(d(0.8, 2.5));
    return takenOff(std::move(s), b, rate, peak, d);
}

Situation handledHold(double rate, Dice& d)
{
    Situation s;
    s.exercise = "glute_bridge_hold";
    const double rest = d(25, 50);
    const double level = rest + d(80, 140);
    auto b = offTheHook(d);
    handle(b, HandlingKind::Setup, 1.5, 3.5, rest, level, 0.9, 1.15, d);
    b.rest(d(1.5, 3.0));
    const double upS = d(1.0, 2.0);
    const double holdS = d(25, 35);
    const double downS = d(1.0, 2.0);
    b.hold(upS, holdS, downS, level, Wobble{d(6, 10), d(0.02, 0.04)});
    b.rest(d(1.0, 2.5));
    return takenOff(std::move(s), b, rate, level, d);
}

Situation irregularWalk(double rate, Dice& d, std::uint32_t seed)
{
    Situation s;
    s.exercise = seed % 2 ? "crab_walk" : "monster_walk";
    const double floor = d(30, 60);
    const double peak = floor + d(80, 130);
    const double base = d(0.6, 1.2);
    SetBuilder b(floor, d(1.0, 3.0));
    int stops = 0;
    for (int dir = 0; dir < 2; ++dir) {
        const int n = 12 + static_cast<int>(d(0, 5));
        for (int i = 0; i < n; ++i) {
            double cycle = base * d(0.75, 1.25);
            double top = floor + (peak - floor) * d(0.9, 1.06) * (i % 2 ? 0.92 : 1.0);
            if (d.chance(0.08)) { // a stumble: a quick, short step
                cycle *= d(0.6, 0.75);
                top = floor + (top - floor) * d(0.6, 0.8);
            }
            step(b, cycle, top, d);
            if (stops < 2 && i > 2 && i < n - 2 && d.chance(0.06)) { // a mid-walk stop
                b.rest(d(1.0, 2.5));
                ++stops;
            }
        }
        b.rest(dir == 0 ? d(2.5, 3.5) : d(1.0, 3.0));
    }
    s.set = b.build(d(1.0, 2.0));
    s.sensor = sensorFor(rate, d);
    return s;
}

Situation slowAndFastReps(double rate, Dice& d, std::uint32_t seed)
{
    static const char* const kExercises[] = {"banded_bridge", "clamshell", "side_leg_raise"};
    Situation s;
    s.exercise = kExercises[seed % 3];
    const Tempo tempo = *findExercise(s.exercise)->tempo;
    s.tempo = tempo;
    const double rest = d(20, 50);
    const double peak = rest + d(60, 150);
    SetBuilder b(rest, d(1.0, 3.0));
    const int n = 10 + static_cast<int>(d(0, 4));
    for (int i = 0; i < n; ++i) {
        // Half to double the prescribed tempo: fast, slow and in between, in no fixed order.
        const double pick = d(0, 1);
        const double scale = pick < 0.4 ? d(0.5, 0.6) : pick < 0.8 ? d(1.7, 2.0) : d(0.9, 1.1);
        const auto p = phases(tempo, scale, d);
        const double peakN = rest + (peak - rest) * d(0.85, 1.05);
        b.rest(d(0.3, 1.5)).rep(p.up, p.hold, p.down, peakN, -1, Wobble{d(7, 11), d(0.01, 0.02)});
    }
    s.set = b.build(d(1.5, 3.0));
    s.sensor = sensorFor(rate, d);
    return s;
}

Situation shakyHold(double rate, Dice& d)
{
    Situation s;
    s.exercise = "glute_bridge_hold";
    const double rest = d(25, 50);
    const double level = rest + d(80, 140);
    const double holdS = d(20, 35);
    Wobble w;
    w.tremorHz = d(5, 10);
    w.tremorFraction = d(0.05, 0.08) * level / (level - rest); // of the level, peak to peak
    w.sagFraction = d(0.15, 0.3);                              // out of a ±10 % zone and back
    w.sagS = d(2.0, 5.0);
    w.sagAt = d(4.0, holdS - w.sagS - 3.0);
    SetBuilder b(rest, d(2.0, 4.0));
    const double upS = d(1.0, 2.0);
    const double downS = d(1.0, 2.0);
    b.hold(upS, holdS, downS, level, w);
    s.set = b.build(d(2.0, 4.0));
    s.sensor = sensorFor(rate, d);
    return s;
}

Situation quantizedRest(double rate, Dice& d, std::uint32_t seed)
{
    Situation s;
    s.exercise = seed % 2 ? "hip_flexor_lift" : "clamshell";
    const Tempo tempo = *findExercise(s.exercise)->tempo;
    s.tempo = tempo;
    const double rest = d(20, 50);
    const double peak = rest + d(60, 120);
    SetBuilder b(rest, 0.5);
    // The band's rest tension wanders by up to a newton while nobody moves: breathing, sway.
    const auto wander = [&](double seconds) {
        for (double t = 0; t < seconds;) {
            const double dt = d(1.0, 4.0);
            b.drift(dt, rest + d(-1.0, 1.0));
            t += dt;
        }
        b.drift(d(1.0, 2.0), rest);
    };
    wander(d(10, 30));
    const int n = 5 + static_cast<int>(d(0, 4));
    for (int i = 0; i < n; ++i) {
        const auto p = phases(tempo, d(0.95, 1.15), d);
        b.rep(p.up, p.hold, p.down, peak * d(0.92, 1.04));
        wander(d(2, 6));
    }
    wander(d(5, 10));
    s.set = b.build(1.0);
    s.sensor = sensorFor(rate, d);
    s.sensor.quantumN = rate <= 10 ? 0.1 : 0.0;
    s.sensor.noiseN = d(0.02, 0.1);
    return s;
}

} // namespace

std::string toString(SituationKind kind)
{
    switch (kind) {
    case SituationKind::HandledReps:
        return "handled reps";
    case SituationKind::HandledWalk:
        return "handled walk";
    case SituationKind::HandledHold:
        return "handled hold";
    case SituationKind::IrregularWalk:
        return "irregular walk";
    case SituationKind::SlowAndFastReps:
        return "slow and fast reps";
    case SituationKind::ShakyHold:
        return "shaky hold";
    case SituationKind::QuantizedRest:
        return "quantized rest";
    }
    return "?";
}

Situation makeSituation(SituationKind kind, double rateHz, std::uint32_t seed)
{
    Dice d(seed * 7919u + static_cast<std::uint32_t>(kind) * 104729u +
           static_cast<std::uint32_t>(rateHz));
    switch (kind) {
    case SituationKind::HandledReps:
        return handledReps(rateHz, d, seed);
    case SituationKind::HandledWalk:
        return handledWalk(rateHz, d, seed);
    case SituationKind::HandledHold:
        return handledHold(rateHz, d);
    case SituationKind::IrregularWalk:
        return irregularWalk(rateHz, d, seed);
    case SituationKind::SlowAndFastReps:
        return slowAndFastReps(rateHz, d, seed);
    case SituationKind::ShakyHold:
        return shakyHold(rateHz, d);
    case SituationKind::QuantizedRest:
        return quantizedRest(rateHz, d, seed);
    }
    return {};
}

} // namespace bandstation::core::test
