// Formatting of a trace analysis as JSON and CSV.
#include <bandstation/base/text.h>

#include "analyze.h"
#include "json_writer.h"

namespace bandstation::tools {

namespace {

constexpr int kTime = 4;  // seconds: 0.1 ms
constexpr int kForce = 2; // newtons

void writeRep(JsonWriter& w, const core::TraceAnalysis& a, std::size_t i)
{
    const auto& r = a.reps[i];
    const auto& j = a.judgements[i];
    w.beginObject();
    w.key("index").value(static_cast<long long>(i + 1));
    if (!a.directions.empty()) {
        w.key("direction").value(a.directions[i] + 1);
    }
    w.key("start_s").value(r.startS, kTime);
    w.key("concentric_end_s").value(r.concentricEndS, kTime);
    w.key("peak_s").value(r.peakS, kTime);
    w.key("eccentric_start_s").value(r.eccentricStartS, kTime);
    w.key("end_s").value(r.endS, kTime);
    w.key("concentric_s").value(r.concentricS, kTime);
    w.key("hold_s").value(r.holdS, kTime);
    w.key("eccentric_s").value(r.eccentricS, kTime);
    w.key("peak_force_n").value(r.peakForceN, kForce);
    w.key("mean_force_n").value(r.meanForceN, kForce);
    w.key("impulse_ns").value(r.impulseNs, kForce);
    w.key("tut_s").value(r.tutS, kTime);
    w.key("amplitude_n").value(r.amplitudeN, kForce);
    w.key("trough_before_n").value(r.troughBeforeN, kForce);
    w.key("trough_after_n").value(r.troughAfterN, kForce);
    if (r.rfdNPerS) {
        w.key("rfd_n_per_s").value(*r.rfdNPerS, 1);
    }
    w.key("good").value(j.good);
    if (j.inZone) {
        w.key("in_zone").value(*j.inZone);
    }
    if (j.tempoJudged) {
        w.key("too_fast_up").value(j.tooFastUp);
        w.key("too_fast_down").value(j.tooFastDown);
        w.key("hold_too_short").value(j.holdTooShort);
    }
    w.endObject();
}

void writeHold(JsonWriter& w, const core::Hold& h, const core::RepJudgement& j, std::size_t i)
{
    w.beginObject();
    w.key("index").value(static_cast<long long>(i + 1));
    w.key("start_s").value(h.startS, kTime);
    w.key("end_s").value(h.endS, kTime);
    w.key("duration_s").value(h.durationS, kTime);
    w.key("level_n").value(h.levelN, kForce);
    w.key("mean_force_n").value(h.meanForceN, kForce);
    w.key("peak_force_n").value(h.peakForceN, kForce);
    w.key("steadiness_cv").value(h.steadinessCv, 4);
    if (h.timeInZoneS) {
        w.key("time_in_zone_s").value(*h.timeInZoneS, 3);
    }
    w.key("good").value(j.good);
    if (j.inZone) {
        w.key("in_zone").value(*j.inZone);
    }
    w.key("too_short").value(j.holdTooShort);
    w.endObject();
}

void writeHandling(JsonWriter& w, const core::HandlingInterval& h)
{
    w.beginObject();
    w.key("kind").value(core::toString(h.kind));
    w.key("start_s").value(h.startS, kTime);
    w.key("end_s").value(h.endS, kTime);
    w.key("max_force_n").value(h.maxForceN, kForce);
    w.endObject();
}

} // namespace

std::string analysisJson(const core::TraceAnalysis& a)
{
    JsonWriter w;
    w.beginObject();
    w.key("exercise").value(a.exercise->id);
    w.key("kind").value(core::toString(a.exercise->kind));
    w.key("sample_rate_hz").value(a.sampleRateHz, 1);
    w.key("measured_rate_hz").value(a.measuredRateHz, 2);
    w.key("samples").value(static_cast<long long>(a.samples));
    w.key("duration_s").value(a.durationS, 3);
    w.key("tempo_reliable").value(a.tempoReliable);
    w.key("reps").beginArray();
    for (std::size_t i = 0; i < a.reps.size(); ++i) {
        writeRep(w, a, i);
    }
    w.endArray();
    w.key("holds").beginArray();
    for (std::size_t i = 0; i < a.holds.size(); ++i) {
        writeHold(w, a.holds[i], a.holdJudgements[i], i);
    }
    w.endArray();
    w.key("handling").beginArray();
    for (const auto& h : a.handling) {
        writeHandling(w, h);
    }
    w.endArray();
    const auto& s = a.summary;
    w.key("summary").beginObject();
    w.key("count").value(s.reps);
    w.key("good").value(s.goodReps);
    w.key("mean_peak_force_n").value(s.meanPeakForceN, kForce);
    w.key("mean_impulse_ns").value(s.meanImpulseNs, kForce);
    w.key("total_tut_s").value(s.totalTutS, 3);
    w.key("mean_cycle_s").value(s.meanCycleS, 3);
    w.key("cadence_cv").value(s.cadenceCv, 4);
    if (a.exercise->kind == core::MovementKind::Step) {
        w.key("directions").value(s.directions);
        w.key("slack_steps").value(s.slackSteps);
    }
    w.endObject();
    w.key("counters").beginObject();
    w.key("glitches").value(static_cast<long long>(a.counters.glitches));
    w.key("gaps").value(static_cast<long long>(a.counters.gaps));
    w.key("rejected_movements").value(static_cast<long long>(a.counters.rejectedCycles));
    w.key("handling_movements").value(static_cast<long long>(a.counters.handlingCycles));
    w.endObject();
    w.key("warnings").beginArray();
    for (const auto& text : a.warnings) {
        w.value(text);
    }
    w.endArray();
    w.endObject();
    return w.str() + "\n";
}

std::string analysisCsv(const core::TraceAnalysis& a)
{
    using base::fixed;
    std::string out;
    if (a.exercise->kind == core::MovementKind::Hold) {
        out = "index,start_s,end_s,duration_s,level_n,mean_force_n,peak_force_n,steadiness_cv\n";
        for (std::size_t i = 0; i < a.holds.size(); ++i) {
            const auto& h = a.holds[i];
            out += std::to_string(i + 1) + "," + fixed(h.startS, kTime) + "," +
                   fixed(h.endS, kTime) + "," + fixed(h.durationS, kTime) + "," +
                   fixed(h.levelN, kForce) + "," + fixed(h.meanForceN, kForce) + "," +
                   fixed(h.peakForceN, kForce) + "," + fixed(h.steadinessCv, 4) + "\n";
        }
        return out;
    }
    out = "index,direction,start_s,concentric_end_s,peak_s,eccentric_start_s,end_s,concentric_s,"
          "hold_s,eccentric_s,peak_force_n,mean_force_n,impulse_ns,tut_s,rfd_n_per_s,good\n";
    for (std::size_t i = 0; i < a.reps.size(); ++i) {
        const auto& r = a.reps[i];
        out += std::to_string(i + 1) + "," +
               (a.directions.empty() ? std::string() : std::to_string(a.directions[i] + 1)) + "," +
               fixed(r.startS, kTime) + "," + fixed(r.concentricEndS, kTime) + "," +
               fixed(r.peakS, kTime) + "," + fixed(r.eccentricStartS, kTime) + "," +
               fixed(r.endS, kTime) + "," + fixed(r.concentricS, kTime) + "," +
               fixed(r.holdS, kTime) + "," + fixed(r.eccentricS, kTime) + "," +
               fixed(r.peakForceN, kForce) + "," + fixed(r.meanForceN, kForce) + "," +
               fixed(r.impulseNs, kForce) + "," + fixed(r.tutS, kTime) + "," +
               (r.rfdNPerS ? fixed(*r.rfdNPerS, 1) : std::string()) + "," +
               (a.judgements[i].good ? "1" : "0") + "\n";
    }
    return out;
}

} // namespace bandstation::tools
