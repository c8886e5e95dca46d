#pragma once

#include <memory>

#include <bandstation/hw/spi_device.h>

namespace bandstation::hw {

// Opens a Linux spidev device (/dev/spidevB.C) with the mode, 8-bit words and clock of `config`.
// Throws SetupError naming the device when it is missing or refuses the settings.
std::unique_ptr<SpiDevice> openSpidev(const SpiConfig& config);

} // namespace bandstation::hw
