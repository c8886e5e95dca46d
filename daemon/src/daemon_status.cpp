// What the daemon says about itself: health, diagnostics, the live hello, sensor status, and the
// one-line STATUS for systemd.
#include <boost/json.hpp>

#include <bandstation/base/text.h>

#include "daemon_parts.h"

namespace bandstation::daemon {

namespace json = boost::json;

namespace {

json::value rate(double hz)
{
    return std::isfinite(hz) ? json::value(hz) : json::value(nullptr);
}

double uptimeS(const Daemon::Parts& p)
{
    return core::toSeconds(monotonicNs() - p.startNs);
}

} // namespace

json::object sensorJson(Daemon::Parts& p, const hw::SourceStatus& s)
{
    const auto& c = s.counters;
    return json::object{{"type", "sensor"},
                        {"kind", hw::toString(p.config.sensor.kind)},
                        {"description", p.source.source->describe()},
                        {"state", hw::toString(s.state)},
                        {"reason", s.reason},
                        {"configured_rate_hz", rate(s.configuredRateHz)},
                        {"measured_rate_hz", rate(s.measuredRateHz)},
                        {"channels", p.source.source->channels()},
                        {"realtime", s.realtime},
                        {"counters", json::object{{"samples", c.samples},
                                                  {"bad_reads", c.badReads},
                                                  {"timing_rejects", c.timingRejects},
                                                  {"timeouts", c.timeouts},
                                                  {"saturations", c.saturations},
                                                  {"resets", c.resets},
                                                  {"gaps", c.gaps},
                                                  {"config_failures", c.configFailures}}}};
}

json::object healthJson(Daemon::Parts& p)
{
    const auto sensor = p.source.source->status();
    const auto writer = p.writer.status();
    const bool ok = writer.ok && (sensor.state == hw::SourceState::Streaming ||
                                  sensor.state == hw::SourceState::Finished);
    return json::object{{"status", ok ? "ok" : "degraded"},
                        {"version", BANDSTATION_VERSION},
                        {"station", p.config.station},
                        {"uptime_s", uptimeS(p)},
                        {"phase", toString(p.station->phase())},
                        {"sensor", json::object{{"kind", hw::toString(p.config.sensor.kind)},
                                                {"state", hw::toString(sensor.state)},
                                                {"reason", sensor.reason},
                                                {"rate_hz", rate(sensor.configuredRateHz)},
                                                {"measured_rate_hz", rate(sensor.measuredRateHz)}}},
                        {"storage", writer.ok ? json::value("ok") : json::value(writer.error)},
                        {"tls", !p.config.tlsCertificate.empty()}};
}

json::object diagnosticsJson(Daemon::Parts& p)
{
    const auto w = p.writer.status();
    const auto server = p.server->stats();
    const auto& station = p.station->counters();
    auto sensor = sensorJson(p, p.source.source->status());
    sensor.erase("type");
    return json::object{{"uptime_s", uptimeS(p)},
                        {"sensor", std::move(sensor)},
                        {"queue", json::object{{"capacity", p.queue.capacity()},
                                               {"pushed", p.queue.pushed()},
                                               {"dropped", p.queue.dropped()}}},
                        {"station", json::object{{"phase", toString(p.station->phase())},
                                                 {"samples", station.samples},
                                                 {"stored_samples", station.storedSamples},
                                                 {"reps", station.reps},
                                                 {"sets", station.sets}}},
                        {"storage", json::object{{"ok", w.ok},
                                                 {"open", w.open},
                                                 {"error", w.error},
                                                 {"failures", w.failures},
                                                 {"resumes", w.resumes},
                                                 {"path", p.config.database},
                                                 {"transactions", w.transactions},
                                                 {"samples_committed", w.samplesCommitted},
                                                 {"dropped_operations", w.droppedOperations},
                                                 {"dropped_samples", w.droppedSamples}}},
                        {"server", json::object{{"requests", server.requests},
                                                {"connections", server.connections},
                                                {"refused_connections", server.refusedConnections},
                                                {"live_clients", server.liveClients},
                                                {"dropped_live_clients", server.droppedLiveClients},
                                                {"live_messages", server.liveMessages}}},
                        {"samples_lost", p.queue.dropped() + w.droppedSamples}};
}

json::object helloJson(Daemon::Parts& p)
{
    auto sensor = sensorJson(p, p.source.source->status());
    sensor.erase("type");
    return json::object{{"type", "hello"},
                        {"api", "v1"},
                        {"version", BANDSTATION_VERSION},
                        {"station", p.config.station},
                        {"frame_rate_hz", p.config.frameRateHz},
                        {"sensor", std::move(sensor)},
                        {"state", p.station->state(monotonicNs())}};
}

std::string statusLine(Daemon::Parts& p, const hw::SourceStatus& s)
{
    std::string line =
        std::string(hw::toString(p.config.sensor.kind)) + " " + std::string(hw::toString(s.state));
    if (s.measuredRateHz > 0) {
        line += " " + base::fixed(s.measuredRateHz, 0) + " Hz";
    }
    line += ", " + std::string(toString(p.station->phase()));
    if (const auto id = p.station->sessionId()) {
        line += " (session " + std::to_string(*id) + ")";
    }
    line += ", " + std::to_string(p.server->stats().liveClients) + " live client(s)";
    if (!p.writer.status().ok) {
        line += ", STORAGE FAILED";
    }
    return line;
}

} // namespace bandstation::daemon
