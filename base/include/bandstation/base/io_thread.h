#pragma once

#include <cstdio>
#include <cstdlib>

namespace bandstation::base {

// The io thread is the daemon's one event loop: it must never wait for the disk or another
// thread. It marks itself; calls that may block (SQLite, waiting for the writer) check the mark
// in Debug builds and abort with the call's name, so a test that reaches one from the io thread
// fails where it happens.
inline thread_local bool tIoThread = false;

inline void markIoThread(bool on)
{
    tIoThread = on;
}

inline bool onIoThread()
{
    return tIoThread;
}

// Aborts (Debug builds) when called on the io thread.
inline void mayBlock([[maybe_unused]] const char* what)
{
#ifndef NDEBUG
    if (tIoThread) {
        std::fprintf(stderr, "bandstation: %s on the io thread (it must never block)\n", what);
        std::abort();
    }
#endif
}

} // namespace bandstation::base
