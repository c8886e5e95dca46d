// Throughput of the signal chain, in samples per second on one core.
//
// The input is a long realistic trace: the example recording clamshell_1000hz_pause (1000
// samples/s, noise, mains, glitches, a gap) repeated end to end to 50 × 57 s ≈ 2.8 million samples.
// Each stage is measured alone and the whole pipeline (spike filter → low-pass → detector →
// measures) as `bandstation analyze` and the daemon run it, sample by sample.
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include <bandstation/core/analyzer.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/trace_format.h>

namespace {

using namespace bandstation::core;

const std::string kTrace = std::string(BANDSTATION_TRACES_DIR) + "/clamshell_1000hz_pause.csv";
constexpr int kRepeats = 50;

void countItems(benchmark::State& state, std::size_t perIteration)
{
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(perIteration));
}

std::vector<std::string> readLines()
{
    std::ifstream in(kTrace);
    if (!in) {
        throw std::runtime_error("cannot open " + kTrace);
    }
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

const std::vector<ForceSample>& longTrace()
{
    static const std::vector<ForceSample> samples = [] {
        TraceParser parser;
        std::vector<ForceSample> one;
        for (const auto& line : readLines()) {
            if (auto r = parser.feed(line); r.sample) {
                one.push_back(*r.sample);
            }
        }
        std::vector<ForceSample> all;
        all.reserve(one.size() * kRepeats);
        const std::int64_t span = one.back().tNs - one.front().tNs + 1'000'000;
        for (int k = 0; k < kRepeats; ++k) {
            for (auto s : one) {
                s.tNs += k * span;
                all.push_back(s);
            }
        }
        return all;
    }();
    return samples;
}

void BM_Pipeline(benchmark::State& state)
{
    const auto& samples = longTrace();
    const auto config = analyzerConfigFor(MovementKind::Rep, 1000.0);
    Analyzer analyzer;
    std::size_t reps = 0;
    for (auto _ : state) {
        analyzer.configure(config);
        for (const auto& s : samples) {
            analyzer.process(s);
        }
        analyzer.finish();
        reps = analyzer.reps().size();
        benchmark::DoNotOptimize(reps);
    }
    // Self-check: the repeated recording holds 10 reps per copy.
    if (reps != 10u * kRepeats) {
        state.SkipWithError(
            ("found " + std::to_string(reps) + " reps, expected " + std::to_string(10 * kRepeats))
                .c_str());
    }
    countItems(state, samples.size());
    state.counters["reps"] = static_cast<double>(reps);
}
BENCHMARK(BM_Pipeline)->Unit(benchmark::kMillisecond);

void BM_SpikeFilter(benchmark::State& state)
{
    const auto& samples = longTrace();
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
    const auto& samples = longTrace();
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
