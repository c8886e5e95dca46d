#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace bandstation::daemon {

// The service manager's notification socket (sd_notify): READY, WATCHDOG, STATUS, STOPPING. Does
// nothing when the daemon was not started by systemd (no NOTIFY_SOCKET).
// Thread: any.
class Notifier {
public:
    Notifier();

    bool active() const { return active_; }
    // Half the unit's WatchdogSec when the watchdog is on: how often to pet it.
    std::optional<std::chrono::microseconds> watchdogInterval() const { return watchdog_; }

    void ready(std::string_view status);
    void watchdog();
    void status(std::string_view status);
    void stopping();
    void reloading();

private:
    void send(const std::string& state);

    bool active_ = false;
    std::optional<std::chrono::microseconds> watchdog_;
};

} // namespace bandstation::daemon
