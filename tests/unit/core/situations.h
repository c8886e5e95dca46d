#pragma once

// The situations of real sessions that clean example sets do not have, as reproducible synthetic
// sets with exact truth: handling (the band put on, moved or re-tied, taken off), irregular walks,
// tempo that swings between half and double, shaky holds with a sag, quantized rest. Each is a
// family: a seed picks its numbers (tempo, tension, amplitude, timing) from realistic ranges.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <bandstation/core/catalog.h>

#include "set_builder.h"
#include "synth.h"

namespace bandstation::core::test {

struct Situation {
    std::string exercise; // catalog id
    BuiltSet set;
    SensorModel sensor;
    std::optional<Tempo> tempo; // the prescription the set was performed to
};

enum class SituationKind {
    HandledReps,     // setup, reps, a re-tie or a move mid-set, teardown
    HandledWalk,     // setup, a walk with a turn, teardown
    HandledHold,     // setup, one hold, teardown
    IrregularWalk,   // cadence ±25 %, stumbles, mid-walk stops, a turn
    SlowAndFastReps, // each rep at half to double the prescribed tempo
    ShakyHold,       // tremor of 5-8 % of the level, a sag out of the zone and back
    QuantizedRest,   // a long, flat, coarsely quantized start and rests that wander by ~1 N
};
std::string toString(SituationKind kind);

// The situation for a seed at a sample rate (the HX711's 10 and 80, the SPI ADC's 320 and 1000).
// The sensor model carries the artifacts of that rate: noise, jitter, drift, glitches (full-scale
// words and flipped high bits), gaps, and at 10 samples/s a 0.1 N quantization.
Situation makeSituation(SituationKind kind, double rateHz, std::uint32_t seed);

} // namespace bandstation::core::test
