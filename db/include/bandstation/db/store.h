#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <bandstation/core/sample.h>
#include <bandstation/db/records.h>
#include <bandstation/db/schema.h>
#include <bandstation/db/sqlite.h>

namespace bandstation::db {

struct StoreOptions {
    std::string station = "bandstation";
    Database::Mode mode = Database::Mode::ReadWrite;
    std::string now; // the wall clock for recovery stamps (ISO 8601 UTC); empty: the system's
    // Close the sessions a dead daemon left active. False while a daemon runs on the database
    // (the CLI then), whose session is not dead.
    bool recover = true;
};

struct OpenReport {
    MigrationReport migration;
    int interruptedSessions = 0; // active when the last process died; closed as interrupted
};

// The session store over one SQLite connection. Opening migrates the schema, checks integrity
// (PRAGMA integrity_check: a failure is a DbError, and nothing is written), seeds the exercise
// catalog, and closes sessions a crash left active as interrupted, keeping everything committed.
// Writes are plain statements: the caller groups them with begin()/commit() (the Writer does).
// Thread: one thread per Store (the writer thread; readers open their own read-only Store).
class Store {
public:
    explicit Store(const std::string& path, StoreOptions options = {});

    const OpenReport& openReport() const { return report_; }
    Database& database() { return db_; }

    void begin();
    // durable: fsync the WAL with this commit (set ends; at least once a second).
    void commit(bool durable = false);
    void rollback();

    std::int64_t addAthlete(const std::string& name, const std::string& notes,
                            const std::string& createdAt, int sessionsPerWeek = 3);
    void saveExercise(const core::Exercise& exercise, bool builtin);
    // `id`: reserved by the writer (Writer::reserveSessionId); 0 takes the next free one.
    std::int64_t beginSession(std::optional<std::int64_t> athleteId, const std::string& startedAt,
                              std::int64_t id = 0);
    void endSession(std::int64_t sessionId, const std::string& endedAt,
                    Status status = Status::Completed);
    std::int64_t beginSet(const SetStart& start);
    void endSet(std::int64_t setId, const SetResult& result);
    void addRep(std::int64_t setId, const RepRecord& rep);
    std::int64_t addCalibration(const CalibrationRecord& calibration);
    // The largest id in use in `table` (sessions, sets or calibrations), 0 when empty.
    std::int64_t largestId(std::string_view table);
    // Told the id SQLite chose when a session, set or calibration was inserted without one (the
    // writer keeps its reserved ids above them).
    void onChosenId(std::function<void(std::string_view table, std::int64_t id)> observer)
    {
        chosenId_ = std::move(observer);
    }
    // Writes (or rewrites, while it grows) chunk `seq` of a set's channel.
    void writeChunk(std::int64_t setId, int channel, std::int64_t seq,
                    std::optional<std::int64_t> calibrationId,
                    std::span<const core::RawSample> samples);
    void addSensorEvent(std::optional<std::int64_t> sessionId, const std::string& kind,
                        const std::string& detail, const std::string& at);

    // A new token: its secret is returned once and only its SHA-256 is stored.
    struct NewToken {
        std::int64_t id = 0;
        std::string secret;
    };
    NewToken createToken(const std::string& name, const std::string& scopes,
                         const std::string& createdAt);
    std::optional<TokenInfo> verifyToken(const std::string& secret, const std::string& usedAt);
    bool revokeToken(std::int64_t id, const std::string& at);
    std::vector<TokenInfo> tokens();
    std::vector<TokenHash> activeTokenHashes();
    // Goes up with every token created or revoked (by the daemon or the CLI).
    std::int64_t tokenGeneration();
    // The generation the running daemon has taken in: `bandstation token` waits for it.
    std::int64_t tokensApplied();
    void setTokensApplied(std::int64_t generation);
    void markTokenUsed(std::int64_t id, const std::string& at);

    // Queries. Dates compare as text: "2026-11-22" selects that whole day.
    std::vector<AthleteRow> athletes();
    std::optional<AthleteRow> athlete(std::int64_t id);
    // The highest peak force of any rep of the athlete's sets of that exercise, side and band.
    std::optional<double> bestPeakForce(const BestKey& key);
    // Every best peak, by athlete, exercise, side and band.
    std::vector<std::pair<BestKey, double>> bestPeaks();
    std::vector<SessionRow> sessions(std::optional<std::int64_t> athleteId,
                                     const std::string& fromDate = {},
                                     const std::string& toDate = {});
    struct Changes {
        std::vector<SessionRow> sessions;
        std::int64_t cursor = 0; // pass back as `since` for the next pull
        bool more = false;       // `limit` cut the list: pull again
    };
    Changes changesSince(std::int64_t cursor, int limit = 100);
    std::int64_t revision();
    std::optional<SessionDetail> session(std::int64_t sessionId);
    bool hasSet(std::int64_t setId);
    std::optional<CalibrationRecord> calibration(std::int64_t id);
    std::optional<CalibrationRecord> latestCalibration(int channel);
    // Visits a set's samples chunk by chunk, in time order (one chunk in memory at a time).
    // Throws DbError for a chunk that does not decode.
    void forEachChunk(std::int64_t setId, int channel,
                      const std::function<void(std::span<const core::RawSample>,
                                               const std::optional<CalibrationRecord>&)>& visit);
    std::vector<core::ForceSample> setForces(std::int64_t setId, int channel);

private:
    void bumpTokenGeneration();
    std::int64_t chosen(std::string_view table, std::int64_t requested);
    std::int64_t stamp();
    void touchSession(std::int64_t sessionId, std::int64_t revision);
    std::int64_t sessionOfSet(std::int64_t setId);
    void recover(const std::string& now);

    Database db_;
    std::function<void(std::string_view, std::int64_t)> chosenId_;
    StoreOptions options_;
    OpenReport report_;
    bool inTransaction_ = false;
};

// The system wall clock as ISO 8601 UTC with milliseconds ("2026-11-22T10:15:02.123Z").
std::string utcNow();

} // namespace bandstation::db
