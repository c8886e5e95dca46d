#include "bandstation/db/schema.h"

#include <array>
#include <string>

namespace bandstation::db {

namespace {

// Version 1: the first schema.
//
// Times: wall-clock instants are ISO 8601 UTC text ("2026-11-22T10:15:02.123Z"); sample times are
// CLOCK_MONOTONIC nanoseconds (`mono_start_ns` ties a set's samples to its wall clock); rep times
// are seconds since the set's first sample. `revision` is the change cursor: every write takes the
// next value of store_state.revision and stamps it on what it touched and on the session above it,
// so `revision > cursor` finds every session that changed since a client's last pull.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE store_state (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO store_state (key, value) VALUES ('revision', 0);

CREATE TABLE athletes (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    notes      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    revision   INTEGER NOT NULL
);

CREATE TABLE exercises (
    id                   TEXT PRIMARY KEY,
    name                 TEXT NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('rep', 'step', 'hold')),
    sides                TEXT NOT NULL CHECK (sides IN ('both', 'left_right', 'directions', 'none')),
    sets                 INTEGER NOT NULL CHECK (sets > 0),
    reps                 INTEGER NOT NULL CHECK (reps >= 0),
    hold_s               REAL NOT NULL,
    rest_s               REAL NOT NULL,
    tempo_up_s           REAL,
    tempo_hold_s         REAL,
    tempo_down_s         REAL,
    tempo_bottom_pause_s REAL,
    step_cycle_s         REAL NOT NULL,
    cue                  TEXT NOT NULL,
    builtin              INTEGER NOT NULL,
    revision             INTEGER NOT NULL
);

CREATE TABLE calibrations (
    id                INTEGER PRIMARY KEY,
    channel           INTEGER NOT NULL,
    sensor            TEXT NOT NULL,
    offset_counts     REAL NOT NULL,
    counts_per_newton REAL NOT NULL CHECK (counts_per_newton <> 0),
    mass_kg           REAL,
    created_at        TEXT NOT NULL
);

CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    athlete_id INTEGER REFERENCES athletes (id),
    station    TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    status     TEXT NOT NULL CHECK (status IN ('active', 'completed', 'interrupted')),
    revision   INTEGER NOT NULL
);
CREATE INDEX sessions_by_athlete ON sessions (athlete_id, started_at);
CREATE INDEX sessions_by_revision ON sessions (revision);

CREATE TABLE sets (
    id                  INTEGER PRIMARY KEY,
    session_id          INTEGER NOT NULL REFERENCES sessions (id),
    position            INTEGER NOT NULL,
    exercise_id         TEXT NOT NULL,
    side                TEXT NOT NULL DEFAULT '',
    band_colour         TEXT NOT NULL DEFAULT '',
    band_position       TEXT NOT NULL DEFAULT '',
    target_reps         INTEGER,
    target_hold_s       REAL,
    target_low_n        REAL,
    target_high_n       REAL,
    target_up_s         REAL,
    target_top_s        REAL,
    target_down_s       REAL,
    target_tolerance    REAL,
    rest_s              REAL,
    started_at          TEXT NOT NULL,
    ended_at            TEXT,
    mono_start_ns       INTEGER,
    sample_rate_hz      REAL,
    status              TEXT NOT NULL CHECK (status IN ('active', 'completed', 'interrupted')),
    reps                INTEGER NOT NULL DEFAULT 0,
    good_reps           INTEGER NOT NULL DEFAULT 0,
    mean_peak_n         REAL,
    mean_impulse_ns     REAL,
    total_tut_s         REAL,
    hold_duration_s     REAL,
    time_in_zone_s      REAL,
    revision            INTEGER NOT NULL,
    UNIQUE (session_id, position)
);

CREATE TABLE reps (
    id                INTEGER PRIMARY KEY,
    set_id            INTEGER NOT NULL REFERENCES sets (id),
    idx               INTEGER NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('rep', 'step', 'hold')),
    start_s           REAL NOT NULL,
    concentric_end_s  REAL,
    peak_s            REAL,
    eccentric_start_s REAL,
    end_s             REAL NOT NULL,
    concentric_s      REAL,
    hold_s            REAL,
    eccentric_s       REAL,
    peak_force_n      REAL NOT NULL,
    mean_force_n      REAL NOT NULL,
    trough_before_n   REAL,
    trough_after_n    REAL,
    amplitude_n       REAL,
    impulse_ns        REAL,
    tut_s             REAL,
    rfd_n_per_s       REAL,
    time_in_zone_s    REAL,
    in_zone           INTEGER,
    too_fast_up       INTEGER NOT NULL DEFAULT 0,
    too_fast_down     INTEGER NOT NULL DEFAULT 0,
    hold_too_short    INTEGER NOT NULL DEFAULT 0,
    good              INTEGER NOT NULL,
    direction         INTEGER,
    UNIQUE (set_id, idx)
);

CREATE TABLE sample_chunks (
    id             INTEGER PRIMARY KEY,
    set_id         INTEGER NOT NULL REFERENCES sets (id),
    channel        INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    calibration_id INTEGER REFERENCES calibrations (id),
    first_t_ns     INTEGER NOT NULL,
    last_t_ns      INTEGER NOT NULL,
    count          INTEGER NOT NULL,
    encoding       INTEGER NOT NULL,
    data           BLOB NOT NULL,
    UNIQUE (set_id, channel, seq)
);

CREATE TABLE sensor_events (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    session_id INTEGER REFERENCES sessions (id),
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
)sql";

// Version 2: each athlete's plan, in sessions a week (EXERCISES.md: 2-3 a week for 12 weeks), for
// the adherence shown on their home screen.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE athletes ADD COLUMN sessions_per_week INTEGER NOT NULL DEFAULT 3
    CHECK (sessions_per_week BETWEEN 1 AND 14);
)sql";

constexpr std::array<std::string_view, 2> kMigrations{kV1, kV2};

} // namespace

std::span<const std::string_view> migrations()
{
    return kMigrations;
}

int schemaVersion()
{
    return static_cast<int>(kMigrations.size());
}

MigrationReport migrate(Database& db)
{
    MigrationReport report;
    report.from = static_cast<int>(db.pragmaInt("user_version"));
    report.to = report.from;
    if (report.from > schemaVersion()) {
        throw DbError(db.path() + ": database schema version " + std::to_string(report.from) +
                          " is newer than this bandstation (" + std::to_string(schemaVersion()) +
                          "); refusing to touch it: upgrade bandstation",
                      0);
    }
    for (int v = report.from; v < schemaVersion(); ++v) {
        Transaction tx(db);
        db.exec(kMigrations[static_cast<std::size_t>(v)]);
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
        tx.commit();
        report.to = v + 1;
    }
    return report;
}

} // namespace bandstation::db
