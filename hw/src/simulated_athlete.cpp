#include "bandstation/hw/simulated_athlete.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <bandstation/base/text.h>

namespace bandstation::hw {

namespace {

constexpr double kStiffening = 0.4;  // latex: force grows faster than stretch
constexpr double kViscosityS = 0.05; // hysteresis: force lead per unit of stretch speed
constexpr double kRelaxation = 0.03; // force lost during a long hold (stress relaxation)
constexpr double kRelaxationTauS = 1.5;
constexpr double kTremorHz = 6.5;
constexpr double kTremor = 0.004; // of the stretch
constexpr double kSag = 0.04;     // a long hold sinks this much
constexpr double kDirectionPauseS = 3.0;
constexpr double kHoldRampS = 1.0;
constexpr double kReturnS = 1.0; // back to rest when the plan changes mid-movement

double minimumJerk(double tau)
{
    return tau * tau * tau * (10.0 - 15.0 * tau + 6.0 * tau * tau);
}

double minimumJerkSlope(double tau)
{
    return 30.0 * tau * tau * (1.0 - tau) * (1.0 - tau);
}

} // namespace

SimulatedAthlete::SimulatedAthlete(AthleteConfig config, AthletePlan plan)
    : config_(config), rng_(config.seed),
      stiffnessN_((config.defaultPeakN - config.restTensionN) / (1.0 + kStiffening))
{
    setPlan(plan, 0.0);
}

void SimulatedAthlete::setPlan(const AthletePlan& plan, double atS)
{
    plan_ = plan;
    exercise_ = core::findExercise(plan_.exercise);
    if (exercise_ == nullptr) {
        exercise_ = core::findExercise("banded_bridge");
    }
    // Whatever the athlete was doing, the limb goes back to rest first.
    double x = x_;
    if (!segments_.empty() && atS >= segments_.front().t0) {
        x = positionAt(segments_.front(), atS).x;
    }
    segments_.clear();
    x_ = x;
    planEndS_ = atS;
    setsDone_ = 0;
    if (x > 1e-3) {
        push(Segment::Shape::Move, kReturnS, 0.0);
    }
    push(Segment::Shape::Rest, config_.startDelayS - (x > 1e-3 ? kReturnS : 0.0), 0.0);
}

double SimulatedAthlete::vary(double spread)
{
    std::normal_distribution<double> normal(0.0, spread);
    return std::clamp(1.0 + normal(rng_), 1.0 - 3 * spread, 1.0 + 3 * spread);
}

double SimulatedAthlete::aimN() const
{
    if (plan_.targets.zone) {
        return 0.5 * (plan_.targets.zone->lowN + plan_.targets.zone->highN);
    }
    return config_.defaultPeakN;
}

double SimulatedAthlete::stretchFor(double forceN) const
{
    const double d = std::max(forceN - config_.restTensionN, 0.0) / stiffnessN_;
    return (-1.0 + std::sqrt(1.0 + 4.0 * kStiffening * d)) / (2.0 * kStiffening);
}

double SimulatedAthlete::bandForce(double x, double v, double holdS) const
{
    const double elastic = stiffnessN_ * (x + kStiffening * x * x);
    const double relaxed =
        elastic * (1.0 - kRelaxation * (1.0 - std::exp(-holdS / kRelaxationTauS)));
    return config_.restTensionN + relaxed + stiffnessN_ * kViscosityS * v;
}

void SimulatedAthlete::push(Segment::Shape shape, double duration, double x1)
{
    Segment s;
    s.shape = shape;
    s.t0 = planEndS_;
    s.t1 = planEndS_ + std::max(duration, 1e-3);
    s.x0 = segments_.empty() ? x_ : segments_.back().x1;
    s.x1 = shape == Segment::Shape::Rest ? s.x0 : x1;
    segments_.push_back(s);
    planEndS_ = s.t1;
}

namespace {
// How long an idle athlete's rest segment lasts; another follows when it is over.
constexpr double kIdleRestS = 60.0;
} // namespace

void SimulatedAthlete::planNext()
{
    const int sets = plan_.sets > 0 ? plan_.sets : exercise_->sets;
    if (plan_.idle || (!plan_.repeat && setsDone_ >= sets)) {
        push(Segment::Shape::Rest, kIdleRestS, 0.0);
        return;
    }
    if (setsDone_ >= sets) {
        // The prescription is done: a long break, then the athlete starts over (a demo loops).
        const double rest = plan_.restS >= 0 ? plan_.restS : exercise_->restS;
        push(Segment::Shape::Rest, std::max(rest * 2, 10.0), 0.0);
        setsDone_ = 0;
        return;
    }
    planSet();
}

void SimulatedAthlete::planSet()
{
    ++set_;
    const int reps = plan_.reps > 0 ? plan_.reps : exercise_->reps;
    switch (exercise_->kind) {
    case core::MovementKind::Rep:
        for (int i = 0; i < reps; ++i) {
            planRep(i, reps);
        }
        break;
    case core::MovementKind::Step:
        planSteps(reps);
        if (exercise_->sides == core::Sides::Directions) {
            push(Segment::Shape::Rest, kDirectionPauseS * vary(0.1), 0.0);
            planSteps(reps);
        }
        break;
    case core::MovementKind::Hold:
        planHold();
        break;
    }
    ++setsDone_;
    const double rest = plan_.restS >= 0 ? plan_.restS : exercise_->restS;
    push(Segment::Shape::Rest, std::max(rest, 1.0), 0.0);
}

void SimulatedAthlete::planRep(int index, int count)
{
    core::Tempo tempo{2, 1, 2, 0};
    if (plan_.targets.tempo) {
        tempo = *plan_.targets.tempo;
    } else if (exercise_->tempo) {
        tempo = *exercise_->tempo;
    }
    const double tired = count > 1 ? static_cast<double>(index) / (count - 1) : 0.0;
    const double peak = aimN() * (1.0 - config_.fatigue * tired) * vary(config_.peakVariation);
    const double slower = 1.0 + config_.fatigue * tired;
    const double x = stretchFor(peak);
    PerformedMovement m;
    m.kind = core::MovementKind::Rep;
    m.set = set_;
    m.startS = planEndS_;
    push(Segment::Shape::Move, tempo.upS * slower * vary(config_.tempoVariation), x);
    const double hold = std::max(tempo.holdS * vary(config_.tempoVariation), 0.05);
    m.peakS = planEndS_;
    push(Segment::Shape::Hold, hold, x * (1.0 - kSag * std::min(hold / 10.0, 1.0)));
    push(Segment::Shape::Move, tempo.downS * slower * vary(config_.tempoVariation), 0.0);
    m.endS = planEndS_;
    m.peakN = bandForce(x, 0.0, 0.0);
    performed_.push_back(m);
    push(Segment::Shape::Rest, (config_.pauseS + tempo.bottomPauseS) * vary(0.2), 0.0);
}

void SimulatedAthlete::planSteps(int count)
{
    const double cycle = exercise_->stepCycleS > 0 ? exercise_->stepCycleS : 0.9;
    const double x = stretchFor(aimN());
    const double floor = 0.25 * x; // the band stays taut between steps
    push(Segment::Shape::Move, 0.6, floor);
    for (int i = 0; i < count; ++i) {
        const double c = cycle * vary(0.05);
        const double top = x * vary(0.05);
        PerformedMovement m;
        m.kind = core::MovementKind::Step;
        m.set = set_;
        m.startS = planEndS_;
        push(Segment::Shape::Move, 0.45 * c, top);
        m.peakS = planEndS_;
        m.peakN = bandForce(top, 0.0, 0.0);
        push(Segment::Shape::Move, 0.55 * c, floor);
        m.endS = planEndS_;
        performed_.push_back(m);
    }
    push(Segment::Shape::Move, 0.6, 0.0);
}

void SimulatedAthlete::planHold()
{
    const double holdS = plan_.holdS > 0 ? plan_.holdS : exercise_->holdS;
    const double x = stretchFor(aimN());
    PerformedMovement m;
    m.kind = core::MovementKind::Hold;
    m.set = set_;
    m.startS = planEndS_;
    push(Segment::Shape::Move, kHoldRampS, x);
    m.peakS = planEndS_;
    m.peakN = bandForce(x, 0.0, 0.0);
    push(Segment::Shape::Hold, holdS * vary(0.03), x * (1.0 - kSag));
    push(Segment::Shape::Move, kHoldRampS, 0.0);
    m.endS = planEndS_;
    performed_.push_back(m);
}

double SimulatedAthlete::forceAt(double tS)
{
    while (segments_.empty() || tS >= segments_.front().t1) {
        if (!segments_.empty()) {
            x_ = segments_.front().x1;
            segments_.pop_front();
        }
        if (segments_.empty()) {
            planNext();
        }
    }
    const auto p = positionAt(segments_.front(), tS);
    return bandForce(std::max(p.x, 0.0), p.v, p.holdS);
}

SimulatedAthlete::Position SimulatedAthlete::positionAt(const Segment& s, double tS) const
{
    const double duration = s.t1 - s.t0;
    const double tau = std::clamp((tS - s.t0) / duration, 0.0, 1.0);
    Position p;
    p.x = s.x0;
    switch (s.shape) {
    case Segment::Shape::Rest:
        break;
    case Segment::Shape::Move:
        p.x = s.x0 + (s.x1 - s.x0) * minimumJerk(tau);
        p.v = (s.x1 - s.x0) * minimumJerkSlope(tau) / duration;
        break;
    case Segment::Shape::Hold:
        p.holdS = tS - s.t0;
        p.x = s.x0 + (s.x1 - s.x0) * tau +
              kTremor * s.x0 * std::sin(2.0 * std::numbers::pi * kTremorHz * tS);
        break;
    }
    return p;
}

SimulatedSampler::SimulatedSampler(Clock& clock, SimulatedConfig config, AthleteConfig athlete,
                                   AthletePlan plan)
    : clock_(clock), config_(config), rng_(athlete.seed * 7919 + 17),
      periodNs_(static_cast<std::int64_t>(1e9 / config.rateHz)),
      restTensionN_(athlete.restTensionN), athlete_(athlete, std::move(plan))
{
}

std::string SimulatedSampler::describe() const
{
    return "simulated athlete (" + base::fixed(config_.rateHz, 0) + " samples/s" +
           (config_.channels == 2 ? ", two load cells)" : ")");
}

void SimulatedSampler::setPlan(const AthletePlan& plan)
{
    std::lock_guard lock(mutex_);
    newPlan_ = plan;
}

std::vector<PerformedMovement> SimulatedSampler::performed() const
{
    std::lock_guard lock(mutex_);
    return athlete_.performed();
}

std::int32_t SimulatedSampler::toCounts(double forceN, std::uint8_t& flags)
{
    double counts = config_.calibration.offsetCounts + forceN * config_.calibration.countsPerNewton;
    if (uniform_(rng_) < config_.glitchRate) {
        if (uniform_(rng_) < 0.5) {
            counts = config_.range.max; // a full-scale word
        } else {
            const auto word = static_cast<std::int32_t>(std::lround(counts));
            return word ^ (1 << 21); // one flipped bit: the filters must catch it
        }
    }
    const auto clamped = std::clamp(std::llround(counts), static_cast<long long>(config_.range.min),
                                    static_cast<long long>(config_.range.max));
    const auto code = static_cast<std::int32_t>(clamped);
    if (config_.range.saturated(code)) {
        flags = core::withFlag(flags, core::SampleFlag::Saturated);
        ++counters_.saturations;
    }
    return code;
}

bool SimulatedSampler::poll(std::vector<core::RawSample>& out)
{
    if (!startNs_) {
        startNs_ = clock_.nowNs();
    }
    const auto due = *startNs_ + index_ * periodNs_;
    if (config_.realTime) {
        clock_.sleepUntil(due);
    }
    const double tS = static_cast<double>(due - *startNs_) / 1e9;
    std::lock_guard lock(mutex_);
    if (newPlan_) {
        athlete_.setPlan(*newPlan_, tS);
        newPlan_.reset();
    }
    const double force = athlete_.forceAt(tS);
    const double drift = config_.driftNPerMin * tS / 60.0;
    const double jitter = config_.jitterFraction * static_cast<double>(periodNs_);
    for (int ch = 0; ch < config_.channels; ++ch) {
        const double rest = restTensionN_;
        const double f = ch == 0 ? force : rest + (force - rest) * 0.92;
        core::RawSample s;
        s.channel = static_cast<std::uint8_t>(ch);
        s.tNs = due + static_cast<std::int64_t>(std::clamp(noise_(rng_), -3.0, 3.0) * jitter);
        s.counts = toCounts(f + drift + config_.noiseN * noise_(rng_), s.flags);
        out.push_back(s);
        ++counters_.samples;
    }
    ++index_;
    return true;
}

SourceStatus SimulatedSampler::status() const
{
    SourceStatus status;
    std::lock_guard lock(mutex_);
    status.state = counters_.samples > 0 ? SourceState::Streaming : SourceState::Starting;
    status.counters = counters_;
    status.configuredRateHz = config_.rateHz;
    return status;
}

} // namespace bandstation::hw
