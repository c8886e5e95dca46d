#pragma once

#include <stdexcept>
#include <string>

namespace bandstation::hw {

// A sensor could not be set up: a missing device, a line that does not exist, a bad option. The
// message names the device and says what to check. Thrown only while opening, never while
// sampling (faults while sampling are counted and shown in the source's status).
class SetupError : public std::runtime_error {
public:
    explicit SetupError(const std::string& what) : std::runtime_error(what) {}
};

// "<what>: <strerror(err)>"
std::string systemErrorText(const std::string& what, int err);

} // namespace bandstation::hw
