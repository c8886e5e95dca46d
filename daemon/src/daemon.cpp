// bandstationd's composition: what is opened in which order, and the io thread's timers.
#include "bandstation/daemon/daemon.h"

#include <atomic>
#include <csignal>
#include <filesystem>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <time.h>

#include <bandstation/base/io_thread.h>
#include <bandstation/base/log.h>
#include <bandstation/base/text.h>
#include <bandstation/hw/errors.h>

#include "bandstation/daemon/api.h"
#include "bandstation/daemon/http_server.h"
#include "bandstation/daemon/notify.h"
#include "bandstation/daemon/sample_queue.h"
#include "daemon_parts.h"

namespace bandstation::daemon {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr std::string_view kLog = "daemon";
constexpr auto kTickEvery = std::chrono::milliseconds(100);
// Tokens created or revoked with `bandstation token` are taken in within this time (the CLI waits
// for it).
constexpr std::int64_t kTokenReloadNs = 200 * core::kNsPerSecond / 1000;
constexpr std::int64_t kTokenUseWriteNs = 60 * core::kNsPerSecond;

db::OwnerLock lockDatabase(const Config& config)
{
    const auto parent = std::filesystem::path(config.database).parent_path();
    std::error_code ec;
    if (!parent.empty()) {
        std::filesystem::create_directories(parent, ec);
    }
    return db::OwnerLock(config.database);
}

db::Writer openWriterFor(const Config& config, asio::io_context& io)
{
    db::WriterOptions options;
    options.store.station = config.station;
    // Completions run on the io thread, after their commit.
    options.post = [&io](std::function<void()> completion) {
        asio::post(io, std::move(completion));
    };
    return db::Writer(config.database, options);
}

// The simulated athlete waits at rest until the station starts a set (then it performs that set).
hw::SensorConfig idleAthlete(hw::SensorConfig sensor)
{
    sensor.plan.idle = true;
    return sensor;
}

} // namespace

std::int64_t monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * core::kNsPerSecond + ts.tv_nsec;
}

Daemon::Parts::Parts(Config c, CommandLine cl)
    : config(std::move(c)), commandLine(std::move(cl)), lock(lockDatabase(config)),
      writer(openWriterFor(config, io)), source(hw::openSource(idleAthlete(config.sensor))),
      queue(config.queueSamples)
{
    base::setLogLevel(config.logLevel);
    signals.add(SIGTERM);
    signals.add(SIGINT);
    signals.add(SIGHUP);
    const auto& report = writer.openReport();
    if (report.interruptedSessions > 0) {
        base::logWarning(kLog, std::to_string(report.interruptedSessions) +
                                   " session(s) left active by the last run closed as interrupted");
    }
    loadStartup();

    StationSettings settings;
    settings.sensorName = std::string(hw::toString(config.sensor.kind));
    settings.sampleRateHz = source.source->configuredRateHz();
    settings.range = source.source->range();
    settings.channels = source.source->channels();
    settings.setIdleTimeoutS = config.setIdleTimeoutS;
    settings.sessionIdleTimeoutS = config.sessionIdleTimeoutS;
    settings.calibrationMassKg = config.calibrationMassKg;
    StationLinks links;
    links.writer = &writer;
    links.simulated = source.simulated;
    links.bestPeak = [this](const db::BestKey& key) -> std::optional<double> {
        const auto it = bests.find({key.athleteId, key.exerciseId, key.side, key.bandColour});
        return it == bests.end() ? std::nullopt : std::optional(it->second);
    };
    links.athleteExists = [this](std::int64_t id) { return athletes.contains(id); };
    links.emit = [this](json::object message) {
        if (server) {
            server->broadcast(message);
        }
    };
    station = std::make_unique<Station>(settings, links, calibrations);

    ApiLinks apiLinks;
    apiLinks.station = station.get();
    apiLinks.writer = &writer;
    apiLinks.tokens = &tokens;
    apiLinks.tokenRevoked = [this](std::int64_t id) {
        tokens.revoke(id);
        server->closeLive([id](std::int64_t t) { return t == id; }, "token revoked");
    };
    apiLinks.athleteAdded = [this](std::int64_t id) { athletes.insert(id); };
    apiLinks.tokenUsed = [this](std::int64_t id) { usedTokens.insert(id); };
    apiLinks.health = [this] { return healthJson(*this); };
    apiLinks.diagnostics = [this] { return diagnosticsJson(*this); };
    apiLinks.now = monotonicNs;
    api = std::make_unique<Api>(apiLinks);

    ServerOptions options;
    options.address = config.listenAddress;
    options.port = config.listenPort;
    options.maxConnections = config.maxConnections;
    options.maxConnectionsPerAddress = config.maxConnectionsPerAddress;
    options.trustLoopback = config.trustLoopback;
    options.headerTimeout =
        std::chrono::milliseconds(static_cast<long>(config.headerTimeoutS * 1000));
    options.idleTimeout = std::chrono::milliseconds(static_cast<long>(config.idleTimeoutS * 1000));
    options.bodyLimit = config.bodyLimit;
    options.wsQueueLimit = config.wsQueueLimit;
    options.tlsCertificate = config.tlsCertificate;
    options.tlsKey = config.tlsKey;
    options.databasePath = config.database;
    server = std::make_unique<Server>(io, options, *api, [this] { return helloJson(*this); });
}

void Daemon::Parts::loadStartup()
{
    // Before the io thread runs: waiting here delays only the start.
    std::unique_ptr<db::Store> store;
    try {
        store = std::make_unique<db::Store>(
            config.database, db::StoreOptions{config.station, db::Database::Mode::ReadOnly, {}});
        for (const auto& a : store->athletes()) {
            athletes.insert(a.id);
        }
        for (const auto& [key, peak] : store->bestPeaks()) {
            bests[{key.athleteId, key.exerciseId, key.side, key.bandColour}] = peak;
        }
        tokenGeneration = store->tokenGeneration();
        tokens.replace(store->activeTokenHashes());
    } catch (const std::exception& e) {
        // A full disk at start: the writer is off and retries; training goes on without history.
        base::logError(kLog, std::string("cannot read the database at start: ") + e.what());
        store.reset();
    }
    loadCalibrations(store.get());
    if (tokenGeneration >= 0) {
        writer.submit([g = tokenGeneration](db::Store& s) { s.setTokensApplied(g); }, true);
    }
}

void Daemon::Parts::loadCalibrations(db::Store* store)
{
    const bool virtualSensor = config.sensor.kind == hw::SensorKind::Simulated ||
                               config.sensor.kind == hw::SensorKind::Replay;
    for (int channel = 0; channel < source.source->channels(); ++channel) {
        auto& slot = calibrations[static_cast<std::size_t>(channel)];
        if (store) {
            slot = store->latestCalibration(channel);
        }
        if (slot || !virtualSensor) {
            continue;
        }
        // A virtual sensor's counts follow a known calibration: store it, so its sets' samples
        // export as newtons like a real station's.
        db::CalibrationRecord record;
        record.channel = channel;
        record.sensor = std::string(hw::toString(config.sensor.kind));
        record.calibration = config.sensor.kind == hw::SensorKind::Simulated
                                 ? config.sensor.simulated.calibration
                                 : config.sensor.replay.calibration;
        record.createdAt = db::utcNow();
        record.id = writer.reserveCalibrationId();
        try {
            writer
                .call<std::int64_t>([record](db::Store& s) { return s.addCalibration(record); },
                                    true)
                .get();
        } catch (const std::exception& e) {
            base::logError(kLog,
                           std::string("the sensor's calibration is not stored: ") + e.what());
            record.id = 0;
        }
        slot = record;
    }
    if (!calibrations[0]) {
        base::logWarning(kLog, "the load cell is not calibrated: calibrate it before training");
    }
}

void Daemon::Parts::reloadTokens()
{
    if (tokenReadPending) {
        return;
    }
    tokenReadPending = true;
    lastTokenLoadNs = monotonicNs();
    asio::post(lookups, [this, known = tokenGeneration] {
        std::int64_t generation = known;
        std::vector<db::TokenHash> hashes;
        try {
            if (!lookupStore) {
                lookupStore = std::make_unique<db::Store>(
                    config.database,
                    db::StoreOptions{config.station, db::Database::Mode::ReadOnly, {}});
            }
            generation = lookupStore->tokenGeneration();
            if (generation != known) {
                hashes = lookupStore->activeTokenHashes();
            }
        } catch (const std::exception& e) {
            base::logError(kLog, std::string("cannot read the tokens: ") + e.what());
            lookupStore.reset();
            generation = known;
        }
        asio::post(io, [this, generation, hashes = std::move(hashes)]() mutable {
            tokensRead(generation, std::move(hashes));
        });
    });
}

void Daemon::Parts::tokensRead(std::int64_t generation, std::vector<db::TokenHash> hashes)
{
    tokenReadPending = false;
    if (generation == tokenGeneration) {
        return;
    }
    tokenGeneration = generation;
    tokens.replace(std::move(hashes));
    server->closeLive([this](std::int64_t id) { return !tokens.contains(id); }, "token revoked");
    // `bandstation token` waits for this before it says done.
    writer.submit([generation](db::Store& s) { s.setTokensApplied(generation); }, true);
}

void Daemon::Parts::startSource()
{
    source.source->start([this](std::span<const core::RawSample> samples) {
        lastSampleArrivalNs.store(monotonicNs(), std::memory_order_relaxed);
        if (queue.push(samples)) {
            asio::post(io, [this] { drain(); });
        }
    });
}

void Daemon::Parts::drain()
{
    queue.drain(batch);
    if (batch.empty()) {
        return;
    }
    station->ingest(batch);
    const auto now = monotonicNs();
    const auto frameNs = static_cast<std::int64_t>(1e9 / config.frameRateHz);
    if (now - lastFrameNs >= frameNs) {
        lastFrameNs = now;
        if (server->stats().liveClients == 0) {
            station->discardForceFrame();
        } else if (auto frame = station->takeForceFrame()) {
            server->broadcast(*frame);
        }
    }
}

void Daemon::Parts::scheduleTick()
{
    tickTimer.expires_after(kTickEvery);
    tickTimer.async_wait([this](const boost::system::error_code& ec) {
        if (!ec && !stopping) {
            tick();
            scheduleTick();
        }
    });
}

void Daemon::Parts::tick()
{
    const auto now = monotonicNs();
    station->tick(now);
    const auto status = source.source->status();
    if (status.state != lastSensorState || now - lastSensorNs >= core::kNsPerSecond) {
        if (status.state != lastSensorState) {
            sensorChanged(status);
        }
        lastSensorNs = now;
        server->broadcast(sensorJson(*this, status));
    }
    if (const auto dropped = queue.dropped(); dropped > reportedDrops) {
        // Only when the io thread fell more than queue_samples behind: say so, and count it.
        base::logWarning(kLog, std::to_string(dropped - reportedDrops) +
                                   " samples lost: processing fell behind acquisition");
        writer.submit(
            [sessionId = station->sessionId(), n = dropped - reportedDrops](db::Store& s) {
                s.addSensorEvent(sessionId, "samples_lost", std::to_string(n), db::utcNow());
            });
        reportedDrops = dropped;
    }
    if (now - lastTokenLoadNs >= kTokenReloadNs) {
        reloadTokens(); // tokens revoked with `bandstation token revoke` stop working here
    }
    if (!usedTokens.empty() && now - lastTokenUseWriteNs >= kTokenUseWriteNs) {
        lastTokenUseWriteNs = now;
        writer.submit([ids = std::move(usedTokens), at = db::utcNow()](db::Store& s) {
            for (const auto id : ids) {
                s.markTokenUsed(id, at);
            }
        });
        usedTokens.clear();
    }
    if (now - lastStatusNs >= 5 * core::kNsPerSecond) {
        lastStatusNs = now;
        notifier.status(statusLine(*this, status));
    }
}

void Daemon::Parts::sensorChanged(const hw::SourceStatus& status)
{
    const auto previous = lastSensorState;
    lastSensorState = status.state;
    const auto text = std::string(hw::toString(status.state)) +
                      (status.reason.empty() ? "" : ": " + status.reason);
    if (status.state == hw::SourceState::Faulted) {
        base::logWarning("sensor", text);
    } else {
        base::logInfo("sensor", text);
    }
    if (previous == hw::SourceState::Stopped && status.state == hw::SourceState::Starting) {
        return;
    }
    writer.submit([sessionId = station->sessionId(),
                   state = std::string(hw::toString(status.state)), reason = status.reason](
                      db::Store& s) { s.addSensorEvent(sessionId, state, reason, db::utcNow()); });
}

void Daemon::Parts::scheduleWatchdog()
{
    const auto interval = notifier.watchdogInterval();
    if (!interval) {
        return;
    }
    watchdogTimer.expires_after(*interval);
    watchdogTimer.async_wait([this, interval](const boost::system::error_code& ec) {
        if (ec || stopping) {
            return;
        }
        // Pet the watchdog while the reader thread is alive: samples arrive, or it keeps polling
        // (a Faulted chip, unplugged or miswired, is reported over the API and retried; restarting
        // the daemon would not mend it and would end the session). A reader stuck inside a driver
        // call, or a stuck event loop, stops the petting, and systemd restarts the daemon.
        const auto staleNs = std::max<std::int64_t>(
            2 * core::kNsPerSecond,
            static_cast<std::int64_t>(5e9 / std::max(1.0, source.source->configuredRateHz())));
        const auto last = lastSampleArrivalNs.load(std::memory_order_relaxed);
        const auto status = source.source->status();
        const bool polling = status.polls != lastWatchdogPolls;
        lastWatchdogPolls = status.polls;
        if (status.state == hw::SourceState::Finished || polling ||
            (last != 0 && monotonicNs() - last < staleNs)) {
            notifier.watchdog();
        }
        scheduleWatchdog();
    });
}

void Daemon::Parts::reload()
{
    base::logInfo(kLog, "SIGHUP: reloading the configuration");
    notifier.reloading();
    try {
        const auto fresh = resolveConfig(commandLine);
        base::setLogLevel(fresh.logLevel);
        station->updateTimeouts(fresh.setIdleTimeoutS, fresh.sessionIdleTimeoutS,
                                fresh.calibrationMassKg);
        config.logLevel = fresh.logLevel;
        config.setIdleTimeoutS = fresh.setIdleTimeoutS;
        config.sessionIdleTimeoutS = fresh.sessionIdleTimeoutS;
        config.calibrationMassKg = fresh.calibrationMassKg;
        if (fresh.database != config.database || fresh.listenPort != config.listenPort ||
            fresh.listenAddress != config.listenAddress ||
            fresh.sensor.kind != config.sensor.kind) {
            base::logWarning(kLog, "sensor, database and listen changes need a restart");
        }
    } catch (const std::exception& e) {
        base::logError(kLog,
                       std::string("reload refused, keeping the running settings: ") + e.what());
    }
    reloadTokens();
    notifier.ready(statusLine(*this, source.source->status()));
}

void Daemon::Parts::stop()
{
    if (stopping) {
        return;
    }
    stopping = true;
    base::logInfo(kLog, "stopping: flushing storage");
    notifier.stopping();
    source.source->stop();
    drain(); // what the reader handed over before it stopped
    try {
        station->shutdown(monotonicNs());
    } catch (const std::exception& e) {
        base::logError(kLog, std::string("closing the session: ") + e.what());
    }
    base::markIoThread(false); // stopping: the io thread may wait for the last commit now
    writer.flush();
    tickTimer.cancel();
    watchdogTimer.cancel();
    signals.cancel();
    server->stop();
    lookups.stop();
}

Daemon::Daemon(Config config, CommandLine commandLine)
    : parts_(std::make_unique<Parts>(std::move(config), std::move(commandLine)))
{
}

Daemon::~Daemon()
{
    if (parts_) {
        parts_->source.source->stop();
    }
}

std::uint16_t Daemon::port() const
{
    return parts_->server->port();
}

void Daemon::requestStop()
{
    asio::post(parts_->io, [p = parts_.get()] { p->stop(); });
}

int Daemon::run()
{
    auto& p = *parts_;
    std::function<void()> waitSignal = [&] {
        p.signals.async_wait([&](const boost::system::error_code& ec, int signal) {
            if (ec) {
                return;
            }
            if (signal == SIGHUP) {
                p.reload();
                waitSignal();
            } else {
                p.stop();
            }
        });
    };
    waitSignal();
    p.server->start();
    p.startSource();
    p.scheduleTick();
    p.scheduleWatchdog();
    base::logInfo(kLog, "listening on " + p.config.listenAddress + ":" +
                            std::to_string(p.server->port()) + ", sensor " +
                            p.source.source->describe() + ", database " + p.config.database);
    p.notifier.ready(statusLine(p, p.source.source->status()));
    base::markIoThread(true);
    p.io.run();
    base::markIoThread(false);
    base::logInfo(kLog, "stopped");
    return p.exitCode;
}

} // namespace bandstation::daemon
