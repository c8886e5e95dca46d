#pragma once

// What the fuzz targets share: a station on a database in memory-backed storage, a token cache
// with one token of each scope, and the API over them.

#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include <bandstation/base/sha256.h>
#include <bandstation/daemon/api.h>
#include <bandstation/daemon/station.h>
#include <bandstation/db/writer.h>

namespace bandstation::fuzz {

struct ApiRig {
    ApiRig()
    {
        const std::filesystem::path shm = "/dev/shm";
        dir = (std::filesystem::exists(shm) ? shm : std::filesystem::temp_directory_path()) /
              ("bandstation-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        path = (dir / "fuzz.db").string();
        writer = std::make_unique<db::Writer>(path);
        writer
            ->call<std::int64_t>(
                [](db::Store& s) { return s.addAthlete("fuzz", "", "2026-11-22T09:00:00.000Z"); })
            .get();
        daemon::StationLinks links;
        links.writer = writer.get();
        links.athleteExists = [](std::int64_t id) { return id == 1; };
        links.bestPeak = [](const db::BestKey&) { return std::optional<double>(80.0); };
        db::CalibrationRecord cal;
        cal.calibration = core::Calibration{150'000, 8'000};
        station = std::make_unique<daemon::Station>(
            daemon::StationSettings{}, links,
            std::array<std::optional<db::CalibrationRecord>, 2>{cal});
        tokens.replace({{1, base::sha256Hex("bst_read"), "read"},
                        {2, base::sha256Hex("bst_control"), "control"},
                        {3, base::sha256Hex("bst_admin"), "admin"}});
        daemon::ApiLinks apiLinks;
        apiLinks.station = station.get();
        apiLinks.writer = writer.get();
        apiLinks.tokens = &tokens;
        apiLinks.health = [] { return boost::json::object{{"status", "ok"}}; };
        apiLinks.diagnostics = [] { return boost::json::object{}; };
        apiLinks.now = [this] { return now += 1'000'000; };
        api = std::make_unique<daemon::Api>(apiLinks);
        writer->flush();
        reader = std::make_unique<db::Store>(
            path, db::StoreOptions{"fuzz", db::Database::Mode::ReadOnly, {}});
    }
    ~ApiRig()
    {
        reader.reset();
        station.reset();
        writer.reset();
        std::filesystem::remove_all(dir);
    }

    std::filesystem::path dir;
    std::string path;
    std::unique_ptr<db::Writer> writer;
    std::unique_ptr<daemon::Station> station;
    daemon::TokenCache tokens;
    std::unique_ptr<daemon::Api> api;
    std::unique_ptr<db::Store> reader;
    std::int64_t now = 1'000'000'000;
};

} // namespace bandstation::fuzz
