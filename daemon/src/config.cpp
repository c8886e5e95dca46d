// bandstationd's configuration: the file syntax, every key, and the command line.
#include "bandstation/daemon/config.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include <bandstation/base/parse.h>
#include <bandstation/core/catalog.h>

namespace bandstation::daemon {

namespace {

using Setter = std::function<void(Config&, std::string_view)>;

// A bad value: the setter throws this with what it expected; applySetting adds where and which key.
struct BadValue {
    std::string expected;
};

double number(std::string_view text, double min, double max)
{
    const auto v = base::parseDouble(text);
    if (!v || !std::isfinite(*v) || *v < min || *v > max) {
        throw BadValue{"a number from " + std::to_string(min) + " to " + std::to_string(max)};
    }
    return *v;
}

long long integer(std::string_view text, long long min, long long max)
{
    const auto v = base::parseInteger(text);
    if (!v || *v < min || *v > max) {
        throw BadValue{"a whole number from " + std::to_string(min) + " to " + std::to_string(max)};
    }
    return *v;
}

bool boolean(std::string_view text)
{
    if (text == "yes" || text == "true" || text == "on" || text == "1") {
        return true;
    }
    if (text == "no" || text == "false" || text == "off" || text == "0") {
        return false;
    }
    throw BadValue{"yes or no"};
}

std::string nonEmpty(std::string_view text)
{
    if (text.empty()) {
        throw BadValue{"a value"};
    }
    return std::string(text);
}

void setListen(Config& c, std::string_view text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        throw BadValue{"ADDRESS:PORT (for example 0.0.0.0:7420)"};
    }
    auto address = text.substr(0, colon);
    if (address.size() > 2 && address.front() == '[' && address.back() == ']') {
        address = address.substr(1, address.size() - 2); // [::1]:7420
    }
    c.listenAddress = std::string(address);
    c.listenPort = static_cast<std::uint16_t>(integer(text.substr(colon + 1), 0, 65535));
}

void setSensor(Config& c, std::string_view text)
{
    const auto kind = hw::parseSensorKind(text);
    if (!kind) {
        throw BadValue{"simulated, replay, hx711 or ads1220"};
    }
    c.sensor.kind = *kind;
}

void setHx711Gain(Config& c, std::string_view text)
{
    const auto g = integer(text, 32, 128);
    if (g != 32 && g != 64 && g != 128) {
        throw BadValue{"128, 64 (channel A) or 32 (channel B)"};
    }
    c.sensor.hx711.gain =
        g == 128 ? hw::Hx711Gain::A128 : (g == 64 ? hw::Hx711Gain::A64 : hw::Hx711Gain::B32);
}

hw::GpioLinesConfig& rightLines(Config& c)
{
    if (!c.sensor.hx711RightLines) {
        c.sensor.hx711RightLines =
            hw::GpioLinesConfig{c.sensor.hx711Lines.chip, "GPIO23", std::string("GPIO24")};
    }
    return *c.sensor.hx711RightLines;
}

const std::map<std::string_view, Setter>& setters()
{
    static const std::map<std::string_view, Setter> table{
        {"station_name", [](Config& c, std::string_view v) { c.station = nonEmpty(v); }},
        {"log_level",
         [](Config& c, std::string_view v) {
             const auto level = base::parseLogLevel(v);
             if (!level) {
                 throw BadValue{"error, warning, notice, info or debug"};
             }
             c.logLevel = *level;
         }},
        {"database", [](Config& c, std::string_view v) { c.database = nonEmpty(v); }},
        {"listen", setListen},
        {"max_connections",
         [](Config& c, std::string_view v) {
             c.maxConnections = static_cast<int>(integer(v, 1, 4096));
         }},
        {"max_connections_per_address",
         [](Config& c, std::string_view v) {
             c.maxConnectionsPerAddress = static_cast<int>(integer(v, 1, 4096));
         }},
        {"trust_loopback", [](Config& c, std::string_view v) { c.trustLoopback = boolean(v); }},
        {"header_timeout_s",
         [](Config& c, std::string_view v) { c.headerTimeoutS = number(v, 0.1, 3600); }},
        {"idle_timeout_s",
         [](Config& c, std::string_view v) { c.idleTimeoutS = number(v, 0.1, 86400); }},
        {"body_limit_bytes",
         [](Config& c, std::string_view v) {
             c.bodyLimit = static_cast<std::size_t>(integer(v, 1024, 16 << 20));
         }},
        {"ws_queue_messages",
         [](Config& c, std::string_view v) {
             c.wsQueueLimit = static_cast<std::size_t>(integer(v, 2, 100000));
         }},
        {"frame_rate_hz", [](Config& c, std::string_view v) { c.frameRateHz = number(v, 1, 60); }},
        {"tls_certificate",
         [](Config& c, std::string_view v) { c.tlsCertificate = std::string(v); }},
        {"tls_key", [](Config& c, std::string_view v) { c.tlsKey = std::string(v); }},
        {"set_idle_timeout_s",
         [](Config& c, std::string_view v) { c.setIdleTimeoutS = number(v, 1, 86400); }},
        {"session_idle_timeout_s",
         [](Config& c, std::string_view v) { c.sessionIdleTimeoutS = number(v, 10, 7 * 86400); }},
        {"calibration_mass_kg",
         [](Config& c, std::string_view v) { c.calibrationMassKg = number(v, 0.01, 1000); }},
        {"queue_samples",
         [](Config& c, std::string_view v) {
             c.queueSamples = static_cast<std::size_t>(integer(v, 1024, 1 << 24));
         }},
        {"sensor", setSensor},
        {"realtime", [](Config& c, std::string_view v) { c.sensor.reader.realtime = boolean(v); }},
        {"realtime_priority",
         [](Config& c, std::string_view v) {
             c.sensor.reader.priority = static_cast<int>(integer(v, 1, 99));
         }},
        {"lock_memory",
         [](Config& c, std::string_view v) { c.sensor.reader.lockMemory = boolean(v); }},
        {"simulated_rate_hz",
         [](Config& c, std::string_view v) { c.sensor.simulated.rateHz = number(v, 1, 4000); }},
        {"simulated_channels",
         [](Config& c, std::string_view v) {
             c.sensor.simulated.channels = static_cast<int>(integer(v, 1, 2));
         }},
        {"simulated_seed",
         [](Config& c, std::string_view v) {
             c.sensor.athlete.seed = static_cast<std::uint64_t>(integer(v, 0, 1LL << 62));
         }},
        {"replay_file", [](Config& c, std::string_view v) { c.sensor.replay.path = nonEmpty(v); }},
        {"replay_realtime",
         [](Config& c, std::string_view v) { c.sensor.replay.realTime = boolean(v); }},
        {"replay_loop", [](Config& c, std::string_view v) { c.sensor.replay.loop = boolean(v); }},
        {"gpio_chip",
         [](Config& c, std::string_view v) {
             c.sensor.hx711Lines.chip = nonEmpty(v);
             c.sensor.drdyLines.chip = c.sensor.hx711Lines.chip;
         }},
        {"hx711_dout",
         [](Config& c, std::string_view v) { c.sensor.hx711Lines.input = nonEmpty(v); }},
        {"hx711_sck",
         [](Config& c, std::string_view v) { c.sensor.hx711Lines.output = nonEmpty(v); }},
        {"hx711_rate_hz",
         [](Config& c, std::string_view v) {
             const auto r = integer(v, 10, 80);
             if (r != 10 && r != 80) {
                 throw BadValue{"10 or 80 (what the RATE pin selects)"};
             }
             c.sensor.hx711.rateHz = static_cast<double>(r);
         }},
        {"hx711_gain", setHx711Gain},
        {"hx711_right_dout",
         [](Config& c, std::string_view v) { rightLines(c).input = nonEmpty(v); }},
        {"hx711_right_sck",
         [](Config& c, std::string_view v) { rightLines(c).output = nonEmpty(v); }},
        {"spi_device", [](Config& c, std::string_view v) { c.sensor.spi.device = nonEmpty(v); }},
        {"spi_speed_hz",
         [](Config& c, std::string_view v) {
             c.sensor.spi.speedHz = static_cast<std::uint32_t>(integer(v, 10'000, 2'000'000));
         }},
        {"ads1220_drdy",
         [](Config& c, std::string_view v) { c.sensor.drdyLines.input = nonEmpty(v); }},
        {"ads1220_rate_hz",
         [](Config& c, std::string_view v) { c.sensor.ads1220.rateHz = number(v, 20, 2000); }},
        {"ads1220_gain",
         [](Config& c, std::string_view v) {
             const auto g = integer(v, 1, 128);
             if ((g & (g - 1)) != 0) {
                 throw BadValue{"1, 2, 4, 8, 16, 32, 64 or 128"};
             }
             c.sensor.ads1220.gain = static_cast<int>(g);
         }},
        {"ads1220_channels",
         [](Config& c, std::string_view v) {
             c.sensor.ads1220.channels = static_cast<int>(integer(v, 1, 2));
         }},
    };
    return table;
}

} // namespace

void applySetting(Config& config, std::string_view key, std::string_view value,
                  std::string_view where)
{
    const auto& table = setters();
    const auto it = table.find(key);
    if (it == table.end()) {
        throw ConfigError(std::string(where) + ": unknown key '" + std::string(key) +
                          "' (daemon/bandstation.conf lists every key)");
    }
    try {
        it->second(config, value);
    } catch (const BadValue& bad) {
        throw ConfigError(std::string(where) + ": " + std::string(key) + " = '" +
                          std::string(value) + "': expected " + bad.expected);
    }
}

void loadConfigFile(const std::string& path, Config& config)
{
    std::ifstream in(path);
    if (!in) {
        throw ConfigError(path + ": cannot read the configuration file");
    }
    config.source = path;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::string_view text = line;
        if (const auto hash = text.find('#'); hash != std::string_view::npos) {
            text = text.substr(0, hash);
        }
        text = base::trim(text);
        if (text.empty()) {
            continue;
        }
        const auto where = path + ":" + std::to_string(number);
        const auto eq = text.find('=');
        if (eq == std::string_view::npos) {
            throw ConfigError(where + ": expected 'key = value', got '" + std::string(text) + "'");
        }
        applySetting(config, base::trim(text.substr(0, eq)), base::trim(text.substr(eq + 1)),
                     where);
    }
}

std::vector<std::string_view> configKeys()
{
    std::vector<std::string_view> keys;
    for (const auto& [key, setter] : setters()) {
        keys.push_back(key);
    }
    return keys;
}

void validate(const Config& config)
{
    const auto where = config.source;
    if (config.tlsCertificate.empty() != config.tlsKey.empty()) {
        throw ConfigError(where + ": tls_certificate and tls_key go together: set both or neither");
    }
    for (const auto* file : {&config.tlsCertificate, &config.tlsKey}) {
        if (!file->empty() && !std::filesystem::exists(*file)) {
            throw ConfigError(where + ": TLS file '" + *file + "' does not exist");
        }
    }
    if (config.sensor.kind == hw::SensorKind::Replay && config.sensor.replay.path.empty()) {
        throw ConfigError(where + ": sensor = replay needs replay_file (or --sensor replay:FILE)");
    }
}

CommandLine parseCommandLine(std::span<const std::string_view> args)
{
    CommandLine cl;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) {
                throw ConfigError("command line: " + std::string(a) + " needs a value");
            }
            return std::string(args[++i]);
        };
        if (a == "--config" || a == "-c") {
            cl.configPath = value();
        } else if (a == "--sensor") {
            cl.sensor = value();
        } else if (a == "--db") {
            cl.database = value();
        } else if (a == "--listen") {
            cl.listen = value();
        } else if (a == "--log-level") {
            cl.logLevel = value();
        } else if (a == "--help" || a == "-h") {
            cl.help = true;
        } else if (a == "--version") {
            cl.version = true;
        } else {
            throw ConfigError("command line: unknown option '" + std::string(a) + "' (see --help)");
        }
    }
    return cl;
}

Config resolveConfig(const CommandLine& cl)
{
    Config config;
    if (cl.configPath) {
        loadConfigFile(*cl.configPath, config);
    } else if (std::filesystem::exists(kInstalledConfigPath)) {
        loadConfigFile(std::string(kInstalledConfigPath), config);
    }
    if (cl.sensor) {
        std::string_view s = *cl.sensor;
        if (s.starts_with("replay:")) {
            applySetting(config, "replay_file", s.substr(7), "--sensor");
            s = "replay";
        }
        applySetting(config, "sensor", s, "--sensor");
    }
    if (cl.database) {
        applySetting(config, "database", *cl.database, "--db");
    }
    if (cl.listen) {
        applySetting(config, "listen", *cl.listen, "--listen");
    }
    if (cl.logLevel) {
        applySetting(config, "log_level", *cl.logLevel, "--log-level");
    }
    validate(config);
    return config;
}

} // namespace bandstation::daemon
