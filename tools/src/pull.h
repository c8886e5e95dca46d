#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace bandstation::tools {

// `bandstation pull`: fetches every session changed since the last pull into a folder (one JSON
// file per session, CSV files of its reps and of each set's samples), keeping the cursor there, so
// it is incremental, and safe to interrupt and run again. `--list` lists the station's sessions.
// Exit status: 0 done, 1 network or station error, 2 bad usage, 3 the station refused the token.
int runPull(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

} // namespace bandstation::tools
