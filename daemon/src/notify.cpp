#include "bandstation/daemon/notify.h"

#include <cstdlib>
#include <string>

#include <systemd/sd-daemon.h>

namespace bandstation::daemon {

Notifier::Notifier()
{
    const char* socket = std::getenv("NOTIFY_SOCKET");
    active_ = socket != nullptr && *socket != '\0';
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        watchdog_ = std::chrono::microseconds(usec / 2);
    }
}

void Notifier::send(const std::string& state)
{
    if (active_) {
        sd_notify(0, state.c_str());
    }
}

void Notifier::ready(std::string_view status)
{
    send("READY=1\nSTATUS=" + std::string(status));
}

void Notifier::watchdog()
{
    send("WATCHDOG=1");
}

void Notifier::status(std::string_view status)
{
    send("STATUS=" + std::string(status));
}

void Notifier::stopping()
{
    send("STOPPING=1\nSTATUS=stopping: flushing storage");
}

void Notifier::reloading()
{
    send("RELOADING=1");
}

} // namespace bandstation::daemon
