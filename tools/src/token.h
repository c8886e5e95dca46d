#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace bandstation::tools {

// `bandstation token create|list|revoke`: the station's API tokens, straight in its database
// (the daemon picks a new token up on first use). 0 on success, 2 on bad usage, 1 on a database
// error.
int runToken(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

// The database a tool uses when --db is not given: the installed station's, else a development
// run's under ./var (where bandstationd puts it by default).
std::string defaultDatabasePath();

} // namespace bandstation::tools
