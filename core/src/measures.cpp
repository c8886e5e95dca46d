#include "bandstation/core/measures.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace bandstation::core {

double crossingTime(const Point& p, const Point& q, double level)
{
    const double df = q.f - p.f;
    if (df == 0.0) {
        return p.t;
    }
    const double w = std::clamp((level - p.f) / df, 0.0, 1.0);
    return p.t + w * (q.t - p.t);
}

namespace {

// ∫ g(f(t)) dt over [t0, t1] by the trapezoid rule on the points, clipping the end segments.
template <typename G>
double integrate(std::span<const Point> pts, double t0, double t1, G g)
{
    double sum = 0.0;
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const Point& p = pts[i - 1];
        const Point& q = pts[i];
        if (q.t <= t0 || p.t >= t1 || q.t <= p.t) {
            continue;
        }
        const auto at = [&](double t) { return p.f + (q.f - p.f) * (t - p.t) / (q.t - p.t); };
        const double a = std::max(p.t, t0);
        const double b = std::min(q.t, t1);
        sum += 0.5 * (g(at(a)) + g(at(b))) * (b - a);
    }
    return sum;
}

std::optional<double> peakRfd(std::span<const Point> pts, double t0, double t1, double window)
{
    std::optional<double> best;
    std::size_t j = 0;
    for (std::size_t i = 0; i < pts.size() && pts[i].t <= t1; ++i) {
        if (pts[i].t < t0) {
            continue;
        }
        j = std::max(j, i);
        while (j + 1 < pts.size() && pts[j].t - pts[i].t < window) {
            ++j;
        }
        const double dt = pts[j].t - pts[i].t;
        if (dt >= 0.5 * window) {
            const double slope = (pts[j].f - pts[i].f) / dt;
            best = best ? std::max(*best, slope) : slope;
        }
    }
    return best;
}

// Time within [t0, t1] that the piecewise-linear force spends inside the zone.
double timeInZone(std::span<const Point> pts, double t0, double t1, const ForceZone& zone)
{
    double total = 0.0;
    for (std::size_t i = 1; i < pts.size(); ++i) {
        const Point& p = pts[i - 1];
        const Point& q = pts[i];
        const double a = std::max(p.t, t0);
        const double b = std::min(q.t, t1);
        if (b <= a || q.t <= p.t) {
            continue;
        }
        const auto at = [&](double t) { return p.f + (q.f - p.f) * (t - p.t) / (q.t - p.t); };
        const double fa = at(a);
        const double fb = at(b);
        if (fa == fb) {
            total += zone.contains(fa) ? b - a : 0.0;
            continue;
        }
        // On a straight piece, time in the zone is proportional to the overlap of force ranges.
        const double lo = std::max(std::min(fa, fb), zone.lowN);
        const double hi = std::min(std::max(fa, fb), zone.highN);
        if (hi > lo) {
            total += (b - a) * (hi - lo) / std::abs(fb - fa);
        }
    }
    return total;
}

} // namespace

Rep holdAsRep(const Hold& hold)
{
    Rep r;
    r.startS = hold.startS;
    r.endS = hold.endS;
    r.holdS = hold.durationS;
    r.tutS = hold.durationS;
    r.peakForceN = hold.peakForceN;
    r.meanForceN = hold.meanForceN;
    r.troughBeforeN = hold.troughBeforeN;
    r.troughAfterN = hold.troughAfterN;
    r.amplitudeN = hold.levelN - hold.troughBeforeN;
    return r;
}

std::optional<Rep> measureRep(const CycleView& c, bool withRfd, double rfdWindowS)
{
    const auto pts = c.points;
    const std::size_t pk = c.peak;
    if (pk == 0 || pk + 1 >= pts.size()) {
        return std::nullopt;
    }
    Rep r;
    r.peakS = pts[pk].t;
    r.peakForceN = pts[pk].f;
    r.troughBeforeN = c.troughBefore;
    r.troughAfterN = c.troughAfter;
    const double aUp = r.peakForceN - c.troughBefore;
    const double aDown = r.peakForceN - c.troughAfter;
    if (!(aUp > 0) || !(aDown > 0)) {
        return std::nullopt;
    }
    r.amplitudeN = aUp;

    // start: the last upward crossing of trough_before + 10 % before the peak.
    const double up10 = c.troughBefore + 0.10 * aUp;
    std::size_t i = pk;
    while (i > 0 && pts[i - 1].f >= up10) {
        --i;
    }
    if (i == 0) {
        return std::nullopt; // the rise began before the data did
    }
    r.startS = crossingTime(pts[i - 1], pts[i], up10);
    // concentric end: the first time after start that force reaches trough_before + 90 %.
    const double up90 = c.troughBefore + 0.90 * aUp;
    std::size_t k = i;
    while (k < pk && pts[k].f < up90) {
        ++k;
    }
    r.concentricEndS = pts[k].f >= up90 && k > 0 ? crossingTime(pts[k - 1], pts[k], up90) : r.peakS;
    if (k == i) {
        r.concentricEndS = std::max(r.startS, pts[k].t);
    }

    // end: the first downward crossing of trough_after + 10 % after the peak.
    const double down10 = c.troughAfter + 0.10 * aDown;
    std::size_t e = pk;
    while (e + 1 < pts.size() && pts[e + 1].f >= down10) {
        ++e;
    }
    if (e + 1 >= pts.size()) {
        return std::nullopt; // the fall did not finish within the data
    }
    r.endS = crossingTime(pts[e], pts[e + 1], down10);
    // eccentric start: the last time between the peak and end that force is at or above 90 %.
    const double down90 = c.troughAfter + 0.90 * aDown;
    std::size_t s = e;
    while (s > pk && pts[s].f < down90) {
        --s;
    }
    r.eccentricStartS = s < e ? crossingTime(pts[s], pts[s + 1], down90) : pts[s].t;

    r.concentricS = r.concentricEndS - r.startS;
    r.holdS = r.eccentricStartS - r.concentricEndS;
    r.eccentricS = r.endS - r.eccentricStartS;
    r.tutS = r.endS - r.startS;
    const double base = std::min(c.troughBefore, c.troughAfter);
    const double area = integrate(pts, r.startS, r.endS, [](double f) { return f; });
    r.meanForceN = r.tutS > 0 ? area / r.tutS : r.peakForceN;
    r.impulseNs =
        integrate(pts, r.startS, r.endS, [base](double f) { return std::max(0.0, f - base); });
    if (withRfd) {
        r.rfdNPerS = peakRfd(pts, r.startS, r.concentricEndS, rfdWindowS);
    }
    return r;
}

std::optional<Hold> measureHold(const CycleView& c, const std::optional<ForceZone>& zone)
{
    const auto pts = c.points;
    const std::size_t pk = c.peak;
    if (pk == 0 || pk + 1 >= pts.size()) {
        return std::nullopt;
    }
    Hold h;
    h.peakForceN = pts[pk].f;
    h.troughBeforeN = c.troughBefore;
    h.troughAfterN = c.troughAfter;
    // level: the median force while above trough_before + 50 % of (peak − trough_before).
    const double half = c.troughBefore + 0.5 * (h.peakForceN - c.troughBefore);
    std::vector<double> above;
    const auto last = std::min(c.troughAfterIdx, pts.size() - 1);
    for (std::size_t n = c.troughBeforeIdx; n <= last; ++n) {
        if (pts[n].f > half) {
            above.push_back(pts[n].f);
        }
    }
    if (above.empty()) {
        return std::nullopt;
    }
    auto mid = above.begin() + static_cast<std::ptrdiff_t>(above.size() / 2);
    std::nth_element(above.begin(), mid, above.end());
    h.levelN = *mid;

    const double startLevel = c.troughBefore + 0.9 * (h.levelN - c.troughBefore);
    std::size_t i = c.troughBeforeIdx;
    while (i < pk && pts[i].f < startLevel) {
        ++i;
    }
    if (i == 0 || pts[i].f < startLevel) {
        return std::nullopt;
    }
    h.startS = crossingTime(pts[i - 1], pts[i], startLevel);
    const double endLevel = c.troughAfter + 0.9 * (h.levelN - c.troughAfter);
    std::size_t j = std::min(c.troughAfterIdx, pts.size() - 1);
    while (j > pk && pts[j].f < endLevel) {
        --j;
    }
    if (j + 1 >= pts.size() || j < i) {
        return std::nullopt; // still holding when the data ended
    }
    h.endS = crossingTime(pts[j], pts[j + 1], endLevel);
    h.durationS = h.endS - h.startS;
    if (!(h.durationS > 0)) {
        return std::nullopt;
    }
    h.meanForceN = integrate(pts, h.startS, h.endS, [](double f) { return f; }) / h.durationS;
    const double var = integrate(pts, h.startS, h.endS,
                                 [m = h.meanForceN](double f) { return (f - m) * (f - m); }) /
                       h.durationS;
    h.steadinessCv = h.meanForceN != 0 ? std::sqrt(var) / std::abs(h.meanForceN) : 0.0;
    if (zone) {
        h.timeInZoneS = timeInZone(pts, h.startS, h.endS, *zone);
    }
    return h;
}

} // namespace bandstation::core
