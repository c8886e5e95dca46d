// The only file that sees libgpiod (v1 API, Debian 12 / Raspberry Pi OS bookworm: 1.6.3). A v2
// backend is one more file beside this one.
#include "bandstation/hw/gpiod_lines.h"

#include <cerrno>
#include <ctime>
#include <string>
#include <vector>

#include <gpiod.h>

#include <bandstation/base/parse.h>
#include <bandstation/hw/errors.h>

namespace bandstation::hw {

namespace {

struct ChipCloser {
    void operator()(gpiod_chip* chip) const { gpiod_chip_close(chip); }
};
using ChipPtr = std::unique_ptr<gpiod_chip, ChipCloser>;

struct LineReleaser {
    void operator()(gpiod_line* line) const { gpiod_line_release(line); }
};
using RequestedLine = std::unique_ptr<gpiod_line, LineReleaser>;

class GpiodLines final : public GpioLines {
public:
    explicit GpiodLines(const GpioLinesConfig& config)
    {
        input_ = request(config, config.input, true);
        if (config.output) {
            output_ = request(config, *config.output, false);
        }
    }

    bool setOutput(bool high) override
    {
        return output_ && gpiod_line_set_value(output_.get(), high ? 1 : 0) == 0;
    }

    int readInput() override { return gpiod_line_get_value(input_.get()); }

    WaitResult waitFallingEdge(std::int64_t timeoutNs) override
    {
        timespec timeout{};
        timeout.tv_sec = static_cast<time_t>(timeoutNs / 1'000'000'000);
        timeout.tv_nsec = static_cast<long>(timeoutNs % 1'000'000'000);
        const int ready = gpiod_line_event_wait(input_.get(), &timeout);
        if (ready < 0) {
            return {WaitStatus::Error, {}};
        }
        if (ready == 0) {
            return {WaitStatus::Timeout, {}};
        }
        gpiod_line_event event{};
        if (gpiod_line_event_read(input_.get(), &event) != 0) {
            return {WaitStatus::Error, {}};
        }
        // Kernels from 5.7 stamp v1 line events with CLOCK_MONOTONIC (the driver checks).
        return {WaitStatus::Edge,
                {static_cast<std::int64_t>(event.ts.tv_sec) * 1'000'000'000 + event.ts.tv_nsec}};
    }

    std::string describeInput() const override { return inputName_; }

private:
    RequestedLine request(const GpioLinesConfig& config, const std::string& name, bool input)
    {
        gpiod_line* line = nullptr;
        std::string where;
        if (config.chip == "auto") {
            // Searches every chip; the line keeps its chip open (closed with the chip below).
            line = gpiod_line_find(name.c_str());
            if (line == nullptr) {
                throw SetupError(
                    errno == ENOENT || errno == 0
                        ? "no GPIO line named '" + name +
                              "' on any chip (list them with gpioinfo; is this a "
                              "Raspberry Pi, and is the user in group gpio?)"
                        : systemErrorText("cannot search GPIO chips for '" + name + "'", errno));
            }
            chips_.emplace_back(gpiod_line_get_chip(line));
            where = gpiod_chip_name(gpiod_line_get_chip(line));
        } else {
            ChipPtr chip(gpiod_chip_open_lookup(config.chip.c_str()));
            if (!chip) {
                throw SetupError(
                    systemErrorText("cannot open GPIO chip '" + config.chip + "'", errno) +
                    " (is the user in group gpio?)");
            }
            line = gpiod_chip_find_line(chip.get(), name.c_str());
            if (line == nullptr) {
                if (const auto offset = base::parseInteger(name);
                    offset && *offset >= 0 &&
                    static_cast<unsigned>(*offset) < gpiod_chip_num_lines(chip.get())) {
                    line = gpiod_chip_get_line(chip.get(), static_cast<unsigned>(*offset));
                }
            }
            if (line == nullptr) {
                throw SetupError("no GPIO line '" + name + "' on " + config.chip +
                                 " (list them with gpioinfo " + config.chip + ")");
            }
            where = config.chip;
            chips_.push_back(std::move(chip));
        }
        int rc = 0;
        if (input) {
            rc = gpiod_line_request_falling_edge_events_flags(line, config.consumer.c_str(),
                                                              GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP);
            if (rc != 0 && errno == EINVAL) { // a kernel without bias support
                rc = gpiod_line_request_falling_edge_events(line, config.consumer.c_str());
            }
            inputName_ = name + " on " + where;
        } else {
            rc = gpiod_line_request_output(line, config.consumer.c_str(), 0);
        }
        if (rc != 0) {
            const int err = errno;
            const char* holder = gpiod_line_consumer(line);
            throw SetupError(
                systemErrorText("cannot request GPIO line " + name + " on " + where, err) +
                (holder != nullptr ? std::string(" (in use by '") + holder + "')" : std::string()));
        }
        return RequestedLine(line);
    }

    // Declared first: the lines are released before their chips are closed.
    std::vector<ChipPtr> chips_;
    RequestedLine input_;
    RequestedLine output_;
    std::string inputName_;
};

} // namespace

std::unique_ptr<GpioLines> openGpiodLines(const GpioLinesConfig& config)
{
    return std::make_unique<GpiodLines>(config);
}

} // namespace bandstation::hw
