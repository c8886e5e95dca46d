#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace bandstation::tools {

// `bandstation record`: captures a sensor's raw samples to the trace format, with the measured
// rate and the error counters at the end. 0 when samples were captured and the sensor was
// healthy at the end, 1 when the sensor could not be opened or was faulted, 2 on bad usage.
int runRecord(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

} // namespace bandstation::tools
