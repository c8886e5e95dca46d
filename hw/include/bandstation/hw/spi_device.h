#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace bandstation::hw {

struct SpiConfig {
    std::string device = "/dev/spidev0.0";
    std::uint32_t speedHz = 1'000'000;
    std::uint8_t mode = 1; // the ADS1220 samples on the falling edge: CPOL 0, CPHA 1
};

// A full-duplex SPI transfer with chip select held for its whole length.
// Implementations: the spidev backend (hw/spidev) and the chip fakes (hw/fake).
// Thread: one driver thread; not shared.
class SpiDevice {
public:
    virtual ~SpiDevice() = default;
    // Sends tx and fills rx (same length). Returns false if the transfer failed.
    virtual bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) = 0;
    virtual std::string describe() const = 0;
};

} // namespace bandstation::hw
