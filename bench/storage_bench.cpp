// Storage: ingest rate through the writer thread into a real SQLite file, bytes per stored sample
// (the codec alone and the whole database file), and export rate.
//
// Inputs, realistic traces as raw codes:
//   80/s    banded_bridge_80hz     (shared example trace)
//   1000/s  clamshell_1000hz_pause (shared example trace)
//   2000/s  the simulated athlete of hw/ at 2000 samples/s, 60 s of clamshells
// The shared traces are in newtons with 1 mN resolution; they are turned into codes at two
// calibrations: 1000 counts/N (exactly the traces' resolution) and 8700 counts/N (an HX711 at
// gain 128 on a 50 kg, 2 mV/V cell at 3.3 V: the codes carry the trace's noise at full scale).
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <bandstation/core/trace_format.h>
#include <bandstation/db/export.h>
#include <bandstation/db/sample_codec.h>
#include <bandstation/db/writer.h>
#include <bandstation/hw/fake/fake_clock.h>
#include <bandstation/hw/simulated_athlete.h>

namespace {

using namespace bandstation;

std::vector<core::RawSample> traceCodes(const std::string& name, double countsPerN)
{
    const auto path = std::string(BANDSTATION_TRACES_DIR) + "/" + name + ".csv";
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    core::TraceParser parser;
    std::vector<core::RawSample> out;
    for (std::string line; std::getline(in, line);) {
        if (const auto s = parser.feed(line).sample) {
            const auto counts = std::llround(150'000 + s->forceN * countsPerN);
            out.push_back({s->tNs,
                           static_cast<std::int32_t>(
                               std::clamp<long long>(counts, -(1 << 23), (1 << 23) - 1)),
                           0, 0});
        }
    }
    return out;
}

std::vector<core::RawSample> simulated2000()
{
    hw::fake::FakeClock clock;
    hw::SimulatedConfig config;
    config.rateHz = 2000;
    config.realTime = false;
    hw::AthletePlan plan;
    plan.exercise = "clamshell";
    hw::SimulatedSampler sampler(clock, config, hw::AthleteConfig{}, plan);
    std::vector<core::RawSample> out;
    while (out.size() < 120'000) {
        sampler.poll(out);
    }
    return out;
}

const std::vector<core::RawSample>& input(int which)
{
    static std::map<int, std::vector<core::RawSample>> cache;
    auto it = cache.find(which);
    if (it == cache.end()) {
        switch (which) {
        case 0:
            it = cache.emplace(which, traceCodes("banded_bridge_80hz", 1000)).first;
            break;
        case 1:
            it = cache.emplace(which, traceCodes("banded_bridge_80hz", 8700)).first;
            break;
        case 2:
            it = cache.emplace(which, traceCodes("clamshell_1000hz_pause", 1000)).first;
            break;
        case 3:
            it = cache.emplace(which, traceCodes("clamshell_1000hz_pause", 8700)).first;
            break;
        default:
            it = cache.emplace(which, simulated2000()).first;
            break;
        }
    }
    return it->second;
}

const char* kInputNames[] = {"80/s trace @1000 c/N", "80/s trace @8700 c/N",
                             "1000/s trace @1000 c/N", "1000/s trace @8700 c/N",
                             "2000/s simulated @8000 c/N"};

std::string tempDb(const std::string& name)
{
    const auto dir = std::filesystem::temp_directory_path() / "bandstation-bench";
    std::filesystem::create_directories(dir);
    const auto path = (dir / name).string();
    for (const auto& suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path + suffix);
    }
    return path;
}

// Bytes per sample: the codec alone, in 4096-sample chunks as the writer stores them.
void BM_CodecSize(benchmark::State& state)
{
    const auto& samples = input(static_cast<int>(state.range(0)));
    std::size_t bytes = 0;
    for (auto _ : state) {
        bytes = 0;
        for (std::size_t i = 0; i < samples.size(); i += 4096) {
            const auto n = std::min<std::size_t>(4096, samples.size() - i);
            bytes += db::encodeSamples(std::span(samples).subspan(i, n)).size();
        }
        benchmark::DoNotOptimize(bytes);
    }
    state.SetLabel(kInputNames[state.range(0)]);
    state.counters["bytes_per_sample"] =
        static_cast<double>(bytes) / static_cast<double>(samples.size());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples.size()));
}
BENCHMARK(BM_CodecSize)->DenseRange(0, 4)->Unit(benchmark::kMillisecond);

// Ingest through the writer thread, in 20-sample batches as the daemon hands them over, into a
// real file; the database file's size after a checkpoint gives the bytes per stored sample.
void BM_WriterIngest(benchmark::State& state)
{
    const auto& base = input(static_cast<int>(state.range(0)));
    // Repeated to a long stream (at least 500,000 samples: the file grows in 4 KiB pages),
    // timestamps continuing.
    std::vector<core::RawSample> samples;
    const auto span = base.back().tNs - base.front().tNs + 1'000'000;
    const auto repeats = std::max<std::size_t>(10, 500'000 / base.size() + 1);
    for (std::size_t r = 0; r < repeats; ++r) {
        for (auto s : base) {
            s.tNs += static_cast<std::int64_t>(r) * span;
            samples.push_back(s);
        }
    }
    double fileBytes = 0;
    for (auto _ : state) {
        state.PauseTiming();
        const auto path = tempDb("ingest.db");
        {
            db::Writer writer(path);
            const auto set = writer
                                 .call<std::int64_t>([](db::Store& st) {
                                     const auto session = st.beginSession(std::nullopt, "bench");
                                     db::SetStart start;
                                     start.sessionId = session;
                                     start.exerciseId = "clamshell";
                                     start.startedAt = "bench";
                                     return st.beginSet(start);
                                 })
                                 .get();
            state.ResumeTiming();
            for (std::size_t i = 0; i < samples.size(); i += 20) {
                const auto n = std::min<std::size_t>(20, samples.size() - i);
                writer.samples(set, 0, std::nullopt, std::span(samples).subspan(i, n));
            }
            writer.endSet(set, db::SetResult{});
            writer.flush();
            state.PauseTiming();
            if (writer.status().samplesCommitted != samples.size()) {
                state.SkipWithError("not every sample was committed");
            }
        }
        {
            db::Database db(path);
            db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            const auto empty = tempDb("empty.db");
            {
                db::Store emptyStore(empty);
                emptyStore.database().exec("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            fileBytes = static_cast<double>(std::filesystem::file_size(path)) -
                        static_cast<double>(std::filesystem::file_size(empty));
        }
        state.ResumeTiming();
    }
    state.SetLabel(kInputNames[state.range(0)]);
    state.counters["file_bytes_per_sample"] = fileBytes / static_cast<double>(samples.size());
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples.size()));
}
BENCHMARK(BM_WriterIngest)->DenseRange(0, 4)->Unit(benchmark::kMillisecond)->UseRealTime();

// Export of a stored set's samples as CSV (newtons), streaming chunk by chunk.
void BM_ExportSamplesCsv(benchmark::State& state)
{
    const auto& samples = input(3);
    const auto path = tempDb("export.db");
    std::int64_t set = 0;
    {
        db::Store store(path);
        store.begin();
        const auto cal = store.addCalibration({0, 0, "bench", {150'000, 8700}, {}, "bench"});
        const auto session = store.beginSession(std::nullopt, "bench");
        db::SetStart start;
        start.sessionId = session;
        start.exerciseId = "clamshell";
        start.startedAt = "bench";
        set = store.beginSet(start);
        for (std::size_t i = 0; i < samples.size(); i += 4096) {
            const auto n = std::min<std::size_t>(4096, samples.size() - i);
            store.writeChunk(set, 0, static_cast<std::int64_t>(i / 4096), cal,
                             std::span(samples).subspan(i, n));
        }
        store.commit();
    }
    db::Store store(path, {"bench", db::Database::Mode::ReadOnly, {}});
    std::size_t bytes = 0;
    for (auto _ : state) {
        std::ostringstream out;
        db::exportSamplesCsv(store, set, 0, out);
        bytes = out.str().size();
        benchmark::DoNotOptimize(bytes);
    }
    state.counters["csv_bytes"] = static_cast<double>(bytes);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(samples.size()));
}
BENCHMARK(BM_ExportSamplesCsv)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
