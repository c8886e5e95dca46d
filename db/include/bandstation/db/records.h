#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <bandstation/core/calibration.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/measures.h>
#include <bandstation/core/targets.h>

namespace bandstation::db {

enum class Status { Active, Completed, Interrupted };
std::string_view toString(Status status);
std::optional<Status> parseStatus(std::string_view text);

// What a set was prescribed, when it started.
struct SetStart {
    std::int64_t id = 0; // reserved by the writer (Writer::reserveSetId); 0: the next free one
    std::int64_t sessionId = 0;
    std::string exerciseId;
    std::string side;         // "left", "right", "" (both or none)
    std::string bandColour;   // as the gym names its bands ("green", "blue")
    std::string bandPosition; // "knees", "ankles", "feet", …
    std::optional<int> targetReps;
    std::optional<double> targetHoldS;
    core::Targets targets;
    std::optional<double> restS;
    std::string startedAt; // ISO 8601 UTC
    std::optional<std::int64_t> monoStartNs;
    std::optional<double> sampleRateHz;
};

struct SetResult {
    std::string endedAt;
    Status status = Status::Completed;
    core::SetSummary summary;
    std::optional<double> holdDurationS;
    std::optional<double> timeInZoneS;
};

// One rep, step or hold, with every measure of EXERCISES.md and its judgement.
struct RepRecord {
    int index = 0;
    core::MovementKind kind = core::MovementKind::Rep;
    core::Rep rep;
    core::RepJudgement judgement;
    std::optional<int> direction;      // walks
    std::optional<double> timeInZoneS; // holds
};
RepRecord holdRecord(int index, const core::Hold& hold, const core::RepJudgement& judgement);

struct CalibrationRecord {
    std::int64_t id = 0; // on insert: reserved by the writer, or 0 for the next free one
    int channel = 0;
    std::string sensor;
    core::Calibration calibration;
    std::optional<double> massKg;
    std::string createdAt;
};

struct SessionRow {
    std::int64_t id = 0;
    std::optional<std::int64_t> athleteId;
    std::string station;
    std::string startedAt;
    std::optional<std::string> endedAt;
    Status status = Status::Active;
    std::int64_t revision = 0;
};

struct SetRow {
    std::int64_t id = 0;
    int position = 0;
    SetStart start;
    std::optional<std::string> endedAt;
    Status status = Status::Active;
    core::SetSummary summary;
    std::optional<double> holdDurationS;
    std::optional<double> timeInZoneS;
    std::vector<RepRecord> reps;
};

struct SessionDetail {
    SessionRow session;
    std::vector<SetRow> sets;
};

struct AthleteRow {
    std::int64_t id = 0;
    std::string name;
    std::string notes;
    std::string createdAt;
    int sessionsPerWeek = 3; // the plan
};

// What identifies a like-for-like comparison of sets: the same athlete, exercise, side and band.
struct BestKey {
    std::int64_t athleteId = 0;
    std::string exerciseId;
    std::string side;
    std::string bandColour;
};

// An active token as the daemon keeps it in memory: its SHA-256 (hex) and its scopes.
struct TokenHash {
    std::int64_t id = 0;
    std::string hash;
    std::string scopes;
};

struct TokenInfo {
    std::int64_t id = 0;
    std::string name;
    std::string scopes; // space separated: read control admin
    std::string createdAt;
    std::optional<std::string> lastUsedAt;
    bool revoked = false;
};

} // namespace bandstation::db
