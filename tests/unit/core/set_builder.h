#pragma once

// Synthetic sets as a real session has them: the band put on, reps, steps or holds with irregular
// tempo, tremor and sag, the band moved or re-tied, the band taken off. The clean force is built
// piece by piece; its truth is then computed numerically from the clean force by the exact
// definitions of shared/data/traces/README.md (every 0.5 ms, crossings interpolated, trough
// windows stopping at handling), so any shape gets an exact truth.

#include <cstdint>
#include <string>
#include <vector>

#include <bandstation/core/handling.h>

#include "synth.h"

namespace bandstation::core::test {

using core::HandlingKind;

struct HandlingTruth {
    double startS = 0, endS = 0;
    HandlingKind kind = HandlingKind::Setup;
    double maxForceN = 0;
};

struct HoldTruth {
    double startS = 0, endS = 0, levelN = 0, meanForceN = 0;
};

// Wobble on a plateau: tremor (a sum of two sines near `tremorHz`, `tremorFraction` of the
// plateau's height above the trough, peak to peak) and a sag (a smooth dip of `sagFraction` of that
// height from `sagAt` to `sagAt + sagS`, seconds into the plateau).
struct Wobble {
    double tremorHz = 9.0;
    double tremorFraction = 0.0;
    double sagFraction = 0.0;
    double sagAt = 0.0;
    double sagS = 0.0;
};

struct BuiltSet {
    double operator()(double t) const;
    double endS = 0;
    std::vector<Truth> reps; // reps or steps, in time order
    std::vector<double> repPeakN;
    std::vector<HoldTruth> holds;
    std::vector<HandlingTruth> handling;

    struct Piece {
        double t0, t1, f0, f1;
        Wobble wobble;
        double height = 0; // of the plateau above its trough, for the wobble
    };
    std::vector<Piece> pieces; // contiguous, minimum-jerk from f0 to f1 (constant when equal)
};

class SetBuilder {
public:
    explicit SetBuilder(double levelN, double t0 = 0.0);

    // Stays at the current level.
    SetBuilder& rest(double seconds);
    // A rep or step from the current level: up to `peakN`, a plateau, down to `afterN` (< 0: back
    // to where it started).
    SetBuilder& rep(double upS, double holdS, double downS, double peakN, double afterN = -1,
                    const Wobble& wobble = {});
    // An isometric hold: up to `levelN`, `holdS` on it with its wobble, down to where it started.
    SetBuilder& hold(double upS, double holdS, double downS, double levelN, const Wobble& wobble);
    // The band handled (put on, moved, taken off): jerky force from the current level to `toN`
    // over `seconds`, peaking at `peakN`; not a movement. Random but reproducible for a seed.
    SetBuilder& handling(HandlingKind kind, double seconds, double toN, double peakN,
                         std::uint32_t seed);
    // A slow change of the rest level that is no movement (the band creeping, an athlete shifting).
    SetBuilder& drift(double seconds, double toN);

    double now() const { return t_; }
    double level() const { return level_; }
    // Ends with `tailS` at the last level and computes the truth.
    BuiltSet build(double tailS = 2.0);

private:
    void piece(double seconds, double toN, const Wobble& wobble = {}, double height = 0);

    struct Movement {
        double t0, t1;
        bool hold;
    };
    BuiltSet set_;
    std::vector<Movement> movements_;
    double t_;
    double level_;
};

} // namespace bandstation::core::test
