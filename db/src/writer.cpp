#include "bandstation/db/writer.h"

#include <pthread.h>

namespace bandstation::db {

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
}

void Writer::enqueue(std::function<void(Store&)> run,
                     std::function<void(std::exception_ptr)> failed, bool durable,
                     std::uint64_t samples)
{
    {
        std::lock_guard lock(mutex_);
        queue_.push_back({std::move(run), std::move(failed), durable, samples});
        ++submitted_;
    }
    wake_.notify_one();
}

void Writer::submit(std::function<void(Store&)> op, bool durable)
{
    enqueue(std::move(op), {}, durable);
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

void Writer::endSet(std::int64_t setId, SetResult result)
{
    enqueue(
        [this, setId, result = std::move(result)](Store& store) {
            writeChunks(store, setId, true, true);
            store.endSet(setId, result);
        },
        {}, true);
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

void Writer::loop(std::promise<void>& opened)
{
    pthread_setname_np(pthread_self(), "bs-writer"); // as top and the journal show it
    std::optional<Store> store;
    try {
        store.emplace(path_, options_.store);
        openReport_ = store->openReport();
        opened.set_value();
    } catch (...) {
        opened.set_exception(std::current_exception());
        return;
    }
    using Clock = std::chrono::steady_clock;
    bool inTransaction = false;
    auto transactionStart = Clock::now();
    auto lastDurable = Clock::now();
    std::uint64_t done = 0; // operations run in the open transaction
    std::uint64_t flushesSeen = 0;

    // Ends the open transaction (committing it, or after a failure rolling it back) and counts
    // its operations as finished.
    const auto close = [&](bool durable, const std::string& failure) {
        std::uint64_t committed = 0;
        std::string error = failure;
        if (inTransaction && error.empty()) {
            try {
                writeChunks(*store, std::nullopt, false, false);
                durable = durable || Clock::now() - lastDurable >= options_.durableEvery;
                store->commit(durable);
                if (durable) {
                    lastDurable = Clock::now();
                }
                committed = uncommittedSamples_;
            } catch (const std::exception& e) {
                error = e.what();
            }
        }
        if (!error.empty()) {
            store->rollback();
        }
        std::lock_guard lock(mutex_);
        if (!error.empty()) {
            status_.ok = false;
            status_.error = error;
            status_.droppedSamples += uncommittedSamples_;
        } else if (inTransaction) {
            ++status_.transactions;
            status_.samplesCommitted += committed;
        }
        uncommittedSamples_ = 0;
        inTransaction = false;
        finished_ += done;
        done = 0;
        idle_.notify_all();
    };

    for (;;) {
        Operation op;
        bool haveOp = false;
        {
            std::unique_lock lock(mutex_);
            const auto deadline = transactionStart + options_.commitEvery;
            const auto ready = [&] {
                return !queue_.empty() || stopping_ || flushRequests_ != flushesSeen;
            };
            if (inTransaction) {
                wake_.wait_until(lock, deadline, ready);
            } else {
                wake_.wait(lock, ready);
            }
            if (!queue_.empty()) {
                op = std::move(queue_.front());
                queue_.pop_front();
                haveOp = true;
            } else {
                const bool flush = flushRequests_ != flushesSeen;
                flushesSeen = flushRequests_;
                const bool stop = stopping_;
                lock.unlock();
                if (inTransaction && (flush || stop || Clock::now() >= deadline)) {
                    close(false, {});
                }
                if (stop) {
                    break;
                }
            }
        }
        if (!haveOp) {
            continue;
        }
        bool off = false;
        {
            std::lock_guard lock(mutex_);
            off = !status_.ok;
            if (off) {
                ++status_.droppedOperations;
                status_.droppedSamples += op.samples;
                ++finished_;
                idle_.notify_all();
            }
        }
        if (off) {
            if (op.failed) {
                op.failed(std::make_exception_ptr(DbError("storage is off: " + status().error, 0)));
            }
            continue;
        }
        try {
            if (!inTransaction) {
                store->begin();
                inTransaction = true;
                transactionStart = Clock::now();
            }
            op.run(*store);
            ++done;
        } catch (const std::exception& e) {
            ++done;
            if (op.failed) {
                op.failed(std::current_exception());
            }
            close(false, e.what());
            continue;
        }
        if (op.durable || Clock::now() - transactionStart >= options_.commitEvery) {
            close(op.durable, {});
        }
    }
}

} // namespace bandstation::db
