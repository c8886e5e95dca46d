// The only file that sees spidev.
#include "bandstation/hw/spidev_device.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <linux/spi/spidev.h>
#include <sys/ioctl.h>

#include <bandstation/base/unique_fd.h>
#include <bandstation/hw/errors.h>

namespace bandstation::hw {

namespace {

class Spidev final : public SpiDevice {
public:
    explicit Spidev(const SpiConfig& config) : config_(config)
    {
        fd_.reset(::open(config.device.c_str(), O_RDWR | O_CLOEXEC));
        if (!fd_.valid()) {
            const int err = errno;
            throw SetupError(systemErrorText("cannot open SPI device " + config.device, err) +
                             (err == ENOENT   ? " (enable SPI: dtparam=spi=on in "
                                                "/boot/firmware/config.txt, then reboot)"
                              : err == EACCES ? " (is the user in group spi?)"
                                              : ""));
        }
        std::uint8_t mode = config.mode;
        std::uint8_t bits = 8;
        std::uint32_t speed = config.speedHz;
        if (::ioctl(fd_.get(), SPI_IOC_WR_MODE, &mode) < 0 ||
            ::ioctl(fd_.get(), SPI_IOC_WR_BITS_PER_WORD, &bits) < 0 ||
            ::ioctl(fd_.get(), SPI_IOC_WR_MAX_SPEED_HZ, &speed) < 0) {
            throw SetupError(systemErrorText("SPI device " + config.device + " refuses mode " +
                                                 std::to_string(mode) + ", 8 bits, " +
                                                 std::to_string(speed) + " Hz",
                                             errno));
        }
    }

    bool transfer(std::span<const std::uint8_t> tx, std::span<std::uint8_t> rx) override
    {
        if (tx.size() != rx.size() || tx.empty()) {
            return false;
        }
        spi_ioc_transfer message{};
        message.tx_buf = reinterpret_cast<std::uintptr_t>(tx.data());
        message.rx_buf = reinterpret_cast<std::uintptr_t>(rx.data());
        message.len = static_cast<std::uint32_t>(tx.size());
        message.speed_hz = config_.speedHz;
        message.bits_per_word = 8;
        return ::ioctl(fd_.get(), SPI_IOC_MESSAGE(1), &message) >= 0;
    }

    std::string describe() const override { return config_.device; }

private:
    SpiConfig config_;
    base::UniqueFd fd_;
};

} // namespace

std::unique_ptr<SpiDevice> openSpidev(const SpiConfig& config)
{
    return std::make_unique<Spidev>(config);
}

} // namespace bandstation::hw
