#pragma once

#include <cstdint>
#include <memory>

#include "bandstation/daemon/config.h"

namespace bandstation::daemon {

// bandstationd: the sensor's reader thread hands batches through a bounded queue to the one io
// thread, which owns the station (analysis and the session state machine), the API server and the
// timers; the writer thread owns the database; query threads answer read-only requests.
// Construction opens everything that can fail (database, sensor, listening socket) and throws
// with a message a person can act on; run() serves until SIGTERM or SIGINT (SIGHUP reloads).
// Thread: construct and run on the main thread; requestStop from any thread.
class Daemon {
public:
    Daemon(Config config, CommandLine commandLine = {});
    ~Daemon();

    // Returns the exit status: 0 after a clean stop.
    int run();
    void requestStop();
    // The port the API listens on (the ephemeral one when the config asked for port 0).
    std::uint16_t port() const;

    struct Parts;

private:
    std::unique_ptr<Parts> parts_;
};

} // namespace bandstation::daemon
