#include "bandstation/db/writer.h"

#include <pthread.h>

#include <bandstation/base/io_thread.h>
#include <bandstation/base/log.h>

namespace bandstation::db {

namespace {

constexpr std::string_view kLog = "storage";
using Clock = std::chrono::steady_clock;

// Space, permissions or the device: conditions that can mend while the daemon runs. Anything else
// at open (a damaged file, a newer schema, not a database) is refused.
bool mendable(const DbError& e)
{
    switch (e.code() & 0xff) {
    case 3:  // SQLITE_PERM
    case 5:  // SQLITE_BUSY
    case 8:  // SQLITE_READONLY
    case 10: // SQLITE_IOERR
    case 13: // SQLITE_FULL
    case 14: // SQLITE_CANTOPEN
        return true;
    default:
        return false;
    }
}

} // namespace

Writer::Writer(std::string path, WriterOptions options)
    : path_(std::move(path)), options_(std::move(options))
{
    std::promise<void> opened;
    auto ready = opened.get_future();
    thread_ = std::thread([this, &opened] { loop(opened); });
    try {
        ready.get();
    } catch (...) {
        thread_.join();
        throw;
    }
}

Writer::~Writer()
{
    flush();
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    // Completions not run by now are dropped: what they would tell is going away with the writer.
}

void Writer::enqueue(std::function<void(Store&)> run,
                     std::function<void(const std::string&)> settled, bool durable,
                     std::uint64_t samples)
{
    {
        std::lock_guard lock(mutex_);
        queue_.push_back({std::move(run), std::move(settled), durable, samples});
        ++submitted_;
    }
    wake_.notify_one();
}

void Writer::deliver(std::function<void()> completion)
{
    if (options_.post) {
        options_.post(std::move(completion));
        return;
    }
    std::lock_guard lock(mutex_);
    completions_.push_back(std::move(completion));
}

std::size_t Writer::runCompletions()
{
    std::vector<std::function<void()>> ready;
    {
        std::lock_guard lock(mutex_);
        ready.swap(completions_);
    }
    for (auto& c : ready) {
        c();
    }
    return ready.size();
}

void Writer::submit(std::function<void(Store&)> op, bool durable)
{
    enqueue(std::move(op), {}, durable);
}

void Writer::submit(std::function<void(Store&)> op, bool durable,
                    std::function<void(const std::string&)> done)
{
    enqueue(
        std::move(op),
        [this, done = std::move(done)](const std::string& error) {
            if (done) {
                deliver([done, error] { done(error); });
            }
        },
        durable);
}

void Writer::samples(std::int64_t setId, int channel, std::optional<std::int64_t> calibrationId,
                     std::span<const core::RawSample> batch)
{
    if (batch.empty()) {
        return;
    }
    std::vector<core::RawSample> copy(batch.begin(), batch.end());
    const auto count = copy.size();
    enqueue(
        [this, setId, channel, calibrationId, copy = std::move(copy)](Store& store) {
            auto& chunk = chunks_[{setId, channel}];
            if (!chunk.samples.empty() && chunk.calibrationId != calibrationId) {
                writeChunks(store, setId, true, false); // a new calibration: a new chunk
            }
            auto& open = chunks_[{setId, channel}];
            open.calibrationId = calibrationId;
            for (const auto& s : copy) {
                open.samples.push_back(s);
                if (open.samples.size() >= options_.chunkSamples) {
                    open.dirty = true;
                    store.writeChunk(setId, channel, open.seq, open.calibrationId, open.samples);
                    ++open.seq;
                    open.samples.clear();
                }
            }
            open.dirty = !open.samples.empty();
            uncommittedSamples_ += copy.size();
        },
        {}, false, count);
}

void Writer::endSet(std::int64_t setId, SetResult result,
                    std::function<void(const std::string&)> done)
{
    submit(
        [this, setId, result = std::move(result)](Store& store) {
            writeChunks(store, setId, true, true);
            store.endSet(setId, result);
        },
        true, std::move(done));
}

void Writer::writeChunks(Store& store, std::optional<std::int64_t> onlySet, bool close, bool forget)
{
    for (auto it = chunks_.begin(); it != chunks_.end();) {
        auto& [key, chunk] = *it;
        if (onlySet && key.first != *onlySet) {
            ++it;
            continue;
        }
        if (chunk.dirty && !chunk.samples.empty()) {
            store.writeChunk(key.first, key.second, chunk.seq, chunk.calibrationId, chunk.samples);
            chunk.dirty = false;
        }
        if (close) {
            if (!chunk.samples.empty()) {
                ++chunk.seq;
                chunk.samples.clear();
            }
            if (forget) {
                it = chunks_.erase(it);
                continue;
            }
        }
        ++it;
    }
}

void Writer::flush()
{
    base::mayBlock("Writer::flush");
    std::unique_lock lock(mutex_);
    const auto target = submitted_;
    ++flushRequests_;
    wake_.notify_one();
    idle_.wait(lock, [&] { return finished_ >= target; });
}

WriterStatus Writer::status() const
{
    std::lock_guard lock(mutex_);
    return status_;
}

bool Writer::openStore()
{
    try {
        store_.emplace(path_, options_.store);
    } catch (const DbError& e) {
        if (!mendable(e)) {
            throw;
        }
        fail(e.what());
        return false;
    }
    openReport_ = store_->openReport();
    // Ids go on from the largest in the file (and never back: one reserved before a failed
    // write stays used).
    const auto raise = [](std::atomic<std::int64_t>& last, std::int64_t largest) {
        auto seen = last.load();
        while (seen < largest && !last.compare_exchange_weak(seen, largest)) {
        }
    };
    raise(lastSessionId_, store_->largestId("sessions"));
    raise(lastSetId_, store_->largestId("sets"));
    raise(lastCalibrationId_, store_->largestId("calibrations"));
    store_->onChosenId([this, raise](std::string_view table, std::int64_t id) {
        raise(table == "sessions" ? lastSessionId_
              : table == "sets"   ? lastSetId_
                                  : lastCalibrationId_,
              id);
    });
    std::lock_guard lock(mutex_);
    status_.open = true;
    return true;
}

void Writer::fail(const std::string& error)
{
    if (store_) {
        store_->rollback();
    }
    retryDelay_ = retryDelay_.count() == 0 ? options_.retryFirst
                                           : std::min(options_.retryMax, retryDelay_ * 2);
    nextAttempt_ = Clock::now() + retryDelay_;
    bool first = false;
    {
        std::lock_guard lock(mutex_);
        first = status_.ok;
        status_.ok = false;
        status_.open = store_.has_value();
        status_.error = error;
        status_.droppedSamples += uncommittedSamples_;
        if (first) {
            ++status_.failures;
        }
    }
    uncommittedSamples_ = 0;
    if (first) {
        base::logError(kLog, "writing stopped: " + error +
                                 "; live feedback goes on, and storage is tried again every " +
                                 std::to_string(options_.retryFirst.count()) + " to " +
                                 std::to_string(options_.retryMax.count()) + " ms");
    }
}

void Writer::loop(std::promise<void>& opened)
{
    pthread_setname_np(pthread_self(), "bs-writer"); // as top and the journal show it
    try {
        openStore();
        opened.set_value();
    } catch (...) {
        opened.set_exception(std::current_exception());
        return;
    }
    bool inTransaction = false;
    auto transactionStart = Clock::now();
    auto lastDurable = Clock::now();
    std::vector<std::function<void(const std::string&)>> settled; // of the open transaction
    std::uint64_t done = 0; // operations run in the open transaction
    std::uint64_t flushesSeen = 0;

    // Counts finished operations and wakes flush().
    const auto finish = [&](std::uint64_t n) {
        std::lock_guard lock(mutex_);
        finished_ += n;
        idle_.notify_all();
    };
    // Ends the open transaction: commits it, or after a failure rolls it back; tells each of its
    // operations' completions which.
    const auto close = [&](bool durable, std::string error) {
        std::uint64_t committed = 0;
        if (inTransaction && error.empty()) {
            try {
                writeChunks(*store_, std::nullopt, false, false);
                durable = durable || Clock::now() - lastDurable >= options_.durableEvery;
                store_->commit(durable);
                if (durable) {
                    lastDurable = Clock::now();
                }
                committed = uncommittedSamples_;
            } catch (const std::exception& e) {
                error = e.what();
            }
        }
        if (!error.empty()) {
            fail(error);
        } else if (inTransaction) {
            std::lock_guard lock(mutex_);
            ++status_.transactions;
            status_.samplesCommitted += committed;
            uncommittedSamples_ = 0;
            retryDelay_ = std::chrono::milliseconds(0);
        }
        inTransaction = false;
        auto waiting = std::move(settled);
        settled.clear();
        for (auto& s : waiting) {
            s(error);
        }
        finish(done);
        done = 0;
    };
    // While storage is off: is it back? Opens the store, or commits a write that needs space.
    const auto probe = [&]() -> bool {
        if (Clock::now() < nextAttempt_) {
            return false;
        }
        if (!store_ && !openStore()) {
            return false;
        }
        try {
            store_->begin();
            store_->database().exec("UPDATE store_state SET value = value WHERE key = 'revision'");
            store_->commit(true);
        } catch (const std::exception& e) {
            fail(e.what());
            return false;
        }
        // The back-off is reset by the next real commit, not here: a write that needs no new space
        // can pass while the disk is still full.
        WriterStatus now;
        {
            std::lock_guard lock(mutex_);
            status_.ok = true;
            status_.open = true;
            ++status_.resumes;
            now = status_;
        }
        base::logInfo(kLog, "writing resumed; " + std::to_string(now.droppedSamples) +
                                " samples and " + std::to_string(now.droppedOperations) +
                                " other writes were lost while it was off");
        return true;
    };

    for (;;) {
        Operation op;
        bool off = false;
        {
            std::unique_lock lock(mutex_);
            const auto ready = [&] {
                return !queue_.empty() || stopping_ || flushRequests_ != flushesSeen;
            };
            if (inTransaction) {
                wake_.wait_until(lock, transactionStart + options_.commitEvery, ready);
            } else if (!status_.ok) {
                wake_.wait_until(lock, nextAttempt_, ready);
            } else {
                wake_.wait(lock, ready);
            }
            off = !status_.ok;
            if (!queue_.empty()) {
                op = std::move(queue_.front());
                queue_.pop_front();
            } else {
                const bool flush = flushRequests_ != flushesSeen;
                flushesSeen = flushRequests_;
                const bool stop = stopping_;
                lock.unlock();
                if (inTransaction &&
                    (flush || stop || Clock::now() >= transactionStart + options_.commitEvery)) {
                    close(false, {});
                }
                if (stop) {
                    break;
                }
                if (off) {
                    probe();
                }
                continue;
            }
        }
        if (off && !probe()) {
            {
                std::lock_guard lock(mutex_);
                ++status_.droppedOperations;
                status_.droppedSamples += op.samples;
            }
            if (op.settled) {
                op.settled("storage is off: " + status().error);
            }
            finish(1);
            continue;
        }
        try {
            if (!inTransaction) {
                store_->begin();
                inTransaction = true;
                transactionStart = Clock::now();
            }
            if (op.settled) {
                settled.push_back(std::move(op.settled));
            }
            ++done;
            op.run(*store_);
        } catch (const std::exception& e) {
            close(false, e.what());
            continue;
        }
        // Someone waits for an acknowledgement and nothing else is queued: commit now rather than
        // at the batch timer. Samples (nobody waits on them) still share a transaction.
        bool waited = false;
        if (!settled.empty()) {
            std::lock_guard lock(mutex_);
            waited = queue_.empty();
        }
        if (op.durable || waited || Clock::now() - transactionStart >= options_.commitEvery) {
            close(op.durable, {});
        }
    }
}

} // namespace bandstation::db
