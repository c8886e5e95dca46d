// One judge: every example trace replayed through the station (the replay sensor in virtual time,
// a set started as the API starts it) gives the same reps, steps and holds, phases and verdicts as
// `bandstation analyze` gives for the file, down to the last bit, and stores them so.
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <bandstation/core/trace_analysis.h>
#include <bandstation/core/trace_format.h>
#include <bandstation/daemon/station.h>
#include <bandstation/db/writer.h>
#include <bandstation/hw/fake/fake_clock.h>
#include <bandstation/hw/replay.h>

#include "../db/db_test_util.h"

namespace bandstation::daemon {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

const core::Calibration kReplayCalibration{150'000, 8'000};

std::vector<std::string> exampleTraces()
{
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(BANDSTATION_TRACES_DIR)) {
        if (e.path().extension() == ".csv") {
            names.push_back(e.path().stem().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string path(const std::string& name, const std::string& suffix)
{
    return std::string(BANDSTATION_TRACES_DIR) + "/" + name + suffix;
}

// The prescription the trace was generated with ("nominal tempo 2.08-0.93-2.08" in its notes),
// as the golden tests use it.
std::optional<core::Tempo> nominalTempo(const std::string& name)
{
    std::ifstream in(path(name, ".truth.json"));
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const auto notes = json::parse(text).at("notes").as_string();
    std::smatch m;
    const std::string s(notes.begin(), notes.end());
    if (!std::regex_search(s, m, std::regex(R"(nominal tempo ([0-9.]+)-([0-9.]+)-([0-9.]+))"))) {
        return std::nullopt;
    }
    return core::Tempo{std::stod(m[1]), std::stod(m[2]), std::stod(m[3]), 0};
}

struct Trace {
    core::TraceMeta meta;
    std::vector<core::ForceSample> samples;
};

Trace readTrace(const std::string& name)
{
    std::ifstream in(path(name, ".csv"));
    core::TraceParser parser;
    Trace t;
    for (std::string line; std::getline(in, line);) {
        if (auto r = parser.feed(line); r.sample) {
            t.samples.push_back(*r.sample);
        }
    }
    t.meta = parser.meta();
    return t;
}

// The station on a real database, fed by the replay sensor on a fake clock.
struct ReplayStation {
    explicit ReplayStation(const std::string& name)
    {
        hw::ReplayConfig replay;
        replay.path = path(name, ".csv");
        replay.calibration = kReplayCalibration;
        sampler = std::make_unique<hw::ReplaySampler>(clock, replay);
        StationSettings settings;
        settings.sensorName = "replay";
        settings.sampleRateHz = sampler->configuredRateHz();
        settings.setIdleTimeoutS = 120;
        StationLinks links;
        links.writer = &writer;
        links.athleteExists = [](std::int64_t) { return false; };
        links.emit = [this](json::object o) { events.push_back(std::move(o)); };
        db::CalibrationRecord cal;
        cal.calibration = kReplayCalibration;
        cal.id = writer
                     .call<std::int64_t>([](db::Store& s) {
                         return s.addCalibration({0, 0, "replay", kReplayCalibration, {}, "t"});
                     })
                     .get();
        station = std::make_unique<Station>(
            settings, links, std::array<std::optional<db::CalibrationRecord>, 2>{cal});
    }

    // Plays the whole trace; the station ticks as the daemon does.
    void play()
    {
        std::vector<core::RawSample> batch;
        while (sampler->poll(batch)) {
            station->ingest(batch);
            station->tick(clock.nowNs());
            writer.runCompletions(); // as the daemon's io thread runs them
            batch.clear();
        }
        settle();
    }

    // Lets what was written commit and runs its completions (set_end goes out after its commit).
    void settle()
    {
        writer.flush();
        writer.runCompletions();
    }

    db::test::TempDir dir;
    db::Writer writer{dir.file("station.db")};
    hw::fake::FakeClock clock;
    std::unique_ptr<hw::ReplaySampler> sampler;
    std::unique_ptr<Station> station;
    std::vector<json::object> events;
};

class OneJudge : public ::testing::TestWithParam<std::string> {};

TEST_P(OneJudge, TheStationJudgesAReplayedTraceAsAnalyzeDoes)
{
    const auto name = GetParam();
    const auto trace = readTrace(name);
    const auto* exercise = core::findExercise(trace.meta.exercise);
    ASSERT_NE(exercise, nullptr) << trace.meta.exercise;

    // The set as the touchscreen would start it: the generated tempo as the prescription, a zone
    // around the typical peak so that zone verdicts are compared too, more reps than the trace.
    SetRequest request;
    request.exercise = trace.meta.exercise;
    request.side = exercise->sides == core::Sides::LeftRight ? "left" : "";
    request.reps = 1000;
    request.sets = 1;
    request.tempo = nominalTempo(name);
    request.zone = core::ForceZone{100, 190};
    ReplayStation rig(name);
    const auto session = rig.station->startSession(std::nullopt, rig.clock.nowNs());
    const auto setId = rig.station->startSet(request, rig.clock.nowNs());
    rig.play();
    if (rig.station->setId()) {
        rig.station->endSet(setId, rig.clock.nowNs());
    }
    rig.settle();

    auto targets = core::defaultTargets(*exercise);
    if (request.tempo) {
        targets.tempo = request.tempo;
    }
    targets.zone = request.zone;
    const auto offline =
        core::analyzeSamples(trace.samples, *exercise, targets, trace.meta.sampleRateHz.value());
    ASSERT_FALSE(offline.movements.empty()) << name;

    db::Store store(rig.dir.file("station.db"),
                    db::StoreOptions{"t", db::Database::Mode::ReadOnly, {}});
    const auto detail = store.session(session.id);
    ASSERT_TRUE(detail);
    ASSERT_EQ(detail->sets.size(), 1u);
    const auto& stored = detail->sets[0].reps;
    ASSERT_EQ(stored.size(), offline.movements.size()) << name;
    for (std::size_t i = 0; i < stored.size(); ++i) {
        SCOPED_TRACE(name + " movement " + std::to_string(i + 1));
        const auto& live = stored[i];
        const auto& m = offline.movements[i];
        const auto rep = m.hold ? core::holdAsRep(*m.hold) : m.rep;
        EXPECT_EQ(live.rep.startS, rep.startS);
        EXPECT_EQ(live.rep.peakS, rep.peakS);
        EXPECT_EQ(live.rep.endS, rep.endS);
        EXPECT_EQ(live.rep.concentricS, rep.concentricS);
        EXPECT_EQ(live.rep.holdS, rep.holdS);
        EXPECT_EQ(live.rep.eccentricS, rep.eccentricS);
        EXPECT_EQ(live.rep.peakForceN, rep.peakForceN);
        EXPECT_EQ(live.rep.troughBeforeN, rep.troughBeforeN);
        EXPECT_EQ(live.judgement.good, m.judgement.good);
        EXPECT_EQ(live.judgement.inZone, m.judgement.inZone);
        EXPECT_EQ(live.judgement.tooFastUp, m.judgement.tooFastUp);
        EXPECT_EQ(live.judgement.tooFastDown, m.judgement.tooFastDown);
        EXPECT_EQ(live.judgement.holdTooShort, m.judgement.holdTooShort);
        EXPECT_EQ(live.direction, m.direction);
    }
    // What the set's summary says is the same too, and the live stream sent every rep counted
    // before the set ended.
    const auto& summary = detail->sets[0].summary;
    EXPECT_EQ(summary.reps, offline.summary.reps);
    EXPECT_EQ(summary.goodReps, offline.summary.goodReps);
    const auto setEnd = std::find_if(rig.events.begin(), rig.events.end(), [](const auto& e) {
        return e.at("type").as_string() == "set_end";
    });
    ASSERT_NE(setEnd, rig.events.end());
    EXPECT_EQ(setEnd->at("directions").as_int64(), offline.summary.directions);
    EXPECT_EQ(setEnd->at("slack_steps").as_int64(), offline.summary.slackSteps);
    std::size_t sent = 0;
    for (const auto& e : rig.events) {
        const auto type = e.at("type").as_string();
        if (type != "rep" && type != "step" && type != "hold") {
            continue;
        }
        ASSERT_LT(sent, offline.movements.size());
        const auto& m = offline.movements[sent++];
        EXPECT_EQ(e.at("tempo_judged").as_bool(), m.judgement.tempoJudged);
        EXPECT_EQ(e.at("good").as_bool(), m.judgement.good);
        EXPECT_EQ(e.at("peak_force_n").as_double(), m.hold ? m.hold->peakForceN : m.rep.peakForceN);
    }
    EXPECT_LE(sent, stored.size());
    EXPECT_GE(sent + 2, static_cast<std::size_t>(
                            stored.size())); // at most the last ones complete when the set is ended
}

std::string traceName(const ::testing::TestParamInfo<std::string>& param)
{
    return param.param;
}

INSTANTIATE_TEST_SUITE_P(ExampleTraces, OneJudge, ::testing::ValuesIn(exampleTraces()), traceName);

TEST(OneJudge, TheSetWaitsWhileTheBandIsPutOn)
{
    // The band put on for 2.3 s before the first rep: the set does not start on it, and the live
    // state says what the band is doing.
    ReplayStation rig("banded_bridge_80hz_setup");
    SetRequest request;
    request.exercise = "banded_bridge";
    request.reps = 20;
    rig.station->startSession(std::nullopt, rig.clock.nowNs());
    rig.station->startSet(request, rig.clock.nowNs());
    std::vector<core::RawSample> batch;
    const auto start = rig.clock.nowNs();
    std::vector<std::string> bands;
    while (rig.sampler->poll(batch) && rig.clock.nowNs() - start < core::toNanoseconds(8.0)) {
        rig.station->ingest(batch);
        rig.station->tick(rig.clock.nowNs());
        batch.clear();
        const auto band = rig.station->state(rig.clock.nowNs()).at("set").at("band").as_string();
        if (bands.empty() || bands.back() != band) {
            bands.emplace_back(band);
        }
    }
    EXPECT_EQ(rig.station->phase(), Phase::Waiting); // the first rep starts at 8.5 s
    const auto state = rig.station->state(rig.clock.nowNs());
    EXPECT_EQ(state.at("set").at("count").as_int64(), 0);
    const auto& handling = state.at("set").at("handling").as_array();
    ASSERT_EQ(handling.size(), 1u);
    EXPECT_EQ(handling[0].at("kind").as_string(), "setup");
    EXPECT_NEAR(handling[0].at("end_s").as_double(), 3.58, 0.1);
    EXPECT_EQ(bands, (std::vector<std::string>{"unknown", "off", "settling", "on"}));
}

} // namespace
} // namespace bandstation::daemon
