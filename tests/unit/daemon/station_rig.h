#pragma once

// A station on a real database, fed by the simulated sensor on a fake clock: a whole session runs
// in virtual time, in well under a second.

#include <memory>
#include <vector>

#include <boost/json.hpp>

#include <bandstation/daemon/station.h>
#include <bandstation/db/writer.h>
#include <bandstation/hw/fake/fake_clock.h>
#include <bandstation/hw/simulated_athlete.h>

#include "../db/db_test_util.h"

namespace bandstation::daemon::test {

inline constexpr core::Calibration kSimCalibration{150'000, 8'000};

inline hw::AthletePlan idlePlan()
{
    hw::AthletePlan plan;
    plan.idle = true;
    return plan;
}

struct StationRig {
    explicit StationRig(bool athleteFollows = true, double rateHz = 80)
    {
        hw::SimulatedConfig sim;
        sim.rateHz = rateHz;
        sim.glitchRate = 0;
        sampler =
            std::make_unique<hw::SimulatedSampler>(clock, sim, hw::AthleteConfig{}, idlePlan());
        StationSettings settings;
        settings.sensorName = "simulated";
        settings.sampleRateHz = rateHz;
        settings.setIdleTimeoutS = 20;
        settings.sessionIdleTimeoutS = 120;
        StationLinks links;
        links.writer = &writer;
        links.simulated = athleteFollows ? sampler.get() : nullptr;
        links.athleteExists = [](std::int64_t id) { return id == 1; };
        links.bestPeak = [this](const db::BestKey& key) -> std::optional<double> {
            lastBestKey = key;
            return best;
        };
        links.emit = [this](boost::json::object o) { events.push_back(std::move(o)); };
        writer
            .call<std::int64_t>(
                [](db::Store& s) { return s.addAthlete("Ana", "", "2026-11-22T09:00:00.000Z"); })
            .get();
        db::CalibrationRecord cal;
        cal.id = writer
                     .call<std::int64_t>([](db::Store& s) {
                         return s.addCalibration(
                             {0, 0, "simulated", kSimCalibration, {}, "2026-11-22T09:00:00.000Z"});
                     })
                     .get();
        cal.calibration = kSimCalibration;
        station = std::make_unique<Station>(
            settings, links, std::array<std::optional<db::CalibrationRecord>, 2>{cal});
    }

    std::int64_t now() { return clock.nowNs(); }

    // Runs the sensor for `seconds` of virtual time, or until `until` holds.
    void run(double seconds, const std::function<bool()>& until = {})
    {
        const auto end = clock.nowNs() + core::toNanoseconds(seconds);
        std::vector<core::RawSample> batch;
        while (clock.nowNs() < end) {
            batch.clear();
            sampler->poll(batch);
            station->ingest(batch);
            station->tick(clock.nowNs());
            writer.runCompletions();
            if (until && until()) {
                settle();
                return;
            }
        }
        settle();
    }

    // Lets what was written commit, and runs its completions (the daemon's io thread runs them as
    // they come).
    void settle()
    {
        writer.flush();
        writer.runCompletions();
    }

    std::vector<boost::json::object> eventsOf(std::string_view type) const
    {
        std::vector<boost::json::object> out;
        for (const auto& e : events) {
            if (e.at("type").as_string() == type) {
                out.push_back(e);
            }
        }
        return out;
    }

    db::SessionDetail stored(std::int64_t sessionId)
    {
        writer.flush();
        db::Store store(dir.file("station.db"),
                        db::StoreOptions{"t", db::Database::Mode::ReadOnly, {}});
        return *store.session(sessionId);
    }

    db::test::TempDir dir;
    db::Writer writer{dir.file("station.db")};
    hw::fake::FakeClock clock;
    std::unique_ptr<hw::SimulatedSampler> sampler;
    std::unique_ptr<Station> station;
    std::vector<boost::json::object> events;
    std::optional<double> best;
    std::optional<db::BestKey> lastBestKey;
};

} // namespace bandstation::daemon::test
