#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <bandstation/base/log.h>
#include <bandstation/hw/source_factory.h>

namespace bandstation::daemon {

// A configuration the daemon refuses to start with. what() names the file, the line and the key
// (or the command-line flag) and says what was expected.
struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Everything bandstationd can be told. The defaults are those of a development run: simulated
// sensor, a database under ./var, the API on loopback. daemon/bandstation.conf documents every key.
struct Config {
    std::string source = "(defaults)"; // the file it came from, for messages

    std::string station = "bandstation";
    hw::SensorConfig sensor{};
    std::string database = "var/bandstation.db";

    std::string listenAddress = "127.0.0.1";
    std::uint16_t listenPort = 7420;
    int maxConnections = 64;
    int maxConnectionsPerAddress = 16;
    bool trustLoopback = true;      // loopback (the touchscreen): no per-address cap, 8 in reserve
    double headerTimeoutS = 10;     // a request's header must arrive within this
    double idleTimeoutS = 60;       // a keep-alive connection with no request is closed
    std::size_t bodyLimit = 65'536; // request bodies beyond this get 413
    std::size_t wsQueueLimit = 256; // messages waiting for one WebSocket client; beyond: dropped
    double frameRateHz = 60;        // live force frames per second, at most
    std::string tlsCertificate;     // PEM; both set: HTTPS and WSS only
    std::string tlsKey;

    double setIdleTimeoutS = 45;       // a set with no new rep for this long ends
    double sessionIdleTimeoutS = 1800; // a session with no set for this long ends
    double calibrationMassKg = 5.0;    // the known mass when a request names none
    std::size_t queueSamples = 65'536; // samples waiting between acquisition and processing

    base::LogLevel logLevel = base::LogLevel::Info;
};

// The installed configuration file.
inline constexpr std::string_view kInstalledConfigPath = "/etc/bandstation/bandstation.conf";

// Reads `key = value` lines ('#' starts a comment) over `config`. Throws ConfigError naming the
// file, line and key for an unknown key, a bad value, or a file that cannot be read.
void loadConfigFile(const std::string& path, Config& config);

// Applies one setting by key (the file syntax); throws ConfigError with `where` ("FILE:LINE").
void applySetting(Config& config, std::string_view key, std::string_view value,
                  std::string_view where);

// Every key the file may set.
std::vector<std::string_view> configKeys();

// Checks the combination of settings (TLS needs both files, …). Throws ConfigError.
void validate(const Config& config);

// The command line. `configPath` is empty when none was given.
struct CommandLine {
    std::optional<std::string> configPath;
    std::optional<std::string> sensor; // simulated | replay:FILE | hx711 | ads1220
    std::optional<std::string> database;
    std::optional<std::string> listen; // ADDR:PORT
    std::optional<std::string> logLevel;
    bool help = false;
    bool version = false;
};
CommandLine parseCommandLine(std::span<const std::string_view> args);

// The configuration a daemon started with this command line uses: the file given with --config,
// else the installed file when it exists, else the defaults; then the flags on top.
Config resolveConfig(const CommandLine& commandLine);

} // namespace bandstation::daemon
