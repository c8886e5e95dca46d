#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace bandstation::hw {

// Which GPIO lines a chip driver uses. Lines are named as the kernel names them ("GPIO5" on a
// Raspberry Pi) or given as a number (the offset on the chip).
struct GpioLinesConfig {
    // "/dev/gpiochip0", "gpiochip4", or "auto": find the lines by name on any chip (the Pi 5
    // moved its header GPIOs from gpiochip4 to gpiochip0 between kernels).
    std::string chip = "auto";
    std::string input;                 // DOUT (HX711) or DRDY (ADS1220): input, falling edges
    std::optional<std::string> output; // PD_SCK (HX711): output, starts low
    std::string consumer = "bandstationd";
};

// One optional output line and one input line whose falling edges are timestamped by the kernel.
// Implementations: the libgpiod backend (hw/gpiod) and the chip fakes (hw/fake).
// Thread: one driver thread; not shared.
class GpioLines {
public:
    struct Edge {
        std::int64_t tNs = 0; // CLOCK_MONOTONIC instant the kernel saw the edge
    };
    enum class WaitStatus { Edge, Timeout, Error };
    struct WaitResult {
        WaitStatus status = WaitStatus::Timeout;
        Edge edge{};
    };

    virtual ~GpioLines() = default;

    // Drives the output line. Returns false if the kernel refused (the line is gone).
    virtual bool setOutput(bool high) = 0;
    // Level of the input line: 0, 1, or -1 on error.
    virtual int readInput() = 0;
    // The next falling edge of the input, oldest first (edges queue up while nobody waits), or
    // Timeout after `timeoutNs`. Never spins: blocks in the kernel.
    virtual WaitResult waitFallingEdge(std::int64_t timeoutNs) = 0;
    // A description for messages: "GPIO5 on /dev/gpiochip0".
    virtual std::string describeInput() const = 0;
};

} // namespace bandstation::hw
