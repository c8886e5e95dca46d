#include "bandstation/db/owner_lock.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <bandstation/db/sqlite.h>

namespace bandstation::db {

namespace {

std::optional<pid_t> pidIn(const std::string& path)
{
    std::ifstream in(path);
    long pid = 0;
    if (in >> pid && pid > 0) {
        return static_cast<pid_t>(pid);
    }
    return std::nullopt;
}

} // namespace

OwnerLock::OwnerLock(const std::string& databasePath)
{
    const auto path = lockPath(databasePath);
    fd_ = base::UniqueFd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd_.valid()) {
        throw DbError("cannot open " + path + ": " + std::strerror(errno), 14);
    }
    if (::flock(fd_.get(), LOCK_EX | LOCK_NB) != 0) {
        const auto pid = pidIn(path);
        throw DbError("the database " + databasePath + " is in use by another bandstationd" +
                          (pid ? " (pid " + std::to_string(*pid) + ")" : std::string()) +
                          ": stop it first (systemctl stop bandstation), or give this one its "
                          "own database (database = in the configuration, or --db)",
                      5 /* SQLITE_BUSY */);
    }
    const auto text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_.get(), 0) != 0 ||
        ::pwrite(fd_.get(), text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
        // The lock holds without the pid (a full disk): only the message to a second daemon is
        // poorer.
    }
}

std::optional<pid_t> OwnerLock::holder(const std::string& databasePath)
{
    const auto path = lockPath(databasePath);
    base::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        return std::nullopt;
    }
    if (::flock(fd.get(), LOCK_SH | LOCK_NB) == 0) {
        ::flock(fd.get(), LOCK_UN);
        return std::nullopt;
    }
    return pidIn(path).value_or(-1);
}

} // namespace bandstation::db
