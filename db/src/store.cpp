#include "bandstation/db/store.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <unistd.h>

#include <bandstation/base/unique_fd.h>
#include <bandstation/db/sample_codec.h>

namespace bandstation::db {

namespace {

std::string_view sidesText(core::Sides sides)
{
    switch (sides) {
    case core::Sides::Both:
        return "both";
    case core::Sides::LeftRight:
        return "left_right";
    case core::Sides::Directions:
        return "directions";
    case core::Sides::None:
        return "none";
    }
    return "none";
}

std::optional<std::int64_t> optInt(const std::optional<int>& v)
{
    return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}

} // namespace

std::string utcNow()
{
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
    const std::time_t seconds = static_cast<std::time_t>(ms.count() / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    const auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms.count() % 1000));
    return std::string(text, n) + millis;
}

Store::Store(const std::string& path, StoreOptions options)
    : db_(path, options.mode), options_(std::move(options))
{
    if (options_.mode == Database::Mode::ReadOnly) {
        return;
    }
    // Integrity first: a damaged file is reported, and not written to.
    auto check = db_.prepare("PRAGMA integrity_check");
    std::string problems;
    while (check.step()) {
        const auto line = check.text(0);
        if (line != "ok") {
            problems += (problems.empty() ? "" : "; ") + line;
        }
    }
    if (!problems.empty()) {
        throw DbError(path +
                          ": the database is damaged (integrity_check: " + problems.substr(0, 300) +
                          "); it is left untouched: restore it from a backup or move it aside",
                      11 /* SQLITE_CORRUPT */);
    }
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = NORMAL");
    db_.exec("PRAGMA foreign_keys = ON");
    report_.migration = migrate(db_);
    begin();
    for (const auto& e : core::catalog()) {
        saveExercise(e, true);
    }
    commit();
    if (options_.recover) {
        recover(options_.now.empty() ? utcNow() : options_.now);
    }
}

void Store::recover(const std::string& now)
{
    begin();
    auto active = db_.prepare("SELECT id FROM sessions WHERE status = 'active'");
    std::vector<std::int64_t> ids;
    while (active.step()) {
        ids.push_back(active.int64(0));
    }
    for (const auto id : ids) {
        const auto rev = stamp();
        db_.prepare("UPDATE sets SET status = 'interrupted', ended_at = COALESCE(ended_at, ?1), "
                    "revision = ?2 WHERE session_id = ?3 AND status = 'active'")
            .bind(1, now)
            .bind(2, rev)
            .bind(3, id)
            .run();
        db_.prepare("UPDATE sessions SET status = 'interrupted', ended_at = COALESCE(ended_at, "
                    "(SELECT MAX(ended_at) FROM sets WHERE session_id = ?3), ?1), revision = ?2 "
                    "WHERE id = ?3")
            .bind(1, now)
            .bind(2, rev)
            .bind(3, id)
            .run();
    }
    commit(true);
    report_.interruptedSessions = static_cast<int>(ids.size());
}

void Store::begin()
{
    db_.exec("BEGIN IMMEDIATE");
    inTransaction_ = true;
}

void Store::commit(bool durable)
{
    inTransaction_ = false;
    db_.exec("COMMIT");
    if (durable) {
        // WAL with synchronous=NORMAL syncs the log only at checkpoints: a commit survives a
        // crash of the process but not a power cut. Syncing the log now makes it survive both.
        base::UniqueFd wal(::open((db_.path() + "-wal").c_str(), O_RDONLY | O_CLOEXEC));
        if (wal.valid() && ::fsync(wal.get()) != 0) {
            throw DbError(db_.path() + "-wal: fsync failed: " + std::strerror(errno), 10);
        }
    }
}

void Store::rollback()
{
    if (inTransaction_) {
        inTransaction_ = false;
        try {
            db_.exec("ROLLBACK");
        } catch (const DbError&) {
            // already rolled back by SQLite (disk full, I/O error)
        }
    }
}

std::int64_t Store::stamp()
{
    // One value per write, never shared: two sessions never carry the same revision, so a
    // cursor between them is exact.
    auto st = db_.prepare(
        "UPDATE store_state SET value = value + 1 WHERE key = 'revision' RETURNING value");
    st.step();
    const auto rev = st.int64(0);
    st.reset();
    return rev;
}

std::int64_t Store::revision()
{
    auto st = db_.prepare("SELECT value FROM store_state WHERE key = 'revision'");
    return st.step() ? st.int64(0) : 0;
}

void Store::touchSession(std::int64_t sessionId, std::int64_t revision)
{
    db_.prepare("UPDATE sessions SET revision = ?1 WHERE id = ?2")
        .bind(1, revision)
        .bind(2, sessionId)
        .run();
}

std::int64_t Store::sessionOfSet(std::int64_t setId)
{
    auto st = db_.prepare("SELECT session_id FROM sets WHERE id = ?1");
    st.bind(1, setId);
    if (!st.step()) {
        throw DbError(db_.path() + ": no set " + std::to_string(setId), 0);
    }
    return st.int64(0);
}

std::int64_t Store::addAthlete(const std::string& name, const std::string& notes,
                               const std::string& createdAt, int sessionsPerWeek)
{
    db_.prepare("INSERT INTO athletes (name, notes, created_at, revision, sessions_per_week) "
                "VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, name)
        .bind(2, notes)
        .bind(3, createdAt)
        .bind(4, stamp())
        .bind(5, static_cast<std::int64_t>(sessionsPerWeek))
        .run();
    return db_.lastInsertId();
}

void Store::saveExercise(const core::Exercise& e, bool builtin)
{
    // Built-in rows are only inserted, never overwritten: a gym's edits survive upgrades.
    auto st = db_.prepare(
        std::string(builtin ? "INSERT OR IGNORE" : "INSERT OR REPLACE") +
        " INTO exercises (id, name, kind, sides, sets, reps, hold_s, rest_s, tempo_up_s, "
        "tempo_hold_s, tempo_down_s, tempo_bottom_pause_s, step_cycle_s, cue, builtin, revision) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    st.bind(1, e.id)
        .bind(2, e.name)
        .bind(3, core::toString(e.kind))
        .bind(4, sidesText(e.sides))
        .bind(5, e.sets)
        .bind(6, e.reps)
        .bind(7, e.holdS)
        .bind(8, e.restS);
    if (e.tempo) {
        st.bind(9, e.tempo->upS).bind(10, e.tempo->holdS).bind(11, e.tempo->downS);
        st.bind(12, e.tempo->bottomPauseS);
    }
    st.bind(13, e.stepCycleS).bind(14, e.cue).bind(15, builtin ? 1 : 0);
    st.bind(16, builtin ? std::int64_t{0} : stamp());
    st.run();
}

std::int64_t Store::beginSession(std::optional<std::int64_t> athleteId,
                                 const std::string& startedAt, std::int64_t id)
{
    db_.prepare("INSERT INTO sessions (id, athlete_id, station, started_at, status, revision) "
                "VALUES (?5, ?1, ?2, ?3, 'active', ?4)")
        .bind(1, athleteId)
        .bind(2, options_.station)
        .bind(3, startedAt)
        .bind(4, stamp())
        .bind(5, id > 0 ? std::optional(id) : std::nullopt)
        .run();
    return chosen("sessions", id);
}

void Store::endSession(std::int64_t sessionId, const std::string& endedAt, Status status)
{
    db_.prepare("UPDATE sessions SET ended_at = ?1, status = ?2, revision = ?3 WHERE id = ?4")
        .bind(1, endedAt)
        .bind(2, toString(status))
        .bind(3, stamp())
        .bind(4, sessionId)
        .run();
}

std::int64_t Store::beginSet(const SetStart& s)
{
    const auto rev = stamp();
    auto st = db_.prepare(
        "INSERT INTO sets (id, session_id, position, exercise_id, side, band_colour, "
        "band_position, "
        "target_reps, target_hold_s, target_low_n, target_high_n, target_up_s, target_top_s, "
        "target_down_s, target_tolerance, rest_s, started_at, mono_start_ns, sample_rate_hz, "
        "status, revision) VALUES (?19, ?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM sets WHERE "
        "session_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
        "?17, 'active', ?18)");
    st.bind(1, s.sessionId)
        .bind(2, s.exerciseId)
        .bind(3, s.side)
        .bind(4, s.bandColour)
        .bind(5, s.bandPosition)
        .bind(6, optInt(s.targetReps))
        .bind(7, s.targetHoldS);
    if (s.targets.zone) {
        st.bind(8, s.targets.zone->lowN).bind(9, s.targets.zone->highN);
    }
    if (s.targets.tempo) {
        st.bind(10, s.targets.tempo->upS)
            .bind(11, s.targets.tempo->holdS)
            .bind(12, s.targets.tempo->downS);
    }
    st.bind(13, s.targets.tempoTolerance)
        .bind(14, s.restS)
        .bind(15, s.startedAt)
        .bind(16, s.monoStartNs)
        .bind(17, s.sampleRateHz)
        .bind(18, rev)
        .bind(19, s.id > 0 ? std::optional(s.id) : std::nullopt);
    st.run();
    const auto id = chosen("sets", s.id);
    touchSession(s.sessionId, rev);
    return id;
}

void Store::endSet(std::int64_t setId, const SetResult& r)
{
    const auto rev = stamp();
    db_.prepare("UPDATE sets SET ended_at = ?1, status = ?2, reps = ?3, good_reps = ?4, "
                "mean_peak_n = ?5, mean_impulse_ns = ?6, total_tut_s = ?7, hold_duration_s = ?8, "
                "time_in_zone_s = ?9, revision = ?10 WHERE id = ?11")
        .bind(1, r.endedAt)
        .bind(2, toString(r.status))
        .bind(3, r.summary.reps)
        .bind(4, r.summary.goodReps)
        .bind(5, r.summary.meanPeakForceN)
        .bind(6, r.summary.meanImpulseNs)
        .bind(7, r.summary.totalTutS)
        .bind(8, r.holdDurationS)
        .bind(9, r.timeInZoneS)
        .bind(10, rev)
        .bind(11, setId)
        .run();
    touchSession(sessionOfSet(setId), rev);
}

void Store::addRep(std::int64_t setId, const RepRecord& r)
{
    const auto rev = stamp();
    const auto& p = r.rep;
    const bool cycle = r.kind != core::MovementKind::Hold;
    auto st = db_.prepare(
        "INSERT INTO reps (set_id, idx, kind, start_s, concentric_end_s, peak_s, "
        "eccentric_start_s, end_s, concentric_s, hold_s, eccentric_s, peak_force_n, "
        "mean_force_n, trough_before_n, trough_after_n, amplitude_n, impulse_ns, tut_s, "
        "rfd_n_per_s, time_in_zone_s, in_zone, too_fast_up, too_fast_down, hold_too_short, good, "
        "direction) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
        "?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)");
    st.bind(1, setId).bind(2, r.index).bind(3, core::toString(r.kind)).bind(4, p.startS);
    if (cycle) {
        st.bind(5, p.concentricEndS).bind(6, p.peakS).bind(7, p.eccentricStartS);
        st.bind(9, p.concentricS).bind(11, p.eccentricS).bind(16, p.amplitudeN);
        st.bind(17, p.impulseNs);
    }
    st.bind(8, p.endS).bind(10, p.holdS).bind(12, p.peakForceN).bind(13, p.meanForceN);
    st.bind(14, p.troughBeforeN).bind(15, p.troughAfterN).bind(18, p.tutS);
    st.bind(19, p.rfdNPerS).bind(20, r.timeInZoneS);
    if (r.judgement.inZone) {
        st.bind(21, *r.judgement.inZone ? 1 : 0);
    }
    st.bind(22, r.judgement.tooFastUp ? 1 : 0)
        .bind(23, r.judgement.tooFastDown ? 1 : 0)
        .bind(24, r.judgement.holdTooShort ? 1 : 0)
        .bind(25, r.judgement.good ? 1 : 0)
        .bind(26, optInt(r.direction));
    st.run();
    touchSession(sessionOfSet(setId), rev);
}

std::int64_t Store::addCalibration(const CalibrationRecord& c)
{
    db_.prepare("INSERT INTO calibrations (id, channel, sensor, offset_counts, counts_per_newton, "
                "mass_kg, created_at) VALUES (?7, ?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, c.channel)
        .bind(2, c.sensor)
        .bind(3, c.calibration.offsetCounts)
        .bind(4, c.calibration.countsPerNewton)
        .bind(5, c.massKg)
        .bind(6, c.createdAt)
        .bind(7, c.id > 0 ? std::optional(c.id) : std::nullopt)
        .run();
    return chosen("calibrations", c.id);
}

std::int64_t Store::chosen(std::string_view table, std::int64_t requested)
{
    const auto id = db_.lastInsertId();
    if (requested <= 0 && chosenId_) {
        chosenId_(table, id);
    }
    return id;
}

std::int64_t Store::largestId(std::string_view table)
{
    if (table != "sessions" && table != "sets" && table != "calibrations") {
        throw DbError("largestId: no table '" + std::string(table) + "'", 1);
    }
    auto st = db_.prepare("SELECT COALESCE(MAX(id), 0) FROM " + std::string(table));
    return st.step() ? st.int64(0) : 0;
}

void Store::writeChunk(std::int64_t setId, int channel, std::int64_t seq,
                       std::optional<std::int64_t> calibrationId,
                       std::span<const core::RawSample> samples)
{
    if (samples.empty()) {
        return;
    }
    const auto data = encodeSamples(samples);
    db_.prepare("INSERT INTO sample_chunks (set_id, channel, seq, calibration_id, first_t_ns, "
                "last_t_ns, count, encoding, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                "ON CONFLICT (set_id, channel, seq) DO UPDATE SET last_t_ns = excluded.last_t_ns, "
                "count = excluded.count, data = excluded.data")
        .bind(1, setId)
        .bind(2, channel)
        .bind(3, seq)
        .bind(4, calibrationId)
        .bind(5, samples.front().tNs)
        .bind(6, samples.back().tNs)
        .bind(7, static_cast<std::int64_t>(samples.size()))
        .bind(8, kSampleEncoding)
        .bind(9, std::span<const std::uint8_t>(data))
        .run();
    touchSession(sessionOfSet(setId), stamp());
}

void Store::addSensorEvent(std::optional<std::int64_t> sessionId, const std::string& kind,
                           const std::string& detail, const std::string& at)
{
    db_.prepare("INSERT INTO sensor_events (at, session_id, kind, detail) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, at)
        .bind(2, sessionId)
        .bind(3, kind)
        .bind(4, detail)
        .run();
}

} // namespace bandstation::db
