#include "bandstation/core/analyzer.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "median.h"

namespace bandstation::core {

namespace {

// How many counted movements the relative gates look back on.
constexpr std::size_t kHistory = 5;
// A pause this many times the set's usual one (between the end of a movement and the start of the
// next) makes the next movement provisional.
constexpr double kPauseOfGap = 2.0;
// A rest tension lies in the lower part of the set's movements, below this fraction of their
// amplitude above the band's rest: higher up, a quiet force is a movement's plateau.
constexpr double kRestOfAmplitude = 0.5;
// Samples a quiet window must hold before the band counts as settled.
constexpr double kSettleSamples = 8.0;
// A trough that ends this fraction of the movement's amplitude away from where it began crept.
constexpr double kCreepOfAmplitude = 0.1;
// A movement still undecided when this many after it are final is decided at once.
constexpr std::ptrdiff_t kDecideAfter = 2;

using detail::median;

void remember(std::deque<double>& history, double value)
{
    history.push_back(value);
    if (history.size() > kHistory) {
        history.pop_front();
    }
}

// The median force of points [from, to).
double median(std::span<const Point> points, std::size_t from, std::size_t to)
{
    std::vector<double> f;
    for (auto i = from; i < to && i < points.size(); ++i) {
        f.push_back(points[i].f);
    }
    if (f.empty()) {
        return points.empty() ? 0.0 : points[std::min(from, points.size() - 1)].f;
    }
    return median(f);
}

std::size_t indexAt(std::span<const Point> points, double tS)
{
    return static_cast<std::size_t>(
        std::lower_bound(points.begin(), points.end(), tS,
                         [](const Point& q, double t) { return q.t < t; }) -
        points.begin());
}

} // namespace

// A movement is typical of the set when its duration and amplitude are within these factors of the
// recent medians: loose enough for a walk's irregular cadence and its stumbles, tight enough to
// tell most jerks of handling. Closely alike: what a movement after which the band rests at a new
// tension must be to count (the athlete changed stance), rather than be the band being moved.
const Analyzer::Likeness Analyzer::kTypical{0.5, 2.0, 0.5, 1.6};
// No upper bound on duration here: a fall that goes on to the new tension lengthens the movement.
const Analyzer::Likeness Analyzer::kAlike{0.7, std::numeric_limits<double>::infinity(), 0.65, 1.5};

AnalyzerConfig analyzerConfigFor(MovementKind kind, double sampleRateHz)
{
    AnalyzerConfig c;
    c.kind = kind;
    c.sampleRateHz = sampleRateHz;
    c.lowPass.sampleRateHz = sampleRateHz;
    c.rfd = sampleRateHz >= kMinRfdRateHz && kind == MovementKind::Rep;
    // A quiet window must hold a few samples to tell the band has settled: at 10 samples/s a
    // fumble with the band may pause for five.
    if (sampleRateHz > 0) {
        c.handling.settleS = std::max(c.handling.settleS, kSettleSamples / sampleRateHz);
    }
    switch (kind) {
    case MovementKind::Rep:
        c.lowPass.cutoffHz = 6.0;
        c.detector.minDurationS = 0.4;
        c.detector.maxDurationS = 30.0;
        break;
    case MovementKind::Step:
        // Step cycles of 0.6-1.2 s with 0.2 s edges: keep the bandwidth.
        c.lowPass.cutoffHz = 10.0;
        c.detector.minDurationS = 0.15; // a stumble: a quick step of 0.3 s
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
    handling_.configure(config.handling);
    detector_.configure(config.detector);
    reset();
}

void Analyzer::reset()
{
    spike_.reset();
    lowPass_.reset();
    handling_.reset();
    detector_.reset();
    pending_.clear();
    reps_.clear();
    holds_.clear();
    durations_.clear();
    amplitudes_.clear();
    pauses_.clear();
    started_ = false;
    samples_ = gaps_ = handlingCycles_ = 0;
    originNs_ = lastNs_ = 0;
    lastT_ = 0;
    lastMovementEndS_ = -std::numeric_limits<double>::infinity();
}

AnalyzerCounters Analyzer::counters() const
{
    return {samples_, spike_.rejected(), gaps_, detector_.rejectedCycles(), handlingCycles_};
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
    if (auto closed = handling_.finish()) {
        handlingClosed(*closed);
    }
    if (auto c = detector_.flush()) {
        cycle(*c);
    }
    return n + release(/*final=*/true);
}

int Analyzer::filtered(const ForceSample& sample)
{
    const auto smooth = lowPass_.process(sample);
    const Point p{toSeconds(smooth.tNs - originNs_), smooth.forceN};
    lastT_ = p.t;
    const double sigma = spike_.noiseSigma();
    if (auto closed = handling_.process(p, sigma)) {
        handlingClosed(*closed);
    }
    detector_.setNoiseSigma(sigma);
    if (auto c = detector_.process(p)) {
        cycle(*c);
    }
    settleRest();
    return release(/*final=*/false);
}

std::optional<Analyzer::Pending> Analyzer::measure(const CycleView& view, double amplitudeN) const
{
    Pending p;
    p.amplitudeN = amplitudeN;
    p.peakS = view.points[view.peak].t;
    p.peakN = view.points[view.peak].f;
    p.troughBeforeN = view.troughBefore;
    p.troughAfterN = view.troughAfter;
    p.troughAfterS = view.points[std::min(view.troughAfterIdx, view.points.size() - 1)].t;
    if (config_.kind == MovementKind::Hold) {
        p.hold = measureHold(view, config_.zone);
        if (!p.hold) {
            return std::nullopt;
        }
        p.startS = p.hold->startS;
        p.durationS = p.hold->durationS;
    } else {
        p.rep = measureRep(view, config_.rfd);
        if (!p.rep) {
            return std::nullopt;
        }
        p.startS = p.rep->startS;
        p.durationS = p.rep->tutS;
    }
    return p;
}

bool Analyzer::durationAccepted(double seconds) const
{
    if (durations_.empty() ||
        seconds >= config_.detector.relativeDurationGate * median(durations_)) {
        return true;
    }
    return config_.expectedDurationS &&
           seconds >= config_.prescribedDurationGate * *config_.expectedDurationS;
}

bool Analyzer::accepted(const Pending& p) const
{
    const auto& d = config_.detector;
    if (!(p.durationS >= d.minDurationS && p.durationS <= d.maxDurationS)) {
        return false;
    }
    // A band that is off (or barely on) does not move: what it shows is handling, or nothing.
    if (p.peakN < handling_.offLevel()) {
        return false;
    }
    const double rest = handling_.restLevel().value_or(std::max(p.troughBeforeN, 0.0));
    if (p.amplitudeN < config_.restAmplitudeGate * std::max(rest, 0.0)) {
        return false;
    }
    return config_.kind == MovementKind::Hold || durationAccepted(p.durationS);
}

bool Analyzer::like(const Pending& p, const Likeness& within) const
{
    if (amplitudes_.size() < 2) {
        return true;
    }
    const double a = median(amplitudes_);
    if (p.amplitudeN < within.amplitudeLow * a || p.amplitudeN > within.amplitudeHigh * a) {
        return false;
    }
    if (p.hold || durations_.size() < 2) {
        return true;
    }
    const double d = median(durations_);
    return p.durationS >= within.durationLow * d && p.durationS <= within.durationHigh * d;
}

void Analyzer::cycle(const Cycle& c)
{
    auto p = measure(c.view, c.amplitudeN);
    if (!p || !accepted(*p)) {
        detector_.reject();
        return;
    }
    p->typical = like(*p, kTypical);
    p->alike = like(*p, kAlike);
    // One after an unusually long pause may be the band being handled (moved, taken off): it
    // waits for the set to go on. So does one that went slack (the force at zero before or after
    // it): a slack step counts once the walk goes on at the band's rest; a re-tie does not.
    const double gap = p->startS - lastMovementEndS_;
    p->slack = std::min(p->troughBeforeN, p->troughAfterN) < handling_.offLevel();
    p->provisional = !p->typical || p->slack || !(gap < pauseS());
    if (std::isfinite(gap)) {
        remember(pauses_, std::max(gap, 0.0));
    }
    lastMovementEndS_ = p->rep ? p->rep->endS : p->hold->endS;
    std::optional<double> restartAt;
    if (handling_.state() == BandState::On && handling_.restLevel()) {
        restartAt = confirmHeld(*p, c.view);
        if (auto at = classify(*p, c.view)) {
            restartAt = at;
        }
    }
    detector_.accept(c); // before a restart: the view lives in the detector
    if (restartAt) {
        detector_.restartFrom(*restartAt, amplitudes_);
    }
    pending_.push_back(*p);
}

double Analyzer::pauseS() const
{
    return std::max(config_.pauseS, kPauseOfGap * median(pauses_));
}

bool Analyzer::movedOn(const Pending& p) const
{
    const bool cameBack = handling_.lastAtRestS() > p.peakS;
    const bool crept =
        std::abs(p.troughAfterN - p.troughBeforeN) <= kCreepOfAmplitude * p.amplitudeN;
    return p.alike && !p.slack && (cameBack || crept);
}

std::optional<double> Analyzer::confirmHeld(const Pending& next, const CycleView& view)
{
    // A movement that starts where the one before it ended tells what that one was.
    if (pending_.empty() || pending_.back().confirmed ||
        std::abs(next.troughBeforeN - pending_.back().troughAfterN) > handling_.restTolerance()) {
        return std::nullopt;
    }
    auto& held = pending_.back();
    if (held.jump) {
        // It ended at a new tension, and the set goes on from there. It counts if it looks closely
        // like the set's movements and the band came back to its rest after it first and then
        // settled lower or higher (the athlete changed stance), or the trough only crept (the
        // athlete no longer lowers all the way); if the force went straight to a new tension, it
        // was the band being moved.
        // A walk that goes on at once, step after step, changed stance in a step (feet apart
        // again after a turn).
        const bool walkOn = config_.kind == MovementKind::Step && held.alike && !held.slack &&
                            next.typical &&
                            next.startS - (held.rep ? held.rep->endS : held.peakS) < pauseS();
        if (movedOn(held)) {
            handling_.restAt(held.troughAfterN, held.troughAfterS);
            held.jump = false;
            held.confirmed = true;
            return std::nullopt;
        }
        if (walkOn) {
            // The step counts once the band is seen resting at the new tension (the floor between
            // the next steps); the jerks of a band being taken off go on to no rest, and become
            // the teardown.
            handling_.restMovedTo(held.troughAfterN);
            held.jump = false;
            return std::nullopt;
        }
        return reposition(view.points[view.troughBeforeIdx].t, held.troughAfterN);
    }
    // The set goes on: the next one is typical and ends at the band's rest.
    const double back = held.slack ? *handling_.restLevel() : held.troughAfterN;
    const bool goesOn =
        next.typical && std::abs(next.troughAfterN - back) <= handling_.restTolerance();
    if (held.typical && goesOn) {
        held.confirmed = true;
    }
    return std::nullopt;
}

std::optional<double> Analyzer::classify(Pending& p, const CycleView& view)
{
    const double tol = handling_.restTolerance();
    const double rest = *handling_.restLevel();
    if (std::abs(p.troughAfterN - rest) <= handling_.atRestTolerance()) {
        return std::nullopt;
    }
    // Did the movement rise from a new tension? The force rested near where it ended after it
    // left the old rest and before this movement's peak: the band was moved in between (the
    // jerks of moving it may have merged into the movement's rise).
    const auto& quiet = handling_.quietStretches();
    for (auto q = quiet.rbegin(); q != quiet.rend(); ++q) {
        if (q->startS < handling_.settledS()) {
            break;
        }
        if (q->endS > p.peakS || std::abs(q->levelN - p.troughAfterN) > tol) {
            continue;
        }
        // Movements that got there first, each like the set's own: the rest moved with them
        // (troughs creeping, a change of stance), and they count.
        bool between = false, movements = true;
        for (auto& h : pending_) {
            if (h.peakS >= handling_.settledS() && h.peakS <= q->startS) {
                between = true;
                movements =
                    movements && (h.confirmed || (!h.jump && h.alike && !h.slack) || movedOn(h));
            }
        }
        if (between && movements) {
            for (auto& h : pending_) {
                h.confirmed = true;
            }
            handling_.restAt(q->levelN, q->startS);
            return std::nullopt;
        }
        // The band settled where the force stopped creeping towards that tension; its trough
        // before is measured from there.
        const auto [settledAt, level] = arrived(view.points, *q);
        const auto from = indexAt(view.points, settledAt);
        const double end = reposition(settledAt, level);
        if (from < view.peak) {
            CycleView v = view;
            v.troughBeforeIdx = from;
            for (auto i = from; i < view.peak; ++i) {
                if (view.points[i].f < view.points[v.troughBeforeIdx].f) {
                    v.troughBeforeIdx = i;
                }
            }
            v.troughBefore = view.points[v.troughBeforeIdx].f;
            if (auto again = measure(v, p.peakN - std::max(v.troughBefore, v.troughAfter))) {
                p = *again;
            }
        }
        return end;
    }
    if (!p.slack && p.troughBeforeN < rest - tol && p.troughAfterN < rest - tol) {
        // From well below the rest tension back to below it, with no rest at a new tension
        // before: the band rests lower than it was thought to (the movement tells).
        handling_.restAt(p.troughAfterN, p.troughAfterS);
        return std::nullopt;
    }
    p.jump = true;
    return std::nullopt;
}

void Analyzer::settleRest()
{
    // Movements wait; then the force rests quietly, long enough, at a tension that is not the
    // band's rest. If they look like the set's movements, the athlete
    // changed stance (feet together at a walk's turn): they count and the band rests there now.
    // If not, the band was moved (or re-tied without letting go) and everything since it left
    // its rest was handling.
    if (pending_.empty() || handling_.state() != BandState::On || !handling_.restLevel()) {
        return;
    }
    const auto held = std::find_if(pending_.begin(), pending_.end(),
                                   [](const Pending& q) { return !q.confirmed; });
    const auto& quiet = handling_.quietStretches();
    if (held == pending_.end() || quiet.empty()) {
        return;
    }
    const auto& q = quiet.back();
    const double rest = *handling_.restLevel();
    if (q.endS < lastT_ || q.startS < held->peakS || q.endS - q.startS < config_.repositionS ||
        std::abs(q.levelN - rest) <= handling_.atRestTolerance() ||
        q.levelN > rest + kRestOfAmplitude * median(amplitudes_)) {
        return; // resting where it rested, or on a plateau of the next movement
    }
    const bool movements = std::all_of(held, pending_.end(), [this](const Pending& p) {
        return p.confirmed || (!p.jump && p.alike && !p.slack) || movedOn(p);
    });
    if (movements) {
        for (auto p = held; p != pending_.end(); ++p) {
            p->confirmed = true;
        }
        handling_.restAt(q.levelN, q.startS);
        return;
    }
    const auto [settledAt, level] = arrived(detector_.points(), q);
    detector_.restartFrom(reposition(settledAt, level), amplitudes_);
}

std::pair<double, double> Analyzer::arrived(std::span<const Point> points,
                                            const QuietStretch& q) const
{
    // The level is the force's median over the stretch's last half second; the points of that
    // half second may already be the next movement's first rise, so they are not searched.
    const auto last = indexAt(points, q.endS);
    const double level = median(points, indexAt(points, q.endS - 0.5), last + 1);
    const double tight = handling_.arrivedTolerance(level);
    double at = q.startS;
    for (auto i = indexAt(points, q.startS); i < last && points[i].t < q.endS - 0.5; ++i) {
        if (std::abs(points[i].f - level) > tight) {
            at = i + 1 < points.size() ? points[i + 1].t : q.endS;
        }
    }
    return {at, level};
}

double Analyzer::reposition(double endS, double restN)
{
    // From the last time the band was settled, or from the first movement still waiting.
    double startS = std::min(handling_.settledS(), endS);
    for (const auto& p : pending_) {
        if (!p.confirmed) {
            startS = std::min(startS, p.startS);
            break;
        }
    }
    double maxN = restN;
    for (const auto& p : pending_) {
        if (p.peakS >= startS && p.peakS <= endS) {
            maxN = std::max(maxN, p.peakN);
        }
    }
    handling_.addReposition(startS, endS, maxN, restN);
    return endS;
}

void Analyzer::handlingClosed(const HandlingInterval& interval)
{
    if (interval.kind == HandlingKind::Teardown) {
        // A movement whose fall ended with the band off was the band coming off.
        for (const auto& p : pending_) {
            if (p.troughAfterS >= interval.endS) {
                handling_.widenLast(p.startS);
            }
        }
    }
    detector_.restartFrom(interval.endS, amplitudes_);
}

bool Analyzer::inHandling(double tS) const
{
    const auto& all = handling_.intervals();
    if (std::any_of(all.begin(), all.end(),
                    [tS](const auto& h) { return tS >= h.startS && tS <= h.endS; })) {
        return true;
    }
    const auto open = handling_.openInterval();
    return open && tS >= open->startS;
}

int Analyzer::release(bool final)
{
    int n = 0;
    // Final once the band is back at its rest after it; a provisional one (unlike the set's
    // movements, or a step after a pause: a jerk of the band being handled, maybe) only once the
    // band has settled there quietly, or the next movement confirmed it.
    const double certain = handling_.certainUntil();
    const double settled = handling_.state() == BandState::On ? handling_.settledS() : certain;
    while (!pending_.empty()) {
        auto& p = pending_.front();
        if (inHandling(p.peakS)) {
            ++handlingCycles_;
            pending_.pop_front();
            continue;
        }
        const auto waiting = [&](const Pending& q) {
            return !q.confirmed &&
                   (q.troughAfterS > certain || (q.provisional && q.troughAfterS > settled));
        };
        if (!final && waiting(p)) {
            // The set has gone on past it (movements after it are final): it was part of the
            // set (a stumble, a slack step), and it counts rather than hold every later movement
            // back.
            const auto after = std::count_if(pending_.begin() + 1, pending_.end(),
                                             [&](const Pending& q) { return !waiting(q); });
            if (after < kDecideAfter) {
                break;
            }
        }
        if (p.hold) {
            holds_.push_back(*p.hold);
        } else {
            reps_.push_back(*p.rep);
            remember(durations_, p.durationS);
        }
        remember(amplitudes_, p.amplitudeN);
        handling_.movementCounted(p.troughAfterN, p.troughAfterS,
                                  p.rep ? p.rep->endS : p.hold->endS, median(amplitudes_));
        pending_.pop_front();
        ++n;
    }
    return n;
}

} // namespace bandstation::core
