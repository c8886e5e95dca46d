#pragma once

#include <span>
#include <string_view>

#include <bandstation/db/sqlite.h>

namespace bandstation::db {

// Migration N takes a database from user_version N−1 to N. Forward only: a released migration is
// never edited; a change is a new migration, tested from a committed fixture of the version before
// it (tests/data/db/vN.db).
std::span<const std::string_view> migrations();
int schemaVersion(); // the version this build writes

struct MigrationReport {
    int from = 0;
    int to = 0;
};

// Applies the missing migrations, each in its own transaction. Throws DbError for a database
// newer than this build (it refuses to touch it) or a failed migration (rolled back).
MigrationReport migrate(Database& db);

} // namespace bandstation::db
