#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <bandstation/core/sample.h>

namespace bandstation::db {

// The compact form of a run of raw samples of one channel, as stored in a sample chunk.
//
// Format 1: a header (count, first timestamp, nominal period, first code, then the sparse list
// of flagged samples), then blocks of up to 64 samples, each with its own Rice parameters: the
// time residual against a tracked grid of the converter's clock (µs), and the code's residual
// against the better of two predictors (the previous code, or the line through the last two),
// zigzag folded and Rice coded, with an escape for outliers (a spike costs a few bytes, not
// hundreds). Codes are exact; timestamps keep microseconds. About 2–3 bytes per sample on
// load-cell data, most of it the sensor's noise, which no lossless coder can remove.
inline constexpr int kSampleEncoding = 1;

std::vector<std::uint8_t> encodeSamples(std::span<const core::RawSample> samples);

// Decodes a chunk; `channel` is written into every sample. Empty optional and `error` set when
// the bytes are not a valid chunk (never reads out of bounds, never crashes).
std::optional<std::vector<core::RawSample>> decodeSamples(std::span<const std::uint8_t> bytes,
                                                          std::uint8_t channel,
                                                          std::string* error = nullptr);

} // namespace bandstation::db
