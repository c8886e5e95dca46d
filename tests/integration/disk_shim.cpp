// A disk on a bad day, for the end-to-end tests (LD_PRELOAD into bandstationd only):
//   BANDSTATION_TEST_SYNC_DELAY_MS=N      every fsync/fdatasync takes N ms longer (an SD card
//                                         that stalls on flush);
//   BANDSTATION_TEST_DISK_FULL_FLAG=PATH  while PATH exists, every pwrite fails with ENOSPC (a
//                                         full filesystem; SQLite writes pages with pwrite).
// Sockets and the log use send/writev/write and are not touched.
#include <cerrno>
#include <cstdlib>
#include <ctime>

#include <dlfcn.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace {

long syncDelayMs()
{
    static const long ms = [] {
        const char* v = std::getenv("BANDSTATION_TEST_SYNC_DELAY_MS");
        return v ? std::atol(v) : 0L;
    }();
    return ms;
}

bool diskFull()
{
    static const char* flag = std::getenv("BANDSTATION_TEST_DISK_FULL_FLAG");
    struct stat st {};
    return flag != nullptr && ::stat(flag, &st) == 0;
}

void stall()
{
    const long ms = syncDelayMs();
    if (ms <= 0) {
        return;
    }
    timespec left{ms / 1000, (ms % 1000) * 1'000'000};
    while (::nanosleep(&left, &left) == -1 && errno == EINTR) {
    }
}

template <typename F>
F real(const char* name)
{
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

int fsync(int fd)
{
    static const auto next = real<int (*)(int)>("fsync");
    stall();
    return next(fd);
}

int fdatasync(int fd)
{
    static const auto next = real<int (*)(int)>("fdatasync");
    stall();
    return next(fd);
}

ssize_t pwrite(int fd, const void* buffer, size_t n, off_t offset)
{
    static const auto next = real<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
    if (n > 0 && diskFull()) {
        errno = ENOSPC;
        return -1;
    }
    return next(fd, buffer, n, offset);
}

ssize_t pwrite64(int fd, const void* buffer, size_t n, off64_t offset)
{
    static const auto next = real<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
    if (n > 0 && diskFull()) {
        errno = ENOSPC;
        return -1;
    }
    return next(fd, buffer, n, offset);
}

} // extern "C"
