#include "bandstation/core/trace_analysis.h"

#include <cmath>

#include <bandstation/base/text.h>
#include <bandstation/core/trace_format.h>

namespace bandstation::core {

Targets defaultTargets(const Exercise& exercise)
{
    Targets t;
    if (exercise.kind == MovementKind::Rep) {
        t.tempo = exercise.tempo;
    }
    if (exercise.kind == MovementKind::Hold && exercise.holdS > 0) {
        t.holdS = exercise.holdS;
    }
    return t;
}

namespace {

double chooseRate(double nominal, double measured)
{
    if (nominal > 0 && measured > 0 && std::abs(measured - nominal) <= 0.1 * nominal) {
        return nominal;
    }
    return measured > 0 ? measured : nominal;
}

void addWarnings(TraceAnalysis& a, double nominalRateHz)
{
    if (a.samples > 1 && !a.tempoReliable) {
        a.warnings.push_back("at " + base::fixed(a.sampleRateHz, 1) +
                             " samples/s tempo figures are unreliable: trust the rep count and "
                             "peak force only (phase instants need at least " +
                             base::fixed(kMinTempoRateHz, 0) + " samples/s)");
    }
    if (nominalRateHz > 0 && a.measuredRateHz > 0 &&
        std::abs(a.measuredRateHz - nominalRateHz) > 0.1 * nominalRateHz) {
        a.warnings.push_back("the trace says " + base::fixed(nominalRateHz, 1) +
                             " samples/s but its timestamps give " +
                             base::fixed(a.measuredRateHz, 1) + "; using the timestamps");
    }
    if (a.counters.glitches > 0) {
        a.warnings.push_back(std::to_string(a.counters.glitches) +
                             " glitch sample(s) removed (isolated spikes or invalid values)");
    }
    if (a.counters.gaps > 0) {
        a.warnings.push_back(std::to_string(a.counters.gaps) +
                             " gap(s) in the timestamps (missing samples)");
    }
    if (!a.handling.empty()) {
        a.warnings.push_back(std::to_string(a.handling.size()) +
                             " stretch(es) of handling (the band put on, moved or taken off): "
                             "nothing in them counted");
    }
    if (a.counters.rejectedCycles > 0) {
        a.warnings.push_back(std::to_string(a.counters.rejectedCycles) +
                             " movement(s) too small, too short or too long to count");
    }
}

} // namespace

TraceAnalysis analyzeSamples(const std::vector<ForceSample>& samples, const Exercise& exercise,
                             const Targets& targets, double nominalRateHz)
{
    TraceAnalysis a;
    a.exercise = &exercise;
    a.samples = samples.size();
    a.measuredRateHz = estimateSampleRate(samples);
    a.sampleRateHz = chooseRate(nominalRateHz, a.measuredRateHz);
    if (samples.size() > 1) {
        a.durationS = toSeconds(samples.back().tNs - samples.front().tNs);
    }
    SetAnalysis set(exercise, targets, a.sampleRateHz > 0 ? a.sampleRateHz : 80);
    for (const auto& s : samples) {
        set.process(s);
    }
    set.finish();
    a.movements = set.movements();
    for (const auto& m : a.movements) {
        if (m.hold) {
            a.holds.push_back(*m.hold);
            a.holdJudgements.push_back(m.judgement);
            continue;
        }
        a.reps.push_back(m.rep);
        a.judgements.push_back(m.judgement);
        if (m.direction) {
            a.directions.push_back(*m.direction);
        }
    }
    a.handling = set.handling();
    a.counters = set.counters();
    a.tempoReliable = a.sampleRateHz > 0 && set.tempoReliable(); // no rate, no tempo
    a.summary = set.summary();
    addWarnings(a, nominalRateHz);
    return a;
}

} // namespace bandstation::core
