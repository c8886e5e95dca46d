#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <bandstation/core/sample.h>

namespace bandstation::core {

// Metadata from a trace's "# key: value" comment lines.
struct TraceMeta {
    std::string exercise;
    std::optional<double> sampleRateHz;
    bool rawCounts =
        false; // header `t_s,counts`: a raw capture (`bandstation record`), not newtons
    std::vector<std::pair<std::string, std::string>> keys; // every key, in order
};

// Parser for the trace format of shared/data/traces/README.md: comment lines starting with '#',
// the header `t_s,force_n`, then one `time,force` row per sample with strictly increasing time.
// A raw capture has the header `t_s,counts` instead; its values are ADC codes (meta().rawCounts).
// Line by line, so a reader can stream a file of any length; the caller does the I/O.
class TraceParser {
public:
    struct Line {
        std::optional<ForceSample> sample; // a data row
        std::string error;                 // non-empty: this line is malformed (says why)
    };

    // One line without its newline. Line numbers count from 1. A file of comments only (or
    // nothing at all) is an empty trace, not an error.
    Line feed(std::string_view line);

    const TraceMeta& meta() const { return meta_; }
    std::size_t lineNumber() const { return line_; }

private:
    TraceMeta meta_;
    std::size_t line_ = 0;
    bool header_ = false;
    std::optional<double> lastT_;
};

// Median sample period of the timestamps (robust to gaps and jitter), as a rate in samples/s.
// Zero for fewer than two samples.
double estimateSampleRate(const std::vector<ForceSample>& samples);

} // namespace bandstation::core
