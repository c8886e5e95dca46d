#pragma once

// The daemon's parts, for its own sources (daemon.cpp composes them, daemon_status.cpp reports on
// them).

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/json/object.hpp>

#include <bandstation/db/owner_lock.h>
#include <bandstation/db/store.h>
#include <bandstation/db/writer.h>
#include <bandstation/hw/source_factory.h>

#include "bandstation/daemon/api.h"
#include "bandstation/daemon/auth.h"
#include "bandstation/daemon/daemon.h"
#include "bandstation/daemon/http_server.h"
#include "bandstation/daemon/notify.h"
#include "bandstation/daemon/sample_queue.h"
#include "bandstation/daemon/station.h"

namespace bandstation::daemon {

namespace asio = boost::asio;

std::int64_t monotonicNs();

struct Daemon::Parts {
    Parts(Config c, CommandLine cl);

    void startSource();
    void drain();
    void tick();
    void scheduleTick();
    void scheduleWatchdog();
    void reload();
    void stop();
    // Reads the tokens again on the lookup thread when they changed (the CLI, another client),
    // then takes them in on the io thread and closes the live streams of revoked ones.
    void reloadTokens();
    void tokensRead(std::int64_t generation, std::vector<db::TokenHash> hashes);
    // What the io thread answers from memory, read once before it starts.
    void loadStartup();
    void loadCalibrations(db::Store* store);
    void sensorChanged(const hw::SourceStatus& status);

    Config config;
    CommandLine commandLine;
    asio::io_context io{1};
    db::OwnerLock lock; // one daemon per database
    db::Writer writer;
    hw::OpenedSource source;
    SampleQueue queue;
    std::array<std::optional<db::CalibrationRecord>, 2> calibrations;
    std::unique_ptr<Station> station;
    TokenCache tokens;
    std::set<std::int64_t> athletes; // their ids: a session may name them
    std::map<std::tuple<std::int64_t, std::string, std::string, std::string>, double> bests;
    // The lookup thread: reads that the io thread must not wait for (tokens changed by the CLI).
    std::unique_ptr<db::Store> lookupStore; // lookup thread only
    asio::thread_pool lookups{1};           // joined before lookupStore goes
    std::int64_t tokenGeneration = -1;      // as taken in
    bool tokenReadPending = false;
    std::unique_ptr<Api> api;
    std::unique_ptr<Server> server;
    Notifier notifier;
    asio::signal_set signals{io};
    asio::steady_timer tickTimer{io};
    asio::steady_timer watchdogTimer{io};

    std::vector<core::RawSample> batch;
    std::int64_t startNs = monotonicNs();
    std::atomic<std::int64_t> lastSampleArrivalNs{0};
    std::uint64_t lastWatchdogPolls = 0; // the reader's poll count at the last watchdog check
    std::int64_t lastFrameNs = 0;
    std::int64_t lastSensorNs = 0;
    std::int64_t lastStatusNs = 0;
    hw::SourceState lastSensorState = hw::SourceState::Stopped;
    std::int64_t lastTokenLoadNs = 0;
    std::int64_t lastTokenUseWriteNs = 0;
    std::uint64_t reportedDrops = 0;
    std::set<std::int64_t> usedTokens; // since the last write of last_used_at
    int exitCode = 0;
    bool stopping = false;
};

// The JSON views of the daemon's condition, and systemd's one-line status.
boost::json::object healthJson(Daemon::Parts& parts);
boost::json::object diagnosticsJson(Daemon::Parts& parts);
boost::json::object helloJson(Daemon::Parts& parts);
boost::json::object sensorJson(Daemon::Parts& parts, const hw::SourceStatus& status);
std::string statusLine(Daemon::Parts& parts, const hw::SourceStatus& status);

} // namespace bandstation::daemon
