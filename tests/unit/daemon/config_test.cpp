#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bandstation/daemon/config.h>

namespace bandstation::daemon {
namespace {

using ::testing::HasSubstr;

class ConfigFile : public ::testing::Test {
protected:
    std::string write(const std::string& text)
    {
        std::ofstream(path_) << text;
        return path_.string();
    }
    std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                  ("bandstation_config_" + std::to_string(::getpid()) + ".conf");
    void TearDown() override { std::filesystem::remove(path_); }
};

std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST_F(ConfigFile, ReadsKeysCommentsAndBlankLines)
{
    Config c;
    loadConfigFile(
        write("# a comment\n\nsensor = replay   # trailing comment\nreplay_file = a.csv\n"
              "listen = 0.0.0.0:8080\nset_idle_timeout_s=30\nlog_level = debug\n"),
        c);
    EXPECT_EQ(c.sensor.kind, hw::SensorKind::Replay);
    EXPECT_EQ(c.sensor.replay.path, "a.csv");
    EXPECT_EQ(c.listenAddress, "0.0.0.0");
    EXPECT_EQ(c.listenPort, 8080);
    EXPECT_DOUBLE_EQ(c.setIdleTimeoutS, 30);
    EXPECT_EQ(c.logLevel, base::LogLevel::Debug);
}

TEST_F(ConfigFile, ABadValueNamesFileLineAndKey)
{
    Config c;
    const auto path = write("sensor = simulated\n\nhx711_gain = 100\n");
    const auto message = errorOf([&] { loadConfigFile(path, c); });
    EXPECT_THAT(message, HasSubstr(path + ":3"));
    EXPECT_THAT(message, HasSubstr("hx711_gain"));
    EXPECT_THAT(message, HasSubstr("128, 64"));
}

TEST_F(ConfigFile, UnknownKeysAndMissingEqualsAreRefused)
{
    Config c;
    EXPECT_THAT(errorOf([&] { loadConfigFile(write("sensr = hx711\n"), c); }),
                HasSubstr(":1: unknown key 'sensr'"));
    EXPECT_THAT(errorOf([&] { loadConfigFile(write("\nsensor hx711\n"), c); }),
                HasSubstr(":2: expected 'key = value'"));
    EXPECT_THAT(errorOf([&] { loadConfigFile(write("listen = 7420\n"), c); }),
                HasSubstr("ADDRESS:PORT"));
    EXPECT_THAT(errorOf([&] { loadConfigFile(write("listen = 1.2.3.4:70000\n"), c); }),
                HasSubstr("listen"));
    EXPECT_THAT(errorOf([&] { loadConfigFile(write("frame_rate_hz = 120\n"), c); }),
                HasSubstr("from 1"));
    EXPECT_THAT(errorOf([&] { loadConfigFile("/nonexistent/bandstation.conf", c); }),
                HasSubstr("cannot read"));
}

TEST(Config, ValidateNeedsBothTlsFilesAndAReplayFile)
{
    Config c;
    c.tlsCertificate = "cert.pem";
    EXPECT_THAT(errorOf([&] { validate(c); }), HasSubstr("go together"));
    Config r;
    r.sensor.kind = hw::SensorKind::Replay;
    EXPECT_THAT(errorOf([&] { validate(r); }), HasSubstr("replay_file"));
}

TEST(Config, FlagsOverrideAndReplayTakesItsFile)
{
    const std::vector<std::string_view> args{"--sensor", "replay:trace.csv", "--db",
                                             "x.db",     "--listen",         "127.0.0.1:0"};
    const auto c = resolveConfig(parseCommandLine(args));
    EXPECT_EQ(c.sensor.kind, hw::SensorKind::Replay);
    EXPECT_EQ(c.sensor.replay.path, "trace.csv");
    EXPECT_EQ(c.database, "x.db");
    EXPECT_EQ(c.listenPort, 0);
    const std::vector<std::string_view> bad{"--sensor", "usb"};
    EXPECT_THAT(errorOf([&] { resolveConfig(parseCommandLine(bad)); }), HasSubstr("--sensor"));
    const std::vector<std::string_view> unknown{"--port", "1"};
    EXPECT_THAT(errorOf([&] { parseCommandLine(unknown); }), HasSubstr("unknown option"));
}

// The shipped file documents every key with its default: uncommenting any one of its settings
// parses and leaves the defaults as they were.
TEST(Config, ShippedFileDocumentsEveryKeyWithItsDefault)
{
    std::ifstream in(BANDSTATION_SHIPPED_CONFIG);
    ASSERT_TRUE(in) << BANDSTATION_SHIPPED_CONFIG;
    const std::regex setting(R"(^#([a-z0-9_]+) = ?(.*)$)");
    std::string line;
    std::set<std::string> documented;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::smatch m;
        if (!std::regex_match(line, m, setting)) {
            continue;
        }
        documented.insert(m[1].str());
        if (m[2].str().empty()) {
            continue; // a file name with no default
        }
        Config defaults, changed;
        applySetting(changed, m[1].str(), m[2].str(), "line " + std::to_string(number));
        EXPECT_EQ(changed.listenPort, defaults.listenPort) << line;
        EXPECT_EQ(changed.database, defaults.database) << line;
        EXPECT_EQ(changed.setIdleTimeoutS, defaults.setIdleTimeoutS) << line;
        EXPECT_EQ(changed.sensor.kind, defaults.sensor.kind) << line;
        EXPECT_EQ(changed.sensor.simulated.rateHz, defaults.sensor.simulated.rateHz) << line;
    }
    for (const auto key : configKeys()) {
        EXPECT_TRUE(documented.count(std::string(key))) << key << " is not in the shipped file";
    }
    EXPECT_EQ(documented.size(), configKeys().size());
}

} // namespace
} // namespace bandstation::daemon
