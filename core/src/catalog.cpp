#include "bandstation/core/catalog.h"

#include <algorithm>
#include <array>

namespace bandstation::core {

namespace {

using enum MovementKind;

// clang-format off
constexpr std::array kCatalog{
    Exercise{"banded_bridge", "Bridge with resisted hip abduction", Rep, Sides::Both,
             3, 12, 0, 60, Tempo{2, 1, 2, 0}, 0,
             "Reach the force zone at the top, hold, lower slowly"},
    Exercise{"crab_walk", "Lateral band walk (crab walk)", Step, Sides::Directions,
             2, 15, 0, 60, std::nullopt, 1.0,
             "Keep tension: the band never goes slack between steps; even cadence"},
    Exercise{"monster_walk", "Forward and backward band walk", Step, Sides::None,
             2, 15, 0, 60, std::nullopt, 1.0,
             "Keep tension between steps; even cadence"},
    Exercise{"clamshell", "Clamshell with a band above the knees", Rep, Sides::LeftRight,
             3, 15, 0, 45, Tempo{1, 1, 2, 0}, 0,
             "Slow, no rocking: the hips stay still"},
    Exercise{"side_leg_raise", "Side-lying leg raise with a band", Rep, Sides::LeftRight,
             3, 15, 0, 60, Tempo{1, 1, 2, 0}, 0,
             "Toe points down, slow lower"},
    Exercise{"single_leg_bridge", "Single-leg bridge with a band", Rep, Sides::LeftRight,
             3, 10, 0, 60, Tempo{2, 1, 2, 0}, 0,
             "Level pelvis, hold at the top"},
    Exercise{"hip_flexor_lift", "Hip-flexor lift at long length", Rep, Sides::LeftRight,
             3, 10, 0, 60, Tempo{2, 1, 3, 1}, 0,
             "No swinging: slow both ways, brief pause at the bottom"},
    Exercise{"glute_bridge_hold", "Banded glute-bridge hold", Hold, Sides::Both,
             3, 0, 30, 60, std::nullopt, 0,
             "Stay in the zone for the whole hold"},
};
// clang-format on

} // namespace

std::string_view toString(MovementKind kind)
{
    switch (kind) {
    case Rep:
        return "rep";
    case Step:
        return "step";
    case Hold:
        return "hold";
    }
    return "rep";
}

std::span<const Exercise> catalog()
{
    return kCatalog;
}

const Exercise* findExercise(std::string_view id)
{
    const auto it = std::find_if(kCatalog.begin(), kCatalog.end(),
                                 [id](const Exercise& e) { return e.id == id; });
    return it == kCatalog.end() ? nullptr : &*it;
}

} // namespace bandstation::core
