// Throughput of the signal chain, in samples per second on one core.
//
// The input is a long realistic trace: the example recording clamshell_1000hz_pause (1000
// samples/s, noise, mains, glitches, a gap) repeated end to end to 50 × 57 s ≈ 2.8 million samples,
// and banded_bridge_80hz_setup (80 samples/s, the band put on and taken off) repeated 50 times.
// Stages are measured alone, and the whole judge of a set (spike filter → low-pass → handling and
// cycle detection → measures → verdicts) as `bandstation analyze` and the daemon run it, sample
// by sample.
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <bandstation/core/analyzer.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/set_analysis.h>
#include <bandstation/core/trace_analysis.h>
#include <bandstation/core/trace_format.h>

namespace {

using namespace bandstation::core;

const std::string kTrace = std::string(BANDSTATION_TRACES_DIR) + "/clamshell_1000hz_pause.csv";
const std::string kSetupTrace =
    std::string(BANDSTATION_TRACES_DIR) + "/banded_bridge_80hz_setup.csv";
constexpr int kRepeats = 50;

void countItems(benchmark::State& state, std::size_t perIteration)
{
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(perIteration));
}

std::vector<std::string> readLines(const std::string& path = kTrace)
{
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

// The recording repeated end to end kRepeats times (each copy 1 ms after the last), read once.
const std::vector<ForceSample>& longTrace(const std::string& path)
{
    static std::map<std::string, std::vector<ForceSample>> cache;
    auto& all = cache[path];
    if (!all.empty()) {
        return all;
    }
    TraceParser parser;
    std::vector<ForceSample> one;
    for (const auto& line : readLines(path)) {
        if (auto r = parser.feed(line); r.sample) {
            one.push_back(*r.sample);
        }
    }
    all.reserve(one.size() * kRepeats);
    const std::int64_t span = one.back().tNs - one.front().tNs + 1'000'000;
    for (int k = 0; k < kRepeats; ++k) {
        for (auto s : one) {
            s.tNs += k * span;
            all.push_back(s);
        }
    }
    return all;
}

// The judge of a set over a long recording, sample by sample, as the station and `bandstation
// analyze` run it: spike filter, low-pass, handling and cycle detection, measures, verdicts.
void runJudge(benchmark::State& state, const std::vector<ForceSample>& samples,
              std::string_view exerciseId, std::size_t expected)
{
    const auto& exercise = *findExercise(exerciseId);
    const auto targets = defaultTargets(exercise);
    std::size_t movements = 0;
    for (auto _ : state) {
        SetAnalysis set(exercise, targets, estimateSampleRate(samples));
        for (const auto& s : samples) {
            set.process(s);
        }
        set.finish();
        movements = set.movements().size();
        benchmark::DoNotOptimize(movements);
    }
    if (movements != expected) {
        state.SkipWithError(("found " + std::to_string(movements) + " movements, expected " +
                             std::to_string(expected))
                                .c_str());
    }
    countItems(state, samples.size());
    state.counters["movements"] = static_cast<double>(movements);
}

void BM_Pipeline(benchmark::State& state)
{
    // The repeated recording holds 10 reps per copy.
    runJudge(state, longTrace(kTrace), "clamshell", 10u * kRepeats);
}
BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond);

void BM_PipelineWithHandling(benchmark::State& state)
{
    // The band put on and taken off around every 11 reps, at 80 samples/s.
    runJudge(state, longTrace(kSetupTrace), "banded_bridge", 11u * kRepeats);
}
BENCHMARK(BM_PipelineWithHandling)->Unit(benchmark::kMillisecond);

void BM_SpikeFilter(benchmark::State& state)
{
    const auto& samples = longTrace(kTrace);
    SpikeFilter f;
    for (auto _ : state) {
        f.configure({});
        for (const auto& s : samples) {
            benchmark::DoNotOptimize(f.process(s));
        }
    }
    countItems(state, samples.size());
}
BENCHMARK(BM_SpikeFilter)->Unit(benchmark::kMillisecond);

void BM_LowPass(benchmark::State& state)
{
    const auto& samples = longTrace(kTrace);
    LowPass f;
    for (auto _ : state) {
        f.configure({1000.0, 6.0, 0.5});
        for (const auto& s : samples) {
            benchmark::DoNotOptimize(f.process(s));
        }
    }
    countItems(state, samples.size());
}
BENCHMARK(BM_LowPass)->Unit(benchmark::kMillisecond);

void BM_ParseTrace(benchmark::State& state)
{
    const auto lines = readLines();
    std::size_t n = 0;
    for (auto _ : state) {
        TraceParser parser;
        n = 0;
        for (const auto& line : lines) {
            n += parser.feed(line).sample ? 1U : 0U;
        }
        benchmark::DoNotOptimize(n);
    }
    countItems(state, n);
}
BENCHMARK(BM_ParseTrace)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
