#pragma once

#include <memory>

#include <bandstation/hw/gpio_lines.h>

namespace bandstation::hw {

// Opens the lines through libgpiod v1 (the character device, /dev/gpiochipN): the output line
// driven low, the input line requested for falling-edge events with a pull-up (so an unplugged
// DOUT reads high). Throws SetupError naming the chip or line when one is missing or busy.
std::unique_ptr<GpioLines> openGpiodLines(const GpioLinesConfig& config);

} // namespace bandstation::hw
