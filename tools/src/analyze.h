#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <string_view>

#include <bandstation/core/trace_analysis.h>

namespace bandstation::tools {

// `bandstation analyze`: 0 on success, 2 on bad usage or input (one line on `err`).
int runAnalyze(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

// The analysis as the JSON object of the issue and docs; one object on one line.
std::string analysisJson(const core::TraceAnalysis& analysis);
// One CSV row per rep (or step, or hold) with a header line.
std::string analysisCsv(const core::TraceAnalysis& analysis);

} // namespace bandstation::tools
