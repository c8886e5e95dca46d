// Store: the queries (sessions, changes since a cursor, a session's detail, samples).
#include <limits>

#include <bandstation/db/sample_codec.h>

#include "bandstation/db/store.h"

namespace bandstation::db {

namespace {

core::MovementKind kindFrom(std::string_view text)
{
    return text == "step"   ? core::MovementKind::Step
           : text == "hold" ? core::MovementKind::Hold
                            : core::MovementKind::Rep;
}

} // namespace

namespace {

constexpr const char* kSessionColumns =
    "SELECT id, athlete_id, station, started_at, ended_at, status, revision FROM sessions ";

SessionRow readSession(Statement& st)
{
    SessionRow s;
    s.id = st.int64(0);
    s.athleteId = st.optInt64(1);
    s.station = st.text(2);
    s.startedAt = st.text(3);
    if (!st.isNull(4)) {
        s.endedAt = st.text(4);
    }
    s.status = parseStatus(st.text(5)).value_or(Status::Active);
    s.revision = st.int64(6);
    return s;
}

constexpr const char* kAthleteColumns =
    "SELECT id, name, notes, created_at, sessions_per_week FROM athletes ";

AthleteRow readAthlete(Statement& st)
{
    return {st.int64(0), st.text(1), st.text(2), st.text(3), static_cast<int>(st.int64(4))};
}

} // namespace

std::vector<AthleteRow> Store::athletes()
{
    std::vector<AthleteRow> out;
    auto st = db_.prepare(std::string(kAthleteColumns) + "ORDER BY name, id");
    while (st.step()) {
        out.push_back(readAthlete(st));
    }
    return out;
}

std::optional<AthleteRow> Store::athlete(std::int64_t id)
{
    auto st = db_.prepare(std::string(kAthleteColumns) + "WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) {
        return std::nullopt;
    }
    return readAthlete(st);
}

bool Store::hasSet(std::int64_t setId)
{
    auto st = db_.prepare("SELECT 1 FROM sets WHERE id = ?1");
    st.bind(1, setId);
    return st.step();
}

std::optional<double> Store::bestPeakForce(const BestKey& key)
{
    auto st = db_.prepare("SELECT MAX(r.peak_force_n) FROM reps r JOIN sets s ON s.id = r.set_id "
                          "JOIN sessions se ON se.id = s.session_id WHERE se.athlete_id = ?1 AND "
                          "s.exercise_id = ?2 AND s.side = ?3 AND s.band_colour = ?4");
    st.bind(1, key.athleteId).bind(2, key.exerciseId).bind(3, key.side).bind(4, key.bandColour);
    if (!st.step() || st.isNull(0)) {
        return std::nullopt;
    }
    return st.real(0);
}

std::vector<std::pair<BestKey, double>> Store::bestPeaks()
{
    auto st = db_.prepare("SELECT se.athlete_id, s.exercise_id, s.side, s.band_colour, "
                          "MAX(r.peak_force_n) FROM reps r JOIN sets s ON s.id = r.set_id JOIN "
                          "sessions se ON se.id = s.session_id WHERE se.athlete_id IS NOT NULL "
                          "GROUP BY 1, 2, 3, 4");
    std::vector<std::pair<BestKey, double>> out;
    while (st.step()) {
        out.push_back({{st.int64(0), st.text(1), st.text(2), st.text(3)}, st.real(4)});
    }
    return out;
}

std::vector<SessionRow> Store::sessions(std::optional<std::int64_t> athleteId,
                                        const std::string& fromDate, const std::string& toDate)
{
    // toDate is inclusive: "2026-11-22" includes every instant of that day.
    auto st = db_.prepare(std::string(kSessionColumns) +
                          "WHERE (?1 IS NULL OR athlete_id = ?1) AND (?2 = '' OR started_at >= ?2) "
                          "AND (?3 = '' OR started_at < ?3 || '~') ORDER BY started_at, id");
    st.bind(1, athleteId).bind(2, fromDate).bind(3, toDate);
    std::vector<SessionRow> out;
    while (st.step()) {
        out.push_back(readSession(st));
    }
    return out;
}

Store::Changes Store::changesSince(std::int64_t cursor, int limit)
{
    Changes changes;
    changes.cursor = cursor;
    auto st = db_.prepare(std::string(kSessionColumns) +
                          "WHERE revision > ?1 ORDER BY revision LIMIT ?2");
    st.bind(1, cursor).bind(2, limit + 1);
    while (st.step()) {
        if (static_cast<int>(changes.sessions.size()) == limit) {
            changes.more = true;
            break;
        }
        changes.sessions.push_back(readSession(st));
        changes.cursor = changes.sessions.back().revision;
    }
    return changes;
}

std::optional<SessionDetail> Store::session(std::int64_t sessionId)
{
    auto st = db_.prepare(std::string(kSessionColumns) + "WHERE id = ?1");
    st.bind(1, sessionId);
    if (!st.step()) {
        return std::nullopt;
    }
    SessionDetail detail;
    detail.session = readSession(st);
    auto sets = db_.prepare(
        "SELECT id, position, exercise_id, side, band_colour, band_position, target_reps, "
        "target_hold_s, target_low_n, target_high_n, target_up_s, target_top_s, target_down_s, "
        "target_tolerance, rest_s, started_at, ended_at, mono_start_ns, sample_rate_hz, status, "
        "reps, good_reps, mean_peak_n, mean_impulse_ns, total_tut_s, hold_duration_s, "
        "time_in_zone_s FROM sets WHERE session_id = ?1 ORDER BY position");
    sets.bind(1, sessionId);
    while (sets.step()) {
        SetRow s;
        s.id = sets.int64(0);
        s.position = static_cast<int>(sets.int64(1));
        s.start.sessionId = sessionId;
        s.start.exerciseId = sets.text(2);
        s.start.side = sets.text(3);
        s.start.bandColour = sets.text(4);
        s.start.bandPosition = sets.text(5);
        if (!sets.isNull(6)) {
            s.start.targetReps = static_cast<int>(sets.int64(6));
        }
        s.start.targetHoldS = sets.optReal(7);
        if (!sets.isNull(8) && !sets.isNull(9)) {
            s.start.targets.zone = core::ForceZone{sets.real(8), sets.real(9)};
        }
        if (!sets.isNull(10)) {
            s.start.targets.tempo = core::Tempo{sets.real(10), sets.real(11), sets.real(12), 0};
        }
        s.start.targets.tempoTolerance = sets.optReal(13).value_or(0.2);
        s.start.restS = sets.optReal(14);
        s.start.startedAt = sets.text(15);
        if (!sets.isNull(16)) {
            s.endedAt = sets.text(16);
        }
        s.start.monoStartNs = sets.optInt64(17);
        s.start.sampleRateHz = sets.optReal(18);
        s.status = parseStatus(sets.text(19)).value_or(Status::Active);
        s.summary.reps = static_cast<int>(sets.int64(20));
        s.summary.goodReps = static_cast<int>(sets.int64(21));
        s.summary.meanPeakForceN = sets.optReal(22).value_or(0);
        s.summary.meanImpulseNs = sets.optReal(23).value_or(0);
        s.summary.totalTutS = sets.optReal(24).value_or(0);
        s.holdDurationS = sets.optReal(25);
        s.timeInZoneS = sets.optReal(26);
        detail.sets.push_back(std::move(s));
    }
    auto reps = db_.prepare(
        "SELECT idx, kind, start_s, concentric_end_s, peak_s, eccentric_start_s, end_s, "
        "concentric_s, hold_s, eccentric_s, peak_force_n, mean_force_n, trough_before_n, "
        "trough_after_n, amplitude_n, impulse_ns, tut_s, rfd_n_per_s, time_in_zone_s, in_zone, "
        "too_fast_up, too_fast_down, hold_too_short, good, direction FROM reps WHERE set_id = ?1 "
        "ORDER BY idx");
    for (auto& s : detail.sets) {
        reps.bind(1, s.id);
        while (reps.step()) {
            RepRecord r;
            r.index = static_cast<int>(reps.int64(0));
            r.kind = kindFrom(reps.text(1));
            auto& p = r.rep;
            p.startS = reps.real(2);
            p.concentricEndS = reps.optReal(3).value_or(0);
            p.peakS = reps.optReal(4).value_or(0);
            p.eccentricStartS = reps.optReal(5).value_or(0);
            p.endS = reps.real(6);
            p.concentricS = reps.optReal(7).value_or(0);
            p.holdS = reps.optReal(8).value_or(0);
            p.eccentricS = reps.optReal(9).value_or(0);
            p.peakForceN = reps.real(10);
            p.meanForceN = reps.real(11);
            p.troughBeforeN = reps.optReal(12).value_or(0);
            p.troughAfterN = reps.optReal(13).value_or(0);
            p.amplitudeN = reps.optReal(14).value_or(0);
            p.impulseNs = reps.optReal(15).value_or(0);
            p.tutS = reps.optReal(16).value_or(0);
            p.rfdNPerS = reps.optReal(17);
            r.timeInZoneS = reps.optReal(18);
            if (!reps.isNull(19)) {
                r.judgement.inZone = reps.int64(19) != 0;
            }
            r.judgement.tooFastUp = reps.int64(20) != 0;
            r.judgement.tooFastDown = reps.int64(21) != 0;
            r.judgement.holdTooShort = reps.int64(22) != 0;
            r.judgement.good = reps.int64(23) != 0;
            if (!reps.isNull(24)) {
                r.direction = static_cast<int>(reps.int64(24));
            }
            s.reps.push_back(r);
        }
        reps.reset();
    }
    return detail;
}

std::optional<CalibrationRecord> Store::calibration(std::int64_t id)
{
    auto st = db_.prepare("SELECT id, channel, sensor, offset_counts, counts_per_newton, mass_kg, "
                          "created_at FROM calibrations WHERE id = ?1");
    st.bind(1, id);
    if (!st.step()) {
        return std::nullopt;
    }
    return CalibrationRecord{st.int64(0),   static_cast<int>(st.int64(1)),
                             st.text(2),    {st.real(3), st.real(4)},
                             st.optReal(5), st.text(6)};
}

std::optional<CalibrationRecord> Store::latestCalibration(int channel)
{
    auto st = db_.prepare("SELECT MAX(id) FROM calibrations WHERE channel = ?1");
    st.bind(1, channel);
    if (!st.step() || st.isNull(0)) {
        return std::nullopt;
    }
    return calibration(st.int64(0));
}

void Store::forEachChunk(std::int64_t setId, int channel,
                         const std::function<void(std::span<const core::RawSample>,
                                                  const std::optional<CalibrationRecord>&)>& visit)
{
    auto st = db_.prepare("SELECT seq, calibration_id, encoding, data, count FROM sample_chunks "
                          "WHERE set_id = ?1 AND channel = ?2 ORDER BY seq");
    st.bind(1, setId).bind(2, channel);
    std::optional<std::int64_t> calibrationId;
    std::optional<CalibrationRecord> calibrationRecord;
    while (st.step()) {
        const auto seq = st.int64(0);
        if (st.int64(2) != kSampleEncoding) {
            throw DbError(db_.path() + ": set " + std::to_string(setId) + " chunk " +
                              std::to_string(seq) + " has an unknown encoding " +
                              std::to_string(st.int64(2)),
                          0);
        }
        std::string error;
        const auto samples = decodeSamples(st.blob(3), static_cast<std::uint8_t>(channel), &error);
        if (!samples || static_cast<std::int64_t>(samples->size()) != st.int64(4)) {
            throw DbError(db_.path() + ": set " + std::to_string(setId) + " chunk " +
                              std::to_string(seq) +
                              " does not decode: " + (error.empty() ? "wrong sample count" : error),
                          0);
        }
        const auto cal = st.optInt64(1);
        if (cal != calibrationId) {
            calibrationId = cal;
            calibrationRecord = cal ? calibration(*cal) : std::nullopt;
        }
        visit(*samples, calibrationRecord);
    }
}

std::vector<core::ForceSample> Store::setForces(std::int64_t setId, int channel)
{
    std::vector<core::ForceSample> out;
    forEachChunk(setId, channel, [&](auto samples, const auto& cal) {
        const core::CountRange range{};
        for (const auto& s : samples) {
            if (cal) {
                out.push_back(cal->calibration.apply(s, range));
            } else { // never calibrated: no force to give
                out.push_back({s.tNs, std::numeric_limits<double>::quiet_NaN(),
                               core::withFlag(s.flags, core::SampleFlag::Invalid)});
            }
        }
    });
    return out;
}

} // namespace bandstation::db
