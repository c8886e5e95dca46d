#include <set>
#include <string>

#include <gtest/gtest.h>

#include <bandstation/core/catalog.h>
#include <bandstation/core/trace_analysis.h>

namespace bandstation::core {
namespace {

TEST(Catalog, HoldsTheExercisesOfTheDesign)
{
    const std::set<std::string> expected{"banded_bridge",   "crab_walk",        "monster_walk",
                                         "clamshell",       "side_leg_raise",   "single_leg_bridge",
                                         "hip_flexor_lift", "glute_bridge_hold"};
    std::set<std::string> ids;
    for (const auto& e : catalog()) {
        ids.insert(std::string(e.id));
        EXPECT_FALSE(e.name.empty());
        EXPECT_FALSE(e.cue.empty());
        EXPECT_GT(e.sets, 0);
        EXPECT_GT(e.restS, 0);
    }
    EXPECT_EQ(ids, expected);
}

TEST(Catalog, KindsAndDefaults)
{
    EXPECT_EQ(findExercise("crab_walk")->kind, MovementKind::Step);
    EXPECT_EQ(findExercise("glute_bridge_hold")->kind, MovementKind::Hold);
    EXPECT_EQ(findExercise("glute_bridge_hold")->holdS, 30);
    const auto* bridge = findExercise("banded_bridge");
    ASSERT_TRUE(bridge);
    EXPECT_EQ(bridge->kind, MovementKind::Rep);
    EXPECT_EQ(bridge->sets, 3);
    EXPECT_EQ(bridge->reps, 12);
    ASSERT_TRUE(bridge->tempo);
    EXPECT_EQ(bridge->tempo->upS, 2);
    EXPECT_EQ(bridge->tempo->downS, 2);
    EXPECT_EQ(findExercise("clamshell")->sides, Sides::LeftRight);
    EXPECT_EQ(findExercise("nope"), nullptr);
}

TEST(Catalog, DefaultTargetsCarryTheTempoOfReps)
{
    EXPECT_TRUE(defaultTargets(*findExercise("clamshell")).tempo);
    EXPECT_FALSE(defaultTargets(*findExercise("crab_walk")).tempo);
    EXPECT_FALSE(defaultTargets(*findExercise("clamshell")).zone);
}

} // namespace
} // namespace bandstation::core
