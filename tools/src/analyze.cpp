#include "analyze.h"

#include <cmath>
#include <fstream>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <bandstation/base/parse.h>
#include <bandstation/core/catalog.h>
#include <bandstation/core/trace_format.h>

namespace bandstation::tools {

namespace {

// Bad usage or bad input: one line for the user, exit status 2.
struct InputError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    std::string exercise;
    std::string format = "json";
    std::string file;
    std::optional<core::Tempo> tempo;
    std::optional<core::ForceZone> zone;
    double tolerance = 0.2;
    std::optional<core::Calibration> calibration; // for a raw capture in counts
};

// "2-1-2" or "2.08-0.93-2.08" (up-hold-down seconds).
core::Tempo parseTempo(std::string_view text)
{
    const auto parts = base::split(text, '-');
    std::vector<double> v;
    for (const auto p : parts) {
        const auto d = base::parseDouble(p);
        if (!d || !std::isfinite(*d) || *d < 0) {
            break;
        }
        v.push_back(*d);
    }
    if (v.size() != 3 || parts.size() != 3) {
        throw InputError("--tempo wants UP-HOLD-DOWN seconds, like 2-1-2 (got '" +
                         std::string(text) + "')");
    }
    return {v[0], v[1], v[2], 0};
}

} // namespace

std::optional<core::Calibration> parseCalibration(std::string_view text)
{
    const auto parts = base::split(text, ',');
    const auto offset = parts.size() == 2 ? base::parseDouble(parts[0]) : std::nullopt;
    const auto scale = parts.size() == 2 ? base::parseDouble(parts[1]) : std::nullopt;
    if (!offset || !scale) {
        return std::nullopt;
    }
    const core::Calibration c{*offset, *scale};
    return c.valid() ? std::optional(c) : std::nullopt;
}

namespace {

core::ForceZone parseZone(std::string_view text)
{
    const auto parts = base::split(text, '-');
    const auto lo = parts.size() == 2 ? base::parseDouble(parts[0]) : std::nullopt;
    const auto hi = parts.size() == 2 ? base::parseDouble(parts[1]) : std::nullopt;
    if (!lo || !hi || !std::isfinite(*lo) || !std::isfinite(*hi) || *lo > *hi) {
        throw InputError("--zone wants LOW-HIGH newtons, like 60-90 (got '" + std::string(text) +
                         "')");
    }
    return {*lo, *hi};
}

Options parseOptions(std::span<const std::string_view> args)
{
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        const auto next = [&]() -> std::string_view {
            if (i + 1 >= args.size()) {
                throw InputError(std::string(a) + " needs a value");
            }
            return args[++i];
        };
        if (a == "--exercise") {
            o.exercise = next();
        } else if (a == "--format") {
            o.format = next();
            if (o.format != "json" && o.format != "csv") {
                throw InputError("--format is json or csv (got '" + o.format + "')");
            }
        } else if (a == "--tempo") {
            o.tempo = parseTempo(next());
        } else if (a == "--zone") {
            o.zone = parseZone(next());
        } else if (a == "--tolerance") {
            const auto t = base::parseDouble(next());
            if (!t || !(*t >= 0 && *t < 1)) {
                throw InputError("--tolerance is a fraction between 0 and 1, like 0.2");
            }
            o.tolerance = *t;
        } else if (a == "--calibration") {
            o.calibration = parseCalibration(next());
            if (!o.calibration) {
                throw InputError("--calibration wants OFFSET,COUNTS_PER_NEWTON, like "
                                 "150000,8000");
            }
        } else if (a.starts_with("--")) {
            throw InputError("unknown option " + std::string(a));
        } else if (o.file.empty()) {
            o.file = a;
        } else {
            throw InputError("one trace file at a time (got '" + o.file + "' and '" +
                             std::string(a) + "')");
        }
    }
    if (o.file.empty()) {
        throw InputError("usage: bandstation analyze --exercise ID [--format json|csv] "
                         "[--tempo U-H-D] [--zone LOW-HIGH] [--tolerance F] "
                         "[--calibration OFFSET,COUNTS_PER_N] FILE.csv");
    }
    return o;
}

std::string knownExercises()
{
    std::string ids;
    for (const auto& e : core::catalog()) {
        ids += (ids.empty() ? "" : ", ") + std::string(e.id);
    }
    return ids;
}

struct Trace {
    core::TraceMeta meta;
    std::vector<core::ForceSample> samples;
};

Trace readTrace(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(path + ": cannot open the file");
    }
    core::TraceParser parser;
    Trace trace;
    std::string line;
    while (std::getline(in, line)) {
        auto result = parser.feed(line);
        if (!result.error.empty()) {
            throw InputError(path + ":" + std::to_string(parser.lineNumber()) + ": " +
                             result.error);
        }
        if (result.sample) {
            trace.samples.push_back(*result.sample);
        }
    }
    if (in.bad()) {
        throw InputError(path + ": read error");
    }
    trace.meta = parser.meta();
    return trace;
}

} // namespace

int runAnalyze(std::span<const std::string_view> args, std::ostream& out, std::ostream& err)
{
    try {
        const auto opts = parseOptions(args);
        if (!opts.exercise.empty() && !core::findExercise(opts.exercise)) {
            throw InputError("unknown exercise '" + opts.exercise +
                             "'; one of: " + knownExercises());
        }
        auto trace = readTrace(opts.file);
        if (trace.meta.rawCounts) {
            if (!opts.calibration) {
                throw InputError(opts.file + " is a raw capture in ADC counts: give the "
                                             "station's --calibration OFFSET,COUNTS_PER_NEWTON");
            }
            for (auto& s : trace.samples) {
                s.forceN =
                    (s.forceN - opts.calibration->offsetCounts) / opts.calibration->countsPerNewton;
            }
        } else if (opts.calibration) {
            throw InputError(opts.file + " is already in newtons: --calibration is for raw "
                                         "captures (t_s,counts)");
        }
        const std::string id = opts.exercise.empty() ? trace.meta.exercise : opts.exercise;
        if (id.empty()) {
            throw InputError("no --exercise given and the trace names none; one of: " +
                             knownExercises());
        }
        const auto* exercise = core::findExercise(id);
        if (!exercise) {
            throw InputError("unknown exercise '" + id + "'; one of: " + knownExercises());
        }
        auto targets = core::defaultTargets(*exercise);
        if (opts.tempo) {
            targets.tempo = opts.tempo;
        }
        targets.zone = opts.zone;
        targets.tempoTolerance = opts.tolerance;
        const auto analysis = core::analyzeSamples(trace.samples, *exercise, targets,
                                                   trace.meta.sampleRateHz.value_or(0.0));
        out << (opts.format == "csv" ? analysisCsv(analysis) : analysisJson(analysis));
        out.flush();
        return 0;
    } catch (const InputError& e) {
        err << "bandstation analyze: " << e.what() << "\n";
        return 2;
    }
}

} // namespace bandstation::tools
