// The libgpiod and spidev backends exist in this build and fail cleanly, naming the device, on a
// machine without the device (this one: no GPIO chip, no SPI bus).
#include <string>

#include <gtest/gtest.h>

#include <bandstation/hw/errors.h>
#include <bandstation/hw/gpiod_lines.h>
#include <bandstation/hw/source_factory.h>
#include <bandstation/hw/spidev_device.h>

namespace bandstation::hw {
namespace {

std::string setupErrorOf(const std::function<void()>& open)
{
    try {
        open();
    } catch (const SetupError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(GpiodBackend, AMissingChipIsNamed)
{
    GpioLinesConfig config{"/dev/gpiochip-missing", "GPIO5", std::string("GPIO6")};
    const auto text = setupErrorOf([&] { openGpiodLines(config); });
    EXPECT_NE(text.find("/dev/gpiochip-missing"), std::string::npos) << text;
    EXPECT_NE(text.find("No such file"), std::string::npos) << text;
}

TEST(GpiodBackend, AMissingLineIsNamed)
{
    GpioLinesConfig config{"auto", "NO_SUCH_LINE_42", std::nullopt};
    const auto text = setupErrorOf([&] { openGpiodLines(config); });
    EXPECT_NE(text.find("NO_SUCH_LINE_42"), std::string::npos) << text;
}

TEST(SpidevBackend, AMissingDeviceIsNamed)
{
    SpiConfig config;
    config.device = "/dev/spidev9.9";
    const auto text = setupErrorOf([&] { openSpidev(config); });
    EXPECT_NE(text.find("/dev/spidev9.9"), std::string::npos) << text;
    EXPECT_NE(text.find("dtparam=spi=on"), std::string::npos) << text;
}

TEST(SpidevBackend, ADeviceThatIsNotSpiIsRefused)
{
    SpiConfig config;
    config.device = "/dev/null";
    const auto text = setupErrorOf([&] { openSpidev(config); });
    EXPECT_NE(text.find("/dev/null"), std::string::npos) << text;
}

TEST(SourceFactory, OpensEveryKindOrSaysWhyNot)
{
    SensorConfig config;
    config.kind = SensorKind::Hx711;
    config.hx711Lines.chip = "/dev/gpiochip-missing";
    EXPECT_NE(setupErrorOf([&] { openSource(config); }).find("gpiochip-missing"),
              std::string::npos);
    config.hx711.rateHz = 40;
    EXPECT_NE(setupErrorOf([&] { openSource(config); }).find("10 or 80"), std::string::npos);

    config.kind = SensorKind::Ads1220;
    config.spi.device = "/dev/spidev7.7";
    EXPECT_NE(setupErrorOf([&] { openSource(config); }).find("/dev/spidev7.7"), std::string::npos);

    config.kind = SensorKind::Simulated;
    auto opened = openSource(config);
    ASSERT_TRUE(opened.source);
    EXPECT_NE(opened.simulated, nullptr);
    EXPECT_EQ(opened.source->status().state, SourceState::Stopped); // not started yet

    EXPECT_EQ(parseSensorKind("hx711"), SensorKind::Hx711);
    EXPECT_FALSE(parseSensorKind("hx712"));
}

} // namespace
} // namespace bandstation::hw
