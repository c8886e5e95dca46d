#pragma once

#include <optional>
#include <string>

#include <sys/types.h>

#include <bandstation/base/unique_fd.h>

namespace bandstation::db {

// One daemon per database: an exclusive lock (flock) on "<database>.lock", which holds the
// owner's pid. The kernel drops it when the process ends, however it ends, so a crash leaves no
// stale lock behind.
class OwnerLock {
public:
    // Takes the lock; throws DbError naming the process that holds it.
    explicit OwnerLock(const std::string& databasePath);

    // The pid of the process holding the database's lock, if one does.
    static std::optional<pid_t> holder(const std::string& databasePath);
    static std::string lockPath(const std::string& databasePath) { return databasePath + ".lock"; }

private:
    base::UniqueFd fd_;
};

} // namespace bandstation::db
