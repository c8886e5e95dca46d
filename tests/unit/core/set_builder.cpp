#include "set_builder.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace bandstation::core::test {

namespace {

constexpr double kGridS = 0.0005; // the README's 2 kHz truth grid

double wobbleAt(const BuiltSet::Piece& p, double t)
{
    const auto& w = p.wobble;
    const double u = t - p.t0;
    double f = 0;
    if (w.tremorFraction > 0) {
        const double a = 0.5 * w.tremorFraction * p.height;
        const double two = 2 * std::numbers::pi * w.tremorHz;
        f += a * (0.65 * std::sin(two * u) + 0.35 * std::sin(1.37 * two * u + 1.1));
    }
    if (w.sagFraction > 0 && u > w.sagAt && u < w.sagAt + w.sagS) {
        const double x = (u - w.sagAt) / w.sagS;
        f -= w.sagFraction * p.height * 0.5 * (1 - std::cos(2 * std::numbers::pi * x));
    }
    return f;
}

// The clean force on the truth grid from t0 to t1 (inclusive of both ends).
struct Grid {
    double t0;
    std::vector<double> f;
    double t(std::size_t i) const { return t0 + static_cast<double>(i) * kGridS; }
    std::size_t index(double t) const
    {
        const double x = std::round((t - t0) / kGridS);
        return static_cast<std::size_t>(std::clamp(x, 0.0, static_cast<double>(f.size() - 1)));
    }
    double cross(std::size_t i, std::size_t j, double level) const
    {
        const double df = f[j] - f[i];
        const double w = df == 0 ? 0.0 : std::clamp((level - f[i]) / df, 0.0, 1.0);
        return t(i) + w * (t(j) - t(i));
    }
};

std::size_t argMax(const Grid& g, std::size_t a, std::size_t b)
{
    std::size_t best = a;
    for (std::size_t i = a; i <= b; ++i) {
        if (g.f[i] > g.f[best]) {
            best = i;
        }
    }
    return best;
}

double minOver(const Grid& g, std::size_t a, std::size_t b)
{
    double m = g.f[a];
    for (std::size_t i = a; i <= b; ++i) {
        m = std::min(m, g.f[i]);
    }
    return m;
}

// Where the trough windows of a peak at `peakT` begin and end: the neighbouring peaks, cut at
// handling.
std::pair<double, double> window(const std::vector<HandlingTruth>& handling, double prevPeak,
                                 double peakT, double nextPeak)
{
    double from = prevPeak, to = nextPeak;
    for (const auto& h : handling) {
        if (h.endS <= peakT) {
            from = std::max(from, h.endS);
        }
        if (h.startS >= peakT) {
            to = std::min(to, h.startS);
        }
    }
    return {from, to};
}

Truth repTruth(const Grid& g, std::size_t from, std::size_t pk, std::size_t to)
{
    const double peak = g.f[pk];
    const double tb = minOver(g, from, pk);
    const double ta = minOver(g, pk, to);
    const double up10 = tb + 0.1 * (peak - tb), up90 = tb + 0.9 * (peak - tb);
    const double down10 = ta + 0.1 * (peak - ta), down90 = ta + 0.9 * (peak - ta);
    Truth tr{};
    tr.peakS = g.t(pk);
    std::size_t i = pk;
    while (i > from && g.f[i - 1] >= up10) {
        --i;
    }
    tr.startS = i > 0 ? g.cross(i - 1, i, up10) : g.t(i);
    std::size_t k = i;
    while (k < pk && g.f[k] < up90) {
        ++k;
    }
    tr.concentricEndS = k > 0 ? g.cross(k - 1, k, up90) : g.t(k);
    std::size_t e = pk;
    while (e < to && g.f[e + 1] >= down10) {
        ++e;
    }
    tr.endS = g.cross(e, e + 1, down10);
    std::size_t s = e;
    while (s > pk && g.f[s] < down90) {
        --s;
    }
    tr.eccentricStartS = s < e ? g.cross(s, s + 1, down90) : g.t(s);
    return tr;
}

HoldTruth holdTruth(const Grid& g, std::size_t from, std::size_t pk, std::size_t to)
{
    const double peak = g.f[pk];
    const double tb = minOver(g, from, pk);
    const double ta = minOver(g, pk, to);
    std::vector<double> above;
    for (std::size_t i = from; i <= to; ++i) {
        if (g.f[i] > tb + 0.5 * (peak - tb)) {
            above.push_back(g.f[i]);
        }
    }
    std::nth_element(above.begin(), above.begin() + static_cast<std::ptrdiff_t>(above.size() / 2),
                     above.end());
    HoldTruth h;
    h.levelN = above[above.size() / 2];
    const double startLevel = tb + 0.9 * (h.levelN - tb);
    std::size_t i = from;
    while (i < pk && g.f[i] < startLevel) {
        ++i;
    }
    h.startS = i > 0 ? g.cross(i - 1, i, startLevel) : g.t(i);
    const double endLevel = ta + 0.9 * (h.levelN - ta);
    std::size_t j = to;
    while (j > pk && g.f[j] < endLevel) {
        --j;
    }
    h.endS = g.cross(j, j + 1, endLevel);
    double sum = 0;
    int n = 0;
    for (std::size_t q = g.index(h.startS); q <= g.index(h.endS); ++q) {
        sum += g.f[q];
        ++n;
    }
    h.meanForceN = sum / n;
    return h;
}

} // namespace

double BuiltSet::operator()(double t) const
{
    if (pieces.empty()) {
        return 0;
    }
    if (t <= pieces.front().t0) {
        return pieces.front().f0;
    }
    if (t >= pieces.back().t1) {
        return pieces.back().f1;
    }
    const auto it = std::upper_bound(pieces.begin(), pieces.end(), t,
                                     [](double v, const Piece& p) { return v < p.t1; });
    const auto& p = *it;
    const double tau = (t - p.t0) / (p.t1 - p.t0);
    return p.f0 + (p.f1 - p.f0) * minimumJerk(tau) + wobbleAt(p, t);
}

SetBuilder::SetBuilder(double levelN, double t0) : t_(0.0), level_(levelN)
{
    rest(t0);
}

void SetBuilder::piece(double seconds, double toN, const Wobble& wobble, double height)
{
    const double start = set_.pieces.empty() ? t_ : set_.pieces.back().t1;
    set_.pieces.push_back({start, start + seconds, level_, toN, wobble, height});
    level_ = toN;
    t_ = start + seconds;
}

SetBuilder& SetBuilder::rest(double seconds)
{
    if (seconds > 0) {
        piece(seconds, level_);
    }
    return *this;
}

SetBuilder& SetBuilder::rep(double upS, double holdS, double downS, double peakN, double afterN,
                            const Wobble& wobble)
{
    const double from = level_;
    const double t0 = t_;
    piece(upS, peakN);
    if (holdS > 0) {
        piece(holdS, peakN, wobble, peakN - from);
    }
    piece(downS, afterN < 0 ? from : afterN);
    movements_.push_back({t0, t_, false});
    return *this;
}

SetBuilder& SetBuilder::hold(double upS, double holdS, double downS, double levelN,
                             const Wobble& wobble)
{
    const double from = level_;
    const double t0 = t_;
    piece(upS, levelN);
    piece(holdS, levelN, wobble, levelN - from);
    piece(downS, from);
    movements_.push_back({t0, t_, true});
    return *this;
}

SetBuilder& SetBuilder::handling(HandlingKind kind, double seconds, double toN, double peakN,
                                 std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const double t0 = t_;
    const double low = std::min(level_, toN);
    // Jerks of 0.08-0.35 s between random levels, one of them to the peak, the last to `toN`; a
    // shaky stretch (6-8 Hz) now and then, as hands fumble with a knot.
    std::vector<std::pair<double, double>> moves;
    double total = 0;
    while (total < seconds * 0.8) {
        if (u(rng) < 0.2) {
            const double mid = low + u(rng) * 0.4 * (peakN - low);
            const double half = 1.0 / (2 * (6 + 2 * u(rng)));
            for (int k = 0; k < 6; ++k) {
                moves.push_back({half, mid + (k % 2 ? -1 : 1) * (2 + 4 * u(rng))});
                total += half;
            }
            continue;
        }
        const double d = 0.08 + 0.27 * u(rng);
        moves.push_back({d, low + (0.1 + 0.55 * u(rng)) * (peakN - low)});
        total += d;
    }
    const auto spike = static_cast<std::size_t>(u(rng) * static_cast<double>(moves.size()));
    moves[spike].second = peakN;
    moves[spike].first = std::max(moves[spike].first, 0.15);
    const double last = std::max(0.15, seconds - total);
    const double scale = (seconds - last) / total;
    double maxF = level_;
    for (const auto& [d, f] : moves) {
        piece(d * scale, f);
        maxF = std::max(maxF, f);
    }
    piece(last, toN);
    set_.handling.push_back({t0, t_, kind, maxF});
    return *this;
}

SetBuilder& SetBuilder::drift(double seconds, double toN)
{
    piece(seconds, toN);
    return *this;
}

BuiltSet SetBuilder::build(double tailS)
{
    rest(tailS);
    BuiltSet& s = set_;
    s.endS = t_;
    Grid g{s.pieces.front().t0, {}};
    for (double t = g.t0; t <= s.endS + 1e-9; t += kGridS) {
        g.f.push_back(s(t));
    }
    for (auto& h : s.handling) {
        h.maxForceN = g.f[g.index(h.startS)];
        for (std::size_t i = g.index(h.startS); i <= g.index(h.endS); ++i) {
            h.maxForceN = std::max(h.maxForceN, g.f[i]);
        }
    }
    std::vector<std::size_t> peaks;
    for (const auto& m : movements_) {
        peaks.push_back(argMax(g, g.index(m.t0), g.index(m.t1)));
    }
    for (std::size_t k = 0; k < movements_.size(); ++k) {
        const double prev = k > 0 ? g.t(peaks[k - 1]) : g.t0;
        const double next = k + 1 < peaks.size() ? g.t(peaks[k + 1]) : s.endS;
        const auto [from, to] = window(s.handling, prev, g.t(peaks[k]), next);
        const auto a = g.index(from), b = std::min(g.index(to), g.f.size() - 2);
        if (movements_[k].hold) {
            s.holds.push_back(holdTruth(g, a, peaks[k], b));
        } else {
            s.reps.push_back(repTruth(g, a, peaks[k], b));
            s.repPeakN.push_back(g.f[peaks[k]]);
        }
    }
    return s;
}

} // namespace bandstation::core::test
