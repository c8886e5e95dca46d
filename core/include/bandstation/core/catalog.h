#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace bandstation::core {

enum class MovementKind { Rep, Step, Hold };
enum class Sides { Both, LeftRight, Directions, None };

std::string_view toString(MovementKind kind);

// A prescribed tempo: seconds from the start of each motion to its end, as a physio writes it
// ("2-1-2"), plus an optional pause at the bottom.
struct Tempo {
    double upS = 0;
    double holdS = 0;
    double downS = 0;
    double bottomPauseS = 0;
};

struct Exercise {
    std::string_view id;
    std::string_view name;
    MovementKind kind;
    Sides sides;
    int sets;
    int reps;                   // reps per side; steps per direction for walks; 0 for holds
    double holdS;               // hold exercises: seconds per hold
    double restS;               // rest between sets
    std::optional<Tempo> tempo; // reps; walks have a cycle time instead
    double stepCycleS;          // walks: the expected time of one step cycle
    std::string_view cue;
};

// The catalog of ../shared/design/EXERCISES.md with its default prescriptions.
std::span<const Exercise> catalog();
const Exercise* findExercise(std::string_view id);

} // namespace bandstation::core
