#pragma once

#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <bandstation/core/calibration.h>
#include <bandstation/core/trace_analysis.h>

namespace bandstation::tools {

// `bandstation analyze`: 0 on success, 2 on bad usage or input (one line on `err`).
int runAnalyze(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

// "OFFSET,COUNTS_PER_NEWTON" (the station's calibration); empty when malformed or invalid.
std::optional<core::Calibration> parseCalibration(std::string_view text);

// The analysis as the JSON object of the issue and docs; one object on one line.
std::string analysisJson(const core::TraceAnalysis& analysis);
// One CSV row per rep (or step, or hold) with a header line.
std::string analysisCsv(const core::TraceAnalysis& analysis);

} // namespace bandstation::tools
