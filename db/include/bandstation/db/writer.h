#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <bandstation/base/io_thread.h>
#include <bandstation/core/sample.h>
#include <bandstation/db/store.h>

namespace bandstation::db {

struct WriterOptions {
    StoreOptions store{};
    std::chrono::milliseconds commitEvery{200};   // a transaction at most this often
    std::chrono::milliseconds durableEvery{1000}; // and an fsync at least this often
    std::size_t chunkSamples = 8192;              // a sample chunk is closed at this size
    // After a write failure (disk full, I/O error) the next attempt waits this long, doubling
    // after each failed attempt up to retryMax; storage resumes by itself once one succeeds.
    std::chrono::milliseconds retryFirst{1000};
    std::chrono::milliseconds retryMax{30000};
    // Where completions run: the owner's thread (the daemon posts them to its io thread). Unset,
    // they wait for runCompletions().
    std::function<void(std::function<void()>)> post;
};

struct WriterStatus {
    bool ok = true;
    bool open = true;  // false while the database could not be opened (a full disk at start)
    std::string error; // why the store stopped writing (disk full, read-only, I/O error)
    std::uint64_t transactions = 0;
    std::uint64_t samplesCommitted = 0;
    std::uint64_t droppedOperations = 0; // refused while storage was off
    std::uint64_t droppedSamples = 0;
    std::uint64_t failures = 0; // times storage went off
    std::uint64_t resumes = 0;  // times it came back
};

// What a completion is told: the transaction holding the operation committed (durably when that
// was asked for), with the operation's result, or it did not, and why.
template <typename R>
struct Outcome {
    std::optional<R> value; // when committed
    std::string error;      // when not
    bool committed() const { return error.empty(); }
};

// The one thread that writes the database. Everything else hands it work and never waits for
// the disk: operations run in order inside a transaction that commits at most every 200 ms (at
// once when the queue is empty and an operation's completion is waiting, and at once, fsynced, for
// a durable operation such as a set's end); samples are
// buffered per set and channel and written as a chunk that grows in place each commit, so a crash
// loses at most the uncommitted fifth of a second and a power cut at most the last second.
//
// The contract with the owner's thread (the daemon's io thread): an operation may carry a
// completion, which runs on the owner's thread (WriterOptions::post) once the transaction holding
// the operation has committed (fsynced when durable) or failed. Whatever tells a person "done"
// answers from there, so an acknowledgement always means committed. Ids the owner needs before the
// commit (a session's, a set's, a calibration's) are reserved up front.
//
// A write failure (disk full, read-only file, I/O error) rolls back the open transaction, is
// logged once, and turns storage off: later work is counted and dropped, completions are told at
// once, what was committed stays intact, and live feedback is unaffected. The writer tries again
// with back-off (retryFirst doubling to retryMax) and resumes by itself when a write succeeds. A
// database that cannot be opened for lack of space or an I/O error starts the writer off in the
// same way; a damaged or newer one is refused. status() says which.
// Thread: every public function from any thread; the Store lives on the writer thread.
class Writer {
public:
    // Opens the store on the writer thread; throws DbError before returning when the database is
    // damaged, newer than this program, or not a database.
    Writer(std::string path, WriterOptions options = {});
    ~Writer(); // commits what is queued, then stops

    // Runs `op` on the writer thread inside the current transaction.
    void submit(std::function<void(Store&)> op, bool durable = false);
    // The same, with a completion on the owner's thread: "" once the transaction holding `op`
    // committed, else why it did not.
    void submit(std::function<void(Store&)> op, bool durable,
                std::function<void(const std::string& error)> done);
    // An operation with a result (a new id), handed to a completion on the owner's thread after
    // the commit.
    template <typename R>
    void call(std::function<R(Store&)> op, bool durable, std::function<void(Outcome<R>)> done)
    {
        auto result = std::make_shared<std::optional<R>>();
        enqueue([result, op = std::move(op)](Store& store) { *result = op(store); },
                [this, result, done = std::move(done)](const std::string& error) mutable {
                    Outcome<R> outcome;
                    if (error.empty()) {
                        outcome.value = std::move(*result);
                    } else {
                        outcome.error = error;
                    }
                    deliver([done = std::move(done), outcome = std::move(outcome)]() mutable {
                        done(std::move(outcome));
                    });
                },
                durable);
    }
    // The same for a thread that may wait (start-up, tools, tests; never a thread that runs
    // completions): the future is ready after the commit, or holds why there was none.
    template <typename R>
    std::future<R> call(std::function<R(Store&)> op, bool durable = false)
    {
        base::mayBlock("a Writer::call whose future is awaited");
        auto promise = std::make_shared<std::promise<R>>();
        auto result = std::make_shared<std::optional<R>>();
        enqueue([result, op = std::move(op)](Store& store) { *result = op(store); },
                [promise, result](const std::string& error) {
                    if (error.empty()) {
                        promise->set_value(std::move(**result));
                    } else {
                        promise->set_exception(std::make_exception_ptr(DbError(error, 0)));
                    }
                },
                durable);
        return promise->get_future();
    }
    // Appends samples of a set's channel (any batch size); `calibrationId` applies to them.
    void samples(std::int64_t setId, int channel, std::optional<std::int64_t> calibrationId,
                 std::span<const core::RawSample> batch);
    // Writes the set's remaining samples and its result, and commits durably.
    void endSet(std::int64_t setId, SetResult result,
                std::function<void(const std::string& error)> done = {});
    // Blocks until everything submitted so far is committed (or dropped). Never from a thread
    // that runs completions while they are due to it (use completions instead).
    void flush();
    // Runs the completions that are ready on the calling thread (when no `post` is set).
    std::size_t runCompletions();

    // Ids for rows the owner inserts through a later operation; never handed out twice.
    std::int64_t reserveSessionId() { return ++lastSessionId_; }
    std::int64_t reserveSetId() { return ++lastSetId_; }
    std::int64_t reserveCalibrationId() { return ++lastCalibrationId_; }

    WriterStatus status() const;
    const OpenReport& openReport() const { return openReport_; }

private:
    struct Operation {
        std::function<void(Store&)> run;
        // On the writer thread once the transaction has ended: "" when committed, else why not.
        std::function<void(const std::string&)> settled;
        bool durable = false;
        std::uint64_t samples = 0;
    };
    struct OpenChunk {
        std::int64_t seq = 0;
        std::optional<std::int64_t> calibrationId;
        std::vector<core::RawSample> samples;
        bool dirty = false;
    };

    void enqueue(std::function<void(Store&)> run, std::function<void(const std::string&)> settled,
                 bool durable, std::uint64_t samples = 0);
    // Hands a completion to the owner's thread.
    void deliver(std::function<void()> completion);
    void loop(std::promise<void>& opened);
    // Opens the store (writer thread); false when space or I/O prevents it (storage stays off),
    // throws for anything else.
    bool openStore();
    // Storage failed: roll back, say so once, schedule the next attempt.
    void fail(const std::string& error);
    // Writes the dirty open chunks (of one set, or all); `close` ends them (the next samples
    // start a new chunk), `forget` drops their state (the set has ended).
    void writeChunks(Store& store, std::optional<std::int64_t> onlySet, bool close, bool forget);

    std::string path_;
    WriterOptions options_;
    OpenReport openReport_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<Operation> queue_;
    bool stopping_ = false;
    std::uint64_t submitted_ = 0;
    std::uint64_t finished_ = 0;
    std::uint64_t flushRequests_ = 0;
    WriterStatus status_;
    std::vector<std::function<void()>> completions_; // ready, when no `post` is set
    std::atomic<std::int64_t> lastSessionId_{0};
    std::atomic<std::int64_t> lastSetId_{0};
    std::atomic<std::int64_t> lastCalibrationId_{0};

    // Writer thread only.
    std::optional<Store> store_;
    std::map<std::pair<std::int64_t, int>, OpenChunk> chunks_;
    std::uint64_t uncommittedSamples_ = 0;
    std::chrono::steady_clock::time_point nextAttempt_{};
    std::chrono::milliseconds retryDelay_{0};

    std::thread thread_;
};

} // namespace bandstation::db
