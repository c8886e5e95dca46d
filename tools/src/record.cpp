#include "record.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <csignal>
#include <fstream>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <vector>

#include <bandstation/base/parse.h>
#include <bandstation/base/text.h>
#include <bandstation/hw/errors.h>
#include <bandstation/hw/source_factory.h>

#include "analyze.h"

namespace bandstation::tools {

namespace {

struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr std::string_view kRecordUsage =
    "usage: bandstation record --sensor hx711|ads1220|simulated|replay [--seconds S]\n"
    "           [--output FILE] [--rate R] [--calibration OFFSET,COUNTS_PER_N] [--channel 0|1]\n"
    "           [--no-realtime]\n"
    "  hx711:     [--chip auto|/dev/gpiochipN] [--dout GPIO5] [--sck GPIO6] [--gain 128|64|32]\n"
    "             [--dout2 GPIO23 --sck2 GPIO24]   (a second HX711: the right cell, channel 1)\n"
    "  ads1220:   [--spi /dev/spidev0.0] [--drdy GPIO25] [--chip auto] [--gain 1..128]\n"
    "             [--channels 1|2]\n"
    "  simulated: [--exercise ID] [--seed N]\n"
    "  replay:    --trace FILE [--fast]\n";

std::atomic<bool> gStop{false};

extern "C" void onSignal(int)
{
    gStop.store(true);
}

struct Options {
    hw::SensorConfig sensor;
    double seconds = 10;
    std::string output = "-";
    std::optional<core::Calibration> calibration;
    int channel = 0;
};

double number(std::string_view option, std::string_view text)
{
    const auto v = base::parseDouble(text);
    if (!v || !std::isfinite(*v)) {
        throw UsageError(std::string(option) + " wants a number (got '" + std::string(text) + "')");
    }
    return *v;
}

Options parse(std::span<const std::string_view> args)
{
    Options o;
    bool haveSensor = false;
    std::optional<double> rate;
    std::optional<int> gain;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        const auto next = [&]() -> std::string_view {
            if (i + 1 >= args.size()) {
                throw UsageError(std::string(a) + " needs a value");
            }
            return args[++i];
        };
        if (a == "--sensor") {
            const auto kind = hw::parseSensorKind(next());
            if (!kind) {
                throw UsageError("--sensor is hx711, ads1220, simulated or replay");
            }
            o.sensor.kind = *kind;
            haveSensor = true;
        } else if (a == "--seconds") {
            o.seconds = number(a, next());
            if (!(o.seconds > 0)) {
                throw UsageError("--seconds must be positive");
            }
        } else if (a == "--output") {
            o.output = next();
        } else if (a == "--rate") {
            rate = number(a, next());
        } else if (a == "--calibration") {
            o.calibration = parseCalibration(next());
            if (!o.calibration) {
                throw UsageError("--calibration wants OFFSET,COUNTS_PER_NEWTON");
            }
        } else if (a == "--channel") {
            o.channel = static_cast<int>(number(a, next()));
        } else if (a == "--no-realtime") {
            o.sensor.reader.realtime = false;
            o.sensor.reader.lockMemory = false;
        } else if (a == "--chip") {
            o.sensor.hx711Lines.chip = std::string(next());
            o.sensor.drdyLines.chip = o.sensor.hx711Lines.chip;
        } else if (a == "--dout") {
            o.sensor.hx711Lines.input = std::string(next());
        } else if (a == "--sck") {
            o.sensor.hx711Lines.output = std::string(next());
        } else if (a == "--dout2" || a == "--sck2") {
            if (!o.sensor.hx711RightLines) {
                o.sensor.hx711RightLines = hw::GpioLinesConfig{"auto", "GPIO23", "GPIO24"};
            }
            (a == "--dout2" ? o.sensor.hx711RightLines->input : *o.sensor.hx711RightLines->output) =
                std::string(next());
        } else if (a == "--gain") {
            gain = static_cast<int>(number(a, next()));
        } else if (a == "--spi") {
            o.sensor.spi.device = std::string(next());
        } else if (a == "--drdy") {
            o.sensor.drdyLines.input = std::string(next());
        } else if (a == "--channels") {
            o.sensor.ads1220.channels = static_cast<int>(number(a, next()));
            o.sensor.simulated.channels = o.sensor.ads1220.channels;
        } else if (a == "--exercise") {
            o.sensor.plan.exercise = std::string(next());
            if (!core::findExercise(o.sensor.plan.exercise)) {
                throw UsageError("unknown exercise '" + o.sensor.plan.exercise + "'");
            }
        } else if (a == "--seed") {
            o.sensor.athlete.seed = static_cast<std::uint64_t>(number(a, next()));
        } else if (a == "--trace") {
            o.sensor.replay.path = std::string(next());
        } else if (a == "--fast") {
            o.sensor.replay.realTime = false;
        } else {
            throw UsageError("unknown option '" + std::string(a) + "'");
        }
    }
    if (!haveSensor) {
        throw UsageError("which --sensor?");
    }
    if (o.sensor.kind == hw::SensorKind::Replay && o.sensor.replay.path.empty()) {
        throw UsageError("--sensor replay needs --trace FILE");
    }
    if (o.sensor.hx711RightLines) {
        o.sensor.hx711RightLines->chip = o.sensor.hx711Lines.chip; // both on the same header
    }
    if (rate) {
        o.sensor.hx711.rateHz = *rate;
        o.sensor.ads1220.rateHz = *rate;
        o.sensor.simulated.rateHz = *rate;
    }
    if (gain) {
        o.sensor.ads1220.gain = *gain;
        if (*gain == 128) {
            o.sensor.hx711.gain = hw::Hx711Gain::A128;
        } else if (*gain == 64) {
            o.sensor.hx711.gain = hw::Hx711Gain::A64;
        } else if (*gain == 32) {
            o.sensor.hx711.gain = hw::Hx711Gain::B32;
        } else if (o.sensor.kind == hw::SensorKind::Hx711) {
            throw UsageError("the HX711 has gains 128 and 64 (channel A) and 32 (channel B)");
        }
    }
    return o;
}

// Samples handed over by the reader thread, written by the main thread (the reader never waits
// for the disk).
struct Queue {
    std::mutex mutex;
    std::condition_variable cv;
    std::vector<core::RawSample> samples;
};

void writeCounters(std::ostream& out, const hw::SourceStatus& st, double measuredRate,
                   std::size_t written)
{
    const auto& c = st.counters;
    out << "# samples: " << written << "\n"
        << "# measured_rate_hz: " << base::fixed(measuredRate, 3) << "\n"
        << "# bad_reads: " << c.badReads << "\n"
        << "# timing_rejects: " << c.timingRejects << "\n"
        << "# timeouts: " << c.timeouts << "\n"
        << "# saturations: " << c.saturations << "\n"
        << "# resets: " << c.resets << "\n"
        << "# gaps: " << c.gaps << "\n"
        << "# config_failures: " << c.configFailures << "\n"
        << "# state: " << hw::toString(st.state) << "\n";
    if (!st.reason.empty()) {
        out << (st.state == hw::SourceState::Faulted ? "# fault: " : "# note: ") << st.reason
            << "\n";
    }
    out << "# realtime: " << st.realtime << "\n";
}

} // namespace

int runRecord(std::span<const std::string_view> args, std::ostream& out, std::ostream& err)
{
    for (const auto a : args) {
        if (a == "--help" || a == "-h") {
            out << kRecordUsage;
            return 0;
        }
    }
    Options o;
    try {
        o = parse(args);
    } catch (const UsageError& e) {
        err << "bandstation record: " << e.what() << "\n" << kRecordUsage;
        return 2;
    }
    std::unique_ptr<hw::LoadCellSource> source;
    std::string exercise;
    try {
        source = hw::openSource(o.sensor).source;
        if (o.sensor.kind == hw::SensorKind::Simulated) {
            exercise = o.sensor.plan.exercise;
        } else if (auto* threaded = dynamic_cast<hw::ThreadedSource*>(source.get())) {
            if (auto* replay = dynamic_cast<hw::ReplaySampler*>(&threaded->sampler())) {
                exercise = replay->meta().exercise;
            }
        }
    } catch (const hw::SetupError& e) {
        err << "bandstation record: " << e.what() << "\n";
        return 1;
    }
    std::ofstream file;
    if (o.output != "-") {
        file.open(o.output, std::ios::binary | std::ios::trunc);
        if (!file) {
            err << "bandstation record: cannot write " << o.output << "\n";
            return 1;
        }
    }
    std::ostream& os = o.output == "-" ? out : file;
    if (!exercise.empty()) {
        os << "# exercise: " << exercise << "\n";
    }
    os << "# sensor: " << hw::toString(o.sensor.kind) << "\n"
       << "# source: " << source->describe() << "\n"
       << "# sample_rate_hz: " << base::fixed(source->configuredRateHz(), 0) << "\n"
       << "# channel: " << o.channel << "\n";
    if (o.calibration) {
        os << "# calibration: " << base::fixed(o.calibration->offsetCounts, 3) << ","
           << base::fixed(o.calibration->countsPerNewton, 6) << "\n"
           << "# units: seconds, newtons\nt_s,force_n\n";
    } else {
        os << "# units: seconds, counts\nt_s,counts\n";
    }

    gStop.store(false);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    Queue queue;
    source->start([&](std::span<const core::RawSample> batch) {
        std::lock_guard lock(queue.mutex);
        queue.samples.insert(queue.samples.end(), batch.begin(), batch.end());
        queue.cv.notify_one();
    });
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(o.seconds));
    std::vector<core::RawSample> taken;
    std::optional<std::int64_t> t0;
    std::int64_t last = 0;
    std::size_t written = 0;
    const auto drain = [&] {
        for (const auto& s : taken) {
            if (s.channel != o.channel) {
                continue;
            }
            if (!t0) {
                t0 = s.tNs;
            }
            last = s.tNs;
            os << base::fixed(core::toSeconds(s.tNs - *t0), 6) << ",";
            if (o.calibration) {
                // A full-scale word is written as the force its code means, like the shared
                // traces do: a spike the analyzer knows how to reject.
                os << base::fixed(o.calibration->newtons(s.counts), 3);
            } else {
                os << s.counts;
            }
            os << "\n";
            ++written;
        }
        taken.clear();
    };
    while (!gStop.load() && std::chrono::steady_clock::now() < deadline) {
        {
            std::unique_lock lock(queue.mutex);
            queue.cv.wait_for(lock, std::chrono::milliseconds(100));
            taken.swap(queue.samples);
        }
        drain();
        if (source->status().state == hw::SourceState::Finished) {
            break;
        }
    }
    const auto state = source->status().state;
    source->stop();
    {
        std::lock_guard lock(queue.mutex);
        taken.swap(queue.samples);
    }
    drain();
    auto status = source->status(); // final counters
    status.state = state;           // the state while it ran, not "stopped"
    const double rate = written > 1 && last > *t0 ? static_cast<double>(written - 1) * 1e9 /
                                                        static_cast<double>(last - *t0)
                                                  : 0.0;
    writeCounters(os, status, rate, written);
    os.flush();
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);

    err << "bandstation record: " << written << " samples at " << base::fixed(rate, 2)
        << " samples/s; " << status.counters.badReads << " bad reads, " << status.counters.timeouts
        << " timeouts, " << status.counters.resets << " resets, " << status.counters.saturations
        << " saturations; " << status.realtime << "\n";
    if (status.state == hw::SourceState::Faulted) {
        err << "bandstation record: the sensor is faulted: " << status.reason << "\n";
        return 1;
    }
    if (written == 0) {
        err << "bandstation record: no samples arrived\n";
        return 1;
    }
    return 0;
}

} // namespace bandstation::tools
