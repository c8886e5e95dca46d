#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include <bandstation/core/sample.h>
#include <bandstation/db/store.h>

namespace bandstation::db {

struct WriterOptions {
    StoreOptions store{};
    std::chrono::milliseconds commitEvery{250};   // a transaction at most this often
    std::chrono::milliseconds durableEvery{1000}; // and an fsync at least this often
    std::size_t chunkSamples = 8192;              // a sample chunk is closed at this size
};

struct WriterStatus {
    bool ok = true;
    std::string error; // why the store stopped writing (disk full, read-only, I/O error)
    std::uint64_t transactions = 0;
    std::uint64_t samplesCommitted = 0;
    std::uint64_t droppedOperations = 0; // refused since the error
    std::uint64_t droppedSamples = 0;
};

// The one thread that writes the database. Everything else hands it work and never waits for
// the disk: operations run in order inside a transaction that commits at most every 250 ms (and
// at once for a durable operation such as a set's end, whose commit is fsynced); samples are
// buffered per set and channel and written as a chunk that grows in place each commit, so a crash
// loses at most the uncommitted quarter second and a power cut at most the last second.
// A write failure (disk full, read-only file, I/O error) rolls back the open transaction and puts
// the writer in an error state: later work is counted and dropped, what was committed stays
// intact, and live feedback is unaffected. status() says so.
// Thread: every public function from any thread; the Store lives on the writer thread.
class Writer {
public:
    // Opens the store on the writer thread; throws DbError (damaged or newer database) before
    // returning if it cannot be opened.
    Writer(std::string path, WriterOptions options = {});
    ~Writer(); // commits what is queued, then stops

    // Runs `op` on the writer thread inside the current transaction.
    void submit(std::function<void(Store&)> op, bool durable = false);
    // The same, for an operation whose result the caller needs (a new id).
    template <typename R>
    std::future<R> call(std::function<R(Store&)> op, bool durable = false)
    {
        auto promise = std::make_shared<std::promise<R>>();
        auto future = promise->get_future();
        enqueue([promise, op = std::move(op)](Store& store) { promise->set_value(op(store)); },
                [promise](std::exception_ptr e) { promise->set_exception(e); }, durable);
        return future;
    }
    // Appends samples of a set's channel (any batch size); `calibrationId` applies to them.
    void samples(std::int64_t setId, int channel, std::optional<std::int64_t> calibrationId,
                 std::span<const core::RawSample> batch);
    // Writes the set's remaining samples and its result, and commits durably.
    void endSet(std::int64_t setId, SetResult result);
    // Blocks until everything submitted so far is committed (or dropped after an error).
    void flush();

    WriterStatus status() const;
    const OpenReport& openReport() const { return openReport_; }

private:
    struct Operation {
        std::function<void(Store&)> run;
        std::function<void(std::exception_ptr)> failed;
        bool durable = false;
        std::uint64_t samples = 0;
    };
    struct OpenChunk {
        std::int64_t seq = 0;
        std::optional<std::int64_t> calibrationId;
        std::vector<core::RawSample> samples;
        bool dirty = false;
    };

    void enqueue(std::function<void(Store&)> run, std::function<void(std::exception_ptr)> failed,
                 bool durable, std::uint64_t samples = 0);
    void loop(std::promise<void>& opened);
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

    // Writer thread only.
    std::map<std::pair<std::int64_t, int>, OpenChunk> chunks_;
    std::uint64_t uncommittedSamples_ = 0;

    std::thread thread_;
};

} // namespace bandstation::db
