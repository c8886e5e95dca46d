// The process the crash test kills: records a set through the Writer as the daemon would, and
// prints what is committed ("set ID" once, then "committed N" whenever N grows), so the parent
// knows what must survive a SIGKILL at any moment.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <bandstation/db/writer.h>

namespace {

// Sample i of the recording, so the parent can check every value that survived.
bandstation::core::RawSample sampleAt(std::int64_t i)
{
    bandstation::core::RawSample s;
    s.tNs = 1'000'000'000 + i * 500'000; // 2000 samples/s
    s.counts = static_cast<std::int32_t>(200'000 + (i * 7919) % 40'000 - 20'000);
    s.flags = i % 997 == 0 ? 1 : 0;
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: db_crash_child DATABASE\n");
        return 2;
    }
    using namespace bandstation;
    db::Writer writer(argv[1]);
    const auto session = writer
                             .call<std::int64_t>([](db::Store& s) {
                                 return s.beginSession(std::nullopt, db::utcNow());
                             })
                             .get();
    db::SetStart start;
    start.sessionId = session;
    start.exerciseId = "clamshell";
    start.startedAt = db::utcNow();
    start.sampleRateHz = 2000;
    const auto set =
        writer.call<std::int64_t>([start](db::Store& s) { return s.beginSet(start); }).get();
    std::printf("set %lld\n", static_cast<long long>(set));
    std::fflush(stdout);

    std::int64_t next = 0;
    std::uint64_t reported = 0;
    auto due = std::chrono::steady_clock::now();
    for (;;) {
        std::vector<core::RawSample> batch;
        for (int k = 0; k < 20; ++k) {
            batch.push_back(sampleAt(next++));
        }
        writer.samples(set, 0, std::nullopt, batch); // 10 ms of samples at 2000/s
        const auto committed = writer.status().samplesCommitted;
        if (committed != reported) {
            reported = committed;
            std::printf("committed %llu\n", static_cast<unsigned long long>(committed));
            std::fflush(stdout);
        }
        due += std::chrono::milliseconds(10);
        std::this_thread::sleep_until(due);
    }
}
