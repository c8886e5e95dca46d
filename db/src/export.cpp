#include "bandstation/db/export.h"

#include <cmath>
#include <optional>
#include <ostream>

#include <bandstation/base/json.h>
#include <bandstation/base/text.h>

namespace bandstation::db {

namespace {

std::string num(double v, int decimals)
{
    return std::isfinite(v) ? base::fixed(v, decimals) : std::string();
}

std::string num(const std::optional<double>& v, int decimals)
{
    return v ? num(*v, decimals) : std::string();
}

std::string jnum(double v, int decimals)
{
    return std::isfinite(v) ? base::fixed(v, decimals) : std::string("null");
}

std::string jnum(const std::optional<double>& v, int decimals)
{
    return v ? jnum(*v, decimals) : std::string("null");
}

std::string csvText(const std::string& text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

std::string boolText(bool v)
{
    return v ? "true" : "false";
}

struct SampleRow {
    double tS;
    double forceN;
    std::int32_t counts;
    std::uint8_t flags;
};

template <typename Row>
void forEachSample(Store& store, std::int64_t setId, int channel, Row&& row)
{
    std::optional<std::int64_t> t0;
    const core::CountRange range{};
    store.forEachChunk(setId, channel, [&](auto samples, const auto& cal) {
        for (const auto& s : samples) {
            if (!t0) {
                t0 = s.tNs;
            }
            const double force = cal ? cal->calibration.apply(s, range).forceN
                                     : std::numeric_limits<double>::quiet_NaN();
            row(SampleRow{core::toSeconds(s.tNs - *t0), force, s.counts, s.flags});
        }
    });
}

} // namespace

void exportRepsCsv(Store& store, std::span<const std::int64_t> sessionIds, std::ostream& out)
{
    out << "session_id,session_started_at,athlete_id,set_id,set_position,exercise,side,"
           "band_colour,band_position,index,kind,start_s,concentric_end_s,peak_s,"
           "eccentric_start_s,end_s,concentric_s,hold_s,eccentric_s,peak_force_n,mean_force_n,"
           "amplitude_n,impulse_ns,tut_s,rfd_n_per_s,time_in_zone_s,in_zone,too_fast_up,"
           "too_fast_down,hold_too_short,good,direction\n";
    for (const auto id : sessionIds) {
        const auto detail = store.session(id);
        if (!detail) {
            continue;
        }
        const auto& s = detail->session;
        for (const auto& set : detail->sets) {
            for (const auto& r : set.reps) {
                const auto& p = r.rep;
                const bool cycle = r.kind != core::MovementKind::Hold;
                out << s.id << ',' << s.startedAt << ','
                    << (s.athleteId ? std::to_string(*s.athleteId) : std::string()) << ',' << set.id
                    << ',' << set.position << ',' << csvText(set.start.exerciseId) << ','
                    << csvText(set.start.side) << ',' << csvText(set.start.bandColour) << ','
                    << csvText(set.start.bandPosition) << ',' << r.index << ','
                    << core::toString(r.kind) << ',' << num(p.startS, 4) << ','
                    << (cycle ? num(p.concentricEndS, 4) : "") << ','
                    << (cycle ? num(p.peakS, 4) : "") << ','
                    << (cycle ? num(p.eccentricStartS, 4) : "") << ',' << num(p.endS, 4) << ','
                    << (cycle ? num(p.concentricS, 4) : "") << ',' << num(p.holdS, 4) << ','
                    << (cycle ? num(p.eccentricS, 4) : "") << ',' << num(p.peakForceN, 3) << ','
                    << num(p.meanForceN, 3) << ',' << num(p.amplitudeN, 3) << ','
                    << (cycle ? num(p.impulseNs, 3) : "") << ',' << num(p.tutS, 4) << ','
                    << num(p.rfdNPerS, 1) << ',' << num(r.timeInZoneS, 3) << ','
                    << (r.judgement.inZone ? boolText(*r.judgement.inZone) : "") << ','
                    << boolText(r.judgement.tooFastUp) << ',' << boolText(r.judgement.tooFastDown)
                    << ',' << boolText(r.judgement.holdTooShort) << ','
                    << boolText(r.judgement.good) << ','
                    << (r.direction ? std::to_string(*r.direction) : std::string()) << '\n';
            }
        }
    }
}

void exportSamplesCsv(Store& store, std::int64_t setId, int channel, std::ostream& out)
{
    out << "t_s,force_n,counts,flags\n";
    forEachSample(store, setId, channel, [&](const SampleRow& r) {
        out << base::fixed(r.tS, 6) << ',' << num(r.forceN, 3) << ',' << r.counts << ','
            << static_cast<int>(r.flags) << '\n';
    });
}

void exportSamplesJson(Store& store, std::int64_t setId, int channel, std::ostream& out)
{
    out << "{\"set_id\": " << setId << ", \"channel\": " << channel
        << ", \"columns\": [\"t_s\", \"force_n\", \"counts\", \"flags\"], \"samples\": [";
    bool first = true;
    forEachSample(store, setId, channel, [&](const SampleRow& r) {
        out << (first ? "" : ", ") << '[' << base::fixed(r.tS, 6) << ", " << jnum(r.forceN, 3)
            << ", " << r.counts << ", " << static_cast<int>(r.flags) << ']';
        first = false;
    });
    out << "]}\n";
}

void exportSessionJson(Store& store, std::int64_t sessionId, std::ostream& out)
{
    const auto detail = store.session(sessionId);
    if (!detail) {
        out << "null\n";
        return;
    }
    const auto& s = detail->session;
    out << "{\"id\": " << s.id << ", \"athlete_id\": "
        << (s.athleteId ? std::to_string(*s.athleteId) : std::string("null"))
        << ", \"station\": " << base::jsonString(s.station)
        << ", \"started_at\": " << base::jsonString(s.startedAt)
        << ", \"ended_at\": " << (s.endedAt ? base::jsonString(*s.endedAt) : std::string("null"))
        << ", \"status\": \"" << toString(s.status) << "\", \"revision\": " << s.revision
        << ", \"sets\": [";
    for (std::size_t i = 0; i < detail->sets.size(); ++i) {
        const auto& set = detail->sets[i];
        const auto& t = set.start.targets;
        out << (i ? ", " : "") << "{\"id\": " << set.id << ", \"position\": " << set.position
            << ", \"exercise\": " << base::jsonString(set.start.exerciseId)
            << ", \"side\": " << base::jsonString(set.start.side)
            << ", \"band_colour\": " << base::jsonString(set.start.bandColour)
            << ", \"band_position\": " << base::jsonString(set.start.bandPosition)
            << ", \"targets\": {\"reps\": "
            << (set.start.targetReps ? std::to_string(*set.start.targetReps) : "null")
            << ", \"hold_s\": " << jnum(set.start.targetHoldS, 2) << ", \"zone_n\": "
            << (t.zone ? "[" + jnum(t.zone->lowN, 2) + ", " + jnum(t.zone->highN, 2) + "]"
                       : std::string("null"))
            << ", \"tempo_s\": "
            << (t.tempo ? "[" + jnum(t.tempo->upS, 2) + ", " + jnum(t.tempo->holdS, 2) + ", " +
                              jnum(t.tempo->downS, 2) + "]"
                        : std::string("null"))
            << ", \"tolerance\": " << jnum(t.tempoTolerance, 3)
            << ", \"rest_s\": " << jnum(set.start.restS, 1) << "}"
            << ", \"started_at\": " << base::jsonString(set.start.startedAt) << ", \"ended_at\": "
            << (set.endedAt ? base::jsonString(*set.endedAt) : std::string("null"))
            << ", \"status\": \"" << toString(set.status) << "\""
            << ", \"sample_rate_hz\": " << jnum(set.start.sampleRateHz, 3)
            << ", \"result\": {\"reps\": " << set.summary.reps
            << ", \"good_reps\": " << set.summary.goodReps
            << ", \"mean_peak_force_n\": " << jnum(set.summary.meanPeakForceN, 3)
            << ", \"mean_impulse_ns\": " << jnum(set.summary.meanImpulseNs, 3)
            << ", \"total_tut_s\": " << jnum(set.summary.totalTutS, 3)
            << ", \"hold_duration_s\": " << jnum(set.holdDurationS, 3)
            << ", \"time_in_zone_s\": " << jnum(set.timeInZoneS, 3) << "}, \"reps\": [";
        for (std::size_t k = 0; k < set.reps.size(); ++k) {
            const auto& r = set.reps[k];
            const auto& p = r.rep;
            out << (k ? ", " : "") << "{\"index\": " << r.index << ", \"kind\": \""
                << core::toString(r.kind) << "\", \"start_s\": " << jnum(p.startS, 4)
                << ", \"concentric_end_s\": " << jnum(p.concentricEndS, 4)
                << ", \"peak_s\": " << jnum(p.peakS, 4)
                << ", \"eccentric_start_s\": " << jnum(p.eccentricStartS, 4)
                << ", \"end_s\": " << jnum(p.endS, 4)
                << ", \"concentric_s\": " << jnum(p.concentricS, 4)
                << ", \"hold_s\": " << jnum(p.holdS, 4)
                << ", \"eccentric_s\": " << jnum(p.eccentricS, 4)
                << ", \"peak_force_n\": " << jnum(p.peakForceN, 3)
                << ", \"mean_force_n\": " << jnum(p.meanForceN, 3)
                << ", \"amplitude_n\": " << jnum(p.amplitudeN, 3)
                << ", \"impulse_ns\": " << jnum(p.impulseNs, 3)
                << ", \"tut_s\": " << jnum(p.tutS, 4)
                << ", \"rfd_n_per_s\": " << jnum(p.rfdNPerS, 1)
                << ", \"time_in_zone_s\": " << jnum(r.timeInZoneS, 3) << ", \"in_zone\": "
                << (r.judgement.inZone ? boolText(*r.judgement.inZone) : std::string("null"))
                << ", \"too_fast_up\": " << boolText(r.judgement.tooFastUp)
                << ", \"too_fast_down\": " << boolText(r.judgement.tooFastDown)
                << ", \"hold_too_short\": " << boolText(r.judgement.holdTooShort)
                << ", \"good\": " << boolText(r.judgement.good) << ", \"direction\": "
                << (r.direction ? std::to_string(*r.direction) : std::string("null")) << "}";
        }
        out << "]}";
    }
    out << "]}\n";
}

} // namespace bandstation::db
