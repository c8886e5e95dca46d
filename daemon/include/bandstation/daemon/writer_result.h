#pragma once

#include <exception>
#include <future>
#include <string>

#include "bandstation/daemon/station.h"

namespace bandstation::daemon {

// Waits for the result of an operation handed to the writer thread. A database that cannot take
// it (disk full, read-only, damaged) makes the request fail as Unavailable (503), not the daemon.
template <typename R>
R awaitWriter(std::future<R> future)
{
    try {
        return future.get();
    } catch (const std::exception& e) {
        throw StationError(StationError::Kind::Unavailable,
                           std::string("the database did not take it: ") + e.what());
    }
}

} // namespace bandstation::daemon
