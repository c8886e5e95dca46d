#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "station_rig.h"

namespace bandstation::daemon {
namespace {

using test::StationRig;
using ::testing::HasSubstr;

StationError::Kind errorKind(const std::function<void()>& f)
{
    try {
        f();
    } catch (const StationError& e) {
        return e.kind;
    }
    ADD_FAILURE() << "no StationError";
    return StationError::Kind::Invalid;
}

SetRequest bridges(int reps, int sets, double restS)
{
    SetRequest r;
    r.exercise = "banded_bridge";
    r.reps = reps;
    r.sets = sets;
    r.restS = restS;
    r.bandColour = "green";
    r.zone = core::ForceZone{50, 95};
    return r;
}

TEST(Station, ABlockOfSetsRunsThroughRestToTheNextSetAndIsStored)
{
    StationRig rig;
    const auto session = rig.station->startSession(1, rig.now());
    EXPECT_EQ(rig.station->phase(), Phase::Ready);
    const auto first = rig.station->startSet(bridges(3, 2, 5), rig.now());
    EXPECT_EQ(rig.station->phase(), Phase::Waiting);

    rig.run(60, [&] { return rig.station->phase() == Phase::Rest; });
    ASSERT_EQ(rig.station->phase(), Phase::Rest);
    const auto rest = rig.station->state(rig.now()).at("rest").as_object();
    EXPECT_NEAR(rest.at("remaining_s").as_double(), 5.0, 0.1);
    EXPECT_EQ(rest.at("next_number").as_int64(), 2);
    // "+30 s" adds to the countdown; it is capped at an hour from now.
    rig.station->extendRest(30, rig.now());
    EXPECT_NEAR(rig.station->state(rig.now()).at("rest").at("remaining_s").as_double(), 35.0, 0.1);
    rig.station->extendRest(600, rig.now());
    for (int i = 0; i < 6; ++i) {
        rig.station->extendRest(600, rig.now());
    }
    EXPECT_NEAR(rig.station->state(rig.now()).at("rest").at("remaining_s").as_double(), 3600.0,
                0.1);
    rig.station->skipRest(rig.now());
    ASSERT_EQ(rig.station->phase(), Phase::Waiting);
    ASSERT_TRUE(rig.station->setId());
    EXPECT_NE(*rig.station->setId(), first);
    rig.run(60, [&] { return rig.station->phase() == Phase::Ready; });
    ASSERT_EQ(rig.station->phase(), Phase::Ready);

    const auto reps = rig.eventsOf("rep");
    ASSERT_EQ(reps.size(), 6u);
    EXPECT_FALSE(reps[0].at("cues").as_array().empty());
    const auto ends = rig.eventsOf("set_end");
    ASSERT_EQ(ends.size(), 2u);
    EXPECT_EQ(ends[0].at("reps").as_int64(), 3);
    for (const auto& rep : reps) {
        const double peak = rep.at("peak_force_n").as_double();
        EXPECT_GT(peak, 40.0);
        EXPECT_LT(peak, 110.0);
    }

    rig.station->endSession(session.id, rig.now());
    EXPECT_EQ(rig.station->phase(), Phase::Idle);
    const auto detail = rig.stored(session.id);
    EXPECT_EQ(detail.session.status, db::Status::Completed);
    ASSERT_EQ(detail.sets.size(), 2u);
    for (const auto& set : detail.sets) {
        EXPECT_EQ(set.reps.size(), 3u);
        EXPECT_EQ(set.status, db::Status::Completed);
        EXPECT_EQ(set.start.bandColour, "green");
        EXPECT_EQ(set.summary.reps, 3);
    }
    EXPECT_GT(rig.station->counters().storedSamples, 500u);
}

TEST(Station, UnilateralExercisesAlternateSides)
{
    StationRig rig;
    const auto session = rig.station->startSession(std::nullopt, rig.now());
    SetRequest r;
    r.exercise = "clamshell";
    r.reps = 2;
    r.sets = 1; // per side
    r.restS = 1;
    rig.station->startSet(r, rig.now());
    EXPECT_EQ(rig.station->state(rig.now()).at("set").as_object().at("side").as_string(), "left");
    rig.run(120, [&] { return rig.station->phase() == Phase::Ready; });
    ASSERT_EQ(rig.station->phase(), Phase::Ready);
    const auto detail = rig.stored(session.id);
    ASSERT_EQ(detail.sets.size(), 2u);
    EXPECT_EQ(detail.sets[0].start.side, "left");
    EXPECT_EQ(detail.sets[1].start.side, "right");
}

TEST(Station, ASetWithoutMovementEndsAfterTheIdleTimeAndTheSessionAfterItsOwn)
{
    StationRig rig(/*athleteFollows=*/false);
    const auto session = rig.station->startSession(std::nullopt, rig.now());
    rig.station->startSet(bridges(5, 3, 10), rig.now());
    rig.run(19);
    EXPECT_EQ(rig.station->phase(), Phase::Waiting);
    rig.run(2);
    EXPECT_EQ(rig.station->phase(), Phase::Ready); // the exercise is left, no rest
    rig.run(125);
    EXPECT_EQ(rig.station->phase(), Phase::Idle);
    const auto detail = rig.stored(session.id);
    EXPECT_EQ(detail.session.status, db::Status::Completed);
    ASSERT_EQ(detail.sets.size(), 1u);
    EXPECT_TRUE(detail.sets[0].reps.empty());
}

TEST(Station, RequestsTheStateDoesNotAllowAreRefused)
{
    StationRig rig;
    const auto t = rig.now();
    EXPECT_EQ(errorKind([&] { rig.station->startSet(bridges(3, 1, 1), t); }),
              StationError::Kind::Conflict);
    EXPECT_EQ(errorKind([&] { rig.station->startSession(7, t); }), StationError::Kind::NotFound);
    const auto session = rig.station->startSession(std::nullopt, t);
    EXPECT_EQ(errorKind([&] { rig.station->startSession(std::nullopt, t); }),
              StationError::Kind::Conflict);
    SetRequest unknown;
    unknown.exercise = "burpee";
    EXPECT_EQ(errorKind([&] { rig.station->startSet(unknown, t); }), StationError::Kind::NotFound);
    auto sided = bridges(3, 1, 1);
    sided.side = "left";
    EXPECT_EQ(errorKind([&] { rig.station->startSet(sided, t); }), StationError::Kind::Invalid);
    auto relative = bridges(3, 1, 1);
    relative.zone.reset();
    relative.zonePercent = std::pair(60.0, 80.0);
    EXPECT_EQ(errorKind([&] { rig.station->startSet(relative, t); }), StationError::Kind::Invalid);
    EXPECT_EQ(errorKind([&] { rig.station->skipRest(t); }), StationError::Kind::Conflict);
    EXPECT_EQ(errorKind([&] { rig.station->extendRest(30, t); }), StationError::Kind::Conflict);

    const auto set = rig.station->startSet(bridges(3, 1, 1), t);
    EXPECT_EQ(errorKind([&] { rig.station->startSet(bridges(3, 1, 1), t); }),
              StationError::Kind::Conflict);
    EXPECT_EQ(errorKind([&] { rig.station->startCalibration(5.0, 0); }),
              StationError::Kind::Conflict);
    EXPECT_EQ(errorKind([&] { rig.station->endSet(set + 1, t); }), StationError::Kind::NotFound);
    EXPECT_EQ(errorKind([&] { rig.station->endSession(session.id + 1, t); }),
              StationError::Kind::NotFound);
    rig.station->endSet(set, t);
    EXPECT_EQ(rig.station->phase(), Phase::Ready);
}

TEST(Station, AZoneInPercentTakesTheAthletesBestLikeForLike)
{
    StationRig rig;
    rig.station->startSession(1, rig.now());
    auto relative = bridges(3, 1, 1);
    relative.zone.reset();
    relative.zonePercent = std::pair(60.0, 80.0);
    EXPECT_EQ(errorKind([&] { rig.station->startSet(relative, rig.now()); }),
              StationError::Kind::Conflict); // no best yet
    rig.best = 100.0;
    rig.station->startSet(relative, rig.now());
    const auto zone = rig.station->state(rig.now()).at("set").as_object().at("zone").as_object();
    EXPECT_DOUBLE_EQ(zone.at("low_n").as_double(), 60.0);
    EXPECT_DOUBLE_EQ(zone.at("high_n").as_double(), 80.0);
    ASSERT_TRUE(rig.lastBestKey);
    EXPECT_EQ(rig.lastBestKey->exerciseId, "banded_bridge");
    EXPECT_EQ(rig.lastBestKey->bandColour, "green");
}

TEST(Station, AStopInterruptsTheRunningSetAndSession)
{
    StationRig rig;
    const auto session = rig.station->startSession(std::nullopt, rig.now());
    rig.station->startSet(bridges(10, 1, 1), rig.now());
    rig.run(12);
    rig.station->shutdown(rig.now());
    EXPECT_EQ(rig.station->phase(), Phase::Idle);
    const auto detail = rig.stored(session.id);
    EXPECT_EQ(detail.session.status, db::Status::Interrupted);
    ASSERT_EQ(detail.sets.size(), 1u);
    EXPECT_EQ(detail.sets[0].status, db::Status::Interrupted);
    EXPECT_FALSE(detail.sets[0].reps.empty());
}

TEST(Station, ForceFramesCarryEverySampleOnce)
{
    StationRig rig;
    std::size_t framed = 0;
    std::vector<core::RawSample> batch;
    for (int i = 0; i < 200; ++i) {
        batch.clear();
        rig.sampler->poll(batch);
        rig.station->ingest(batch);
        if (i % 7 == 0) {
            if (auto frame = rig.station->takeForceFrame()) {
                framed += frame->at("samples").as_array().size();
            }
        }
    }
    if (auto frame = rig.station->takeForceFrame()) {
        framed += frame->at("samples").as_array().size();
    }
    EXPECT_EQ(framed, rig.station->counters().samples);
    EXPECT_FALSE(rig.station->takeForceFrame());
}

// A person calibrating: nothing on the hook, then 5 kg, then nothing again.
TEST(Station, CalibrationRunsThroughTheStationAndIsStored)
{
    StationRig rig;
    rig.station->startCalibration(5.0, 0);
    EXPECT_EQ(rig.station->phase(), Phase::Calibrating);
    const double countsPerN = 7'500;
    const double massN = 5.0 * 9.80665;
    std::mt19937 rng(3);
    std::normal_distribution<double> noise(0, 300);
    std::int64_t t = rig.now();
    auto feed = [&](double seconds, double forceN) {
        std::vector<core::RawSample> batch;
        for (int i = 0; i < static_cast<int>(seconds * 80); ++i) {
            t += 12'500'000;
            batch.push_back(
                {t, static_cast<std::int32_t>(120'000 + forceN * countsPerN + noise(rng)), 0, 0});
        }
        rig.station->ingest(batch);
    };
    feed(1.5, 0);
    feed(0.5, massN / 2); // hanging it
    feed(1.5, massN);
    feed(0.3, massN / 2);
    feed(1.5, 0);
    ASSERT_EQ(rig.station->phase(), Phase::Idle)
        << boost::json::serialize(rig.station->calibrationJson());
    const auto json = rig.station->calibrationJson();
    EXPECT_EQ(json.at("step").as_string(), "done");
    const auto current = json.at("current").as_array()[0].as_object();
    EXPECT_NEAR(current.at("counts_per_newton").as_double(), countsPerN, countsPerN * 0.01);
    EXPECT_NEAR(current.at("offset_counts").as_double(), 120'000, 300);
    rig.writer.flush();
    db::Store store(rig.dir.file("station.db"),
                    db::StoreOptions{"t", db::Database::Mode::ReadOnly, {}});
    const auto latest = store.latestCalibration(0);
    ASSERT_TRUE(latest);
    EXPECT_NEAR(latest->calibration.countsPerNewton, countsPerN, countsPerN * 0.01);
    EXPECT_EQ(latest->massKg, 5.0);
}

TEST(Station, CalibrationCanBeCancelled)
{
    StationRig rig;
    rig.station->startSession(std::nullopt, rig.now());
    rig.station->startCalibration(std::nullopt, 0);
    EXPECT_EQ(errorKind([&] { rig.station->startCalibration(5.0, 1); }),
              StationError::Kind::Conflict);
    rig.station->cancelCalibration();
    EXPECT_EQ(rig.station->phase(), Phase::Ready);
    EXPECT_EQ(errorKind([&] { rig.station->cancelCalibration(); }), StationError::Kind::Conflict);
    EXPECT_EQ(errorKind([&] { rig.station->startCalibration(-1.0, 0); }),
              StationError::Kind::Invalid);
}

} // namespace
} // namespace bandstation::daemon
