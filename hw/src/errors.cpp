#include "bandstation/hw/errors.h"

#include <cstring>

#include "bandstation/hw/source.h"

namespace bandstation::hw {

std::string systemErrorText(const std::string& what, int err)
{
    return what + ": " + std::strerror(err);
}

std::string_view toString(SourceState state)
{
    switch (state) {
    case SourceState::Starting:
        return "starting";
    case SourceState::Streaming:
        return "streaming";
    case SourceState::Faulted:
        return "faulted";
    case SourceState::Finished:
        return "finished";
    case SourceState::Stopped:
        return "stopped";
    }
    return "unknown";
}

} // namespace bandstation::hw
