// bandstationd: parse the command line, resolve the configuration, run the daemon.
#include <iostream>
#include <string_view>
#include <vector>

#include <bandstation/base/log.h>
#include <bandstation/db/sqlite.h>
#include <bandstation/hw/errors.h>

#include "bandstation/daemon/daemon.h"

namespace {

constexpr std::string_view kUsage =
    "usage: bandstationd [--config FILE] [--sensor simulated|replay:FILE|hx711|ads1220]\n"
    "                    [--db PATH] [--listen ADDR:PORT] [--log-level LEVEL]\n"
    "\n"
    "The bandstation daemon: reads the load cell, counts reps and steps, stores sessions and "
    "serves\n"
    "the API. Without --config it reads /etc/bandstation/bandstation.conf when that exists, else "
    "it\n"
    "runs on the simulated sensor with its database in ./var. Flags override the file.\n";

} // namespace

int main(int argc, char** argv)
{
    using namespace bandstation;
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    try {
        const auto commandLine = daemon::parseCommandLine(args);
        if (commandLine.help) {
            std::cout << kUsage;
            return 0;
        }
        if (commandLine.version) {
            std::cout << "bandstationd " << BANDSTATION_VERSION << "\n";
            return 0;
        }
        auto config = daemon::resolveConfig(commandLine);
        base::setLogLevel(config.logLevel);
        daemon::Daemon d(std::move(config), commandLine);
        return d.run();
    } catch (const daemon::ConfigError& e) {
        base::logError("config", e.what());
        return 2;
    } catch (const hw::SetupError& e) {
        base::logError("sensor", e.what());
        return 1;
    } catch (const db::DbError& e) {
        base::logError("storage", e.what());
        return 1;
    } catch (const std::exception& e) {
        base::logError("bandstationd", e.what());
        return 1;
    }
}
