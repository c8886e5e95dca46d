#pragma once

#include <cstdint>
#include <iosfwd>
#include <span>

#include <bandstation/db/store.h>

namespace bandstation::db {

// Exports that stream: rows go to `out` as they are read, samples one chunk at a time, so a long
// session never has to fit in memory. Numbers in a fixed format, text JSON-escaped or CSV-quoted.

// One row per rep, step or hold of the given sessions, with its session and set.
void exportRepsCsv(Store& store, std::span<const std::int64_t> sessionIds, std::ostream& out);
// One row per sample of a set's channel: t_s (from the set's first sample), force_n, counts, flags.
void exportSamplesCsv(Store& store, std::int64_t setId, int channel, std::ostream& out);
// The session with its sets and reps as one JSON object.
void exportSessionJson(Store& store, std::int64_t sessionId, std::ostream& out);
// A set's samples as {"set_id":…, "channel":…, "samples":[[t_s, force_n, counts, flags], …]}.
void exportSamplesJson(Store& store, std::int64_t setId, int channel, std::ostream& out);

} // namespace bandstation::db
