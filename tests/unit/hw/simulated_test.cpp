// The simulated athlete: what it performs is what the analyzer of core finds in its samples, for
// every kind of movement, at the rates the station runs.
#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include <bandstation/core/trace_analysis.h>
#include <bandstation/hw/fake/fake_clock.h>
#include <bandstation/hw/simulated_athlete.h>

namespace bandstation::hw {
namespace {

struct Run {
    std::vector<core::RawSample> raw;
    std::vector<PerformedMovement> performed;
};

// Samples `seconds` of the athlete performing one set of `plan` as fast as possible.
Run simulate(const AthletePlan& plan, double rate, double seconds, std::uint64_t seed = 1,
             int channels = 1)
{
    fake::FakeClock clock;
    SimulatedConfig config;
    config.rateHz = rate;
    config.realTime = false;
    config.channels = channels;
    AthleteConfig athlete;
    athlete.seed = seed;
    SimulatedSampler sampler(clock, config, athlete, plan);
    Run run;
    const auto samples =
        static_cast<std::size_t>(seconds * rate) * static_cast<std::size_t>(channels);
    while (run.raw.size() < samples) {
        sampler.poll(run.raw);
    }
    run.performed = sampler.performed();
    EXPECT_EQ(sampler.status().counters.samples, run.raw.size());
    return run;
}

std::vector<core::ForceSample> toForce(const std::vector<core::RawSample>& raw)
{
    const SimulatedConfig config;
    std::vector<core::ForceSample> out;
    for (const auto& s : raw) {
        if (s.channel == 0) {
            out.push_back(config.calibration.apply(s, config.range));
        }
    }
    return out;
}

std::size_t performedBefore(const Run& run, double tS)
{
    return static_cast<std::size_t>(std::count_if(run.performed.begin(), run.performed.end(),
                                                  [&](const auto& m) { return m.endS < tS; }));
}

TEST(SimulatedAthlete, TheAnalyzerCountsEveryRepItPerforms)
{
    for (const double rate : {80.0, 320.0}) {
        AthletePlan plan;
        plan.exercise = "banded_bridge";
        plan.sets = 1;
        plan.reps = 12;
        const auto run = simulate(plan, rate, 75, 7);
        ASSERT_EQ(performedBefore(run, 75), 12U);
        const auto& exercise = *core::findExercise("banded_bridge");
        const auto analysis =
            core::analyzeSamples(toForce(run.raw), exercise, core::defaultTargets(exercise), rate);
        EXPECT_EQ(analysis.reps.size(), 12U) << "at " << rate;
        // Its tempo is the prescription (2-1-2), measured like for like: judged good.
        for (const auto& j : analysis.judgements) {
            EXPECT_FALSE(j.tooFastUp || j.tooFastDown);
        }
    }
}

TEST(SimulatedAthlete, HitsTheForceZoneItIsGiven)
{
    AthletePlan plan;
    plan.exercise = "clamshell";
    plan.sets = 1;
    plan.reps = 10;
    plan.targets.zone = core::ForceZone{80, 100};
    const auto run = simulate(plan, 80, 50, 3);
    const auto& exercise = *core::findExercise("clamshell");
    auto targets = core::defaultTargets(exercise);
    targets.zone = plan.targets.zone;
    const auto analysis = core::analyzeSamples(toForce(run.raw), exercise, targets, 80);
    ASSERT_EQ(analysis.reps.size(), performedBefore(run, 50));
    int inZone = 0;
    for (const auto& j : analysis.judgements) {
        inZone += j.inZone.value_or(false) ? 1 : 0;
    }
    // Aiming at the middle with fatigue and spread: most reps land in the zone.
    EXPECT_GE(inZone, 7);
}

TEST(SimulatedAthlete, WalksStepsBothWaysWithATurn)
{
    AthletePlan plan;
    plan.exercise = "crab_walk";
    plan.sets = 1;
    plan.reps = 15;
    const auto run = simulate(plan, 80, 38, 5);
    ASSERT_EQ(performedBefore(run, 38), 30U);
    const auto& exercise = *core::findExercise("crab_walk");
    const auto analysis =
        core::analyzeSamples(toForce(run.raw), exercise, core::defaultTargets(exercise), 80);
    EXPECT_EQ(analysis.reps.size(), 30U);
    EXPECT_EQ(analysis.summary.directions, 2);
    EXPECT_EQ(analysis.summary.slackSteps, 0);
}

TEST(SimulatedAthlete, HoldsForTheTimeItIsTold)
{
    AthletePlan plan;
    plan.exercise = "glute_bridge_hold";
    plan.sets = 1;
    plan.holdS = 20;
    const auto run = simulate(plan, 80, 30, 2);
    const auto& exercise = *core::findExercise("glute_bridge_hold");
    const auto analysis =
        core::analyzeSamples(toForce(run.raw), exercise, core::defaultTargets(exercise), 80);
    ASSERT_EQ(analysis.holds.size(), 1U);
    EXPECT_NEAR(analysis.holds[0].durationS, 20.0, 2.0);
}

TEST(SimulatedAthlete, IsDeterministicForASeedAndVariesAcrossSeeds)
{
    AthletePlan plan;
    const auto a = simulate(plan, 80, 20, 11);
    const auto b = simulate(plan, 80, 20, 11);
    const auto c = simulate(plan, 80, 20, 12);
    ASSERT_EQ(a.raw.size(), b.raw.size());
    EXPECT_TRUE(std::equal(a.raw.begin(), a.raw.end(), b.raw.begin(),
                           [](auto x, auto y) { return x.tNs == y.tNs && x.counts == y.counts; }));
    EXPECT_FALSE(std::equal(a.raw.begin(), a.raw.end(), c.raw.begin(),
                            [](auto x, auto y) { return x.counts == y.counts; }));
}

TEST(SimulatedAthlete, TheBandIsNeverSlackAndTimestampsIncrease)
{
    AthletePlan plan;
    plan.exercise = "side_leg_raise";
    const auto run = simulate(plan, 1000, 30, 4);
    const auto forces = toForce(run.raw);
    for (std::size_t i = 1; i < forces.size(); ++i) {
        ASSERT_GT(forces[i].tNs, forces[i - 1].tNs);
        if (forces[i].flags == 0 && std::abs(forces[i].forceN - forces[i - 1].forceN) < 100) {
            EXPECT_GT(forces[i].forceN, 15.0); // rest tension 25 N, noise and drift
        }
    }
}

TEST(SimulatedAthlete, TwoLoadCellsGiveTwoChannels)
{
    AthletePlan plan;
    const auto run = simulate(plan, 80, 5, 1, 2);
    std::size_t right = 0;
    for (const auto& s : run.raw) {
        right += s.channel == 1 ? 1U : 0U;
    }
    EXPECT_EQ(right * 2, run.raw.size());
}

TEST(SimulatedAthlete, ANewPlanStartsAfterTheStartDelay)
{
    AthleteConfig config;
    AthletePlan plan;
    plan.exercise = "clamshell";
    SimulatedAthlete athlete(config, plan);
    for (double t = 0; t < 10; t += 0.01) {
        athlete.forceAt(t);
    }
    const auto before = athlete.performed().size();
    AthletePlan hold;
    hold.exercise = "glute_bridge_hold";
    hold.holdS = 5;
    athlete.setPlan(hold, 10);
    EXPECT_NEAR(athlete.forceAt(11.0), config.restTensionN, 0.5); // still resting
    for (double t = 11; t < 25; t += 0.01) {
        athlete.forceAt(t);
    }
    ASSERT_GT(athlete.performed().size(), before);
    EXPECT_EQ(athlete.performed()[before].kind, core::MovementKind::Hold);
    EXPECT_NEAR(athlete.performed()[before].startS, 10 + config.startDelayS, 1e-9);
}

TEST(SimulatedAthlete, AnIdleAthleteRestsAndAOneOffPlanIsNotRepeated)
{
    AthleteConfig config;
    AthletePlan idle;
    idle.idle = true;
    SimulatedAthlete athlete(config, idle);
    for (double t = 0; t < 200; t += 0.05) {
        EXPECT_NEAR(athlete.forceAt(t), config.restTensionN, 0.5);
    }
    EXPECT_TRUE(athlete.performed().empty());

    AthletePlan once;
    once.exercise = "clamshell";
    once.reps = 3;
    once.sets = 1;
    once.restS = 0;
    once.repeat = false;
    athlete.setPlan(once, 200);
    for (double t = 200; t < 400; t += 0.01) {
        athlete.forceAt(t);
    }
    EXPECT_EQ(athlete.performed().size(), 3u);
}

} // namespace
} // namespace bandstation::hw
