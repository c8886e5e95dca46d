// The athlete summary's arithmetic: local weeks, the plan, the streak, the trend and the
// prescription that prefills the next set, on sessions built by hand.
#include <cstdlib>
#include <ctime>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <bandstation/daemon/athlete_summary.h>

namespace bandstation::daemon {
namespace {

class AthleteSummary : public ::testing::Test {
protected:
    void SetUp() override
    {
        const char* tz = std::getenv("TZ");
        savedTz_ = tz ? std::optional<std::string>(tz) : std::nullopt;
        setenv("TZ", "Europe/Berlin", 1);
        tzset();
    }
    void TearDown() override
    {
        if (savedTz_) {
            setenv("TZ", savedTz_->c_str(), 1);
        } else {
            unsetenv("TZ");
        }
        tzset();
    }

    // A session of `reps` clamshell reps per side (two sets: left, right) at `startedAt`.
    static db::SessionDetail session(std::int64_t id, const std::string& startedAt, int reps,
                                     double peak = 50)
    {
        db::SessionDetail d;
        d.session.id = id;
        d.session.startedAt = startedAt;
        d.session.status = db::Status::Completed;
        for (const auto* side : {"left", "right"}) {
            db::SetRow set;
            set.start.exerciseId = "clamshell";
            set.start.side = side;
            set.start.bandColour = "green";
            set.start.targetReps = reps;
            set.start.restS = 45;
            set.start.targets.zone = core::ForceZone{40, 60};
            set.summary.goodReps = reps - 1;
            for (int i = 0; i < reps; ++i) {
                db::RepRecord r;
                r.index = i;
                r.rep.peakForceN = peak + i;
                set.reps.push_back(r);
            }
            d.sets.push_back(set);
        }
        return d;
    }

    db::AthleteRow athlete_{1, "Ana", "", "2026-01-01T00:00:00.000Z", 2};

private:
    std::optional<std::string> savedTz_;
};

TEST_F(AthleteSummary, WeeksAreLocalMondayToSunday)
{
    // Sunday 23:30 UTC is already Monday in Berlin.
    const auto sunday = localWeekIndex("2026-11-22T12:00:00.000Z");
    const auto mondayLocal = localWeekIndex("2026-11-22T23:30:00.000Z");
    ASSERT_TRUE(sunday && mondayLocal);
    EXPECT_EQ(*mondayLocal, *sunday + 1);
    EXPECT_EQ(weekStartDate(*sunday), "2026-11-16");
    EXPECT_EQ(weekStartDate(*mondayLocal), "2026-11-23");
    EXPECT_FALSE(localWeekIndex("yesterday"));
}

TEST_F(AthleteSummary, TheStreakCountsWeeksThatMetThePlan)
{
    // Plan 2 a week. Weeks of Nov 2 and Nov 9 met it, Oct 26 did not; this week (Nov 16) has one
    // so far: the streak is 2 and this week does not break it yet.
    std::vector<db::SessionDetail> sessions{
        session(1, "2026-10-27T08:00:00.000Z", 10), session(2, "2026-11-03T08:00:00.000Z", 10),
        session(3, "2026-11-05T08:00:00.000Z", 10), session(4, "2026-11-10T08:00:00.000Z", 12),
        session(5, "2026-11-13T08:00:00.000Z", 12), session(6, "2026-11-18T08:00:00.000Z", 12, 55),
        session(7, "2026-11-19T08:00:00.000Z", 0)};
    auto out = summarizeAthlete(athlete_, sessions, {"2026-11-20T10:00:00.000Z", 3});
    EXPECT_EQ(out.at("week").at("start").as_string(), "2026-11-16");
    EXPECT_EQ(out.at("week").at("sessions").as_int64(), 1); // the empty session 7 does not count
    EXPECT_EQ(out.at("streak_weeks").as_int64(), 2);
    EXPECT_EQ(out.at("sessions_total").as_int64(), 6);
    EXPECT_EQ(out.at("last_session").at("id").as_int64(), 6);
    EXPECT_EQ(out.at("last_session").at("movements").as_int64(), 24);
    EXPECT_EQ(out.at("last_session").at("good").as_int64(), 22);

    const auto& ex = out.at("exercises").as_array().at(0).as_object();
    EXPECT_EQ(ex.at("exercise").as_string(), "clamshell");
    EXPECT_DOUBLE_EQ(ex.at("best_peak_force_n").as_double(), 55 + 11);
    const auto& trend = ex.at("trend").as_array();
    ASSERT_EQ(trend.size(), 3u); // the latest three
    EXPECT_EQ(trend[2].at("session_id").as_int64(), 6);
    EXPECT_EQ(trend[2].at("date").as_string(), "2026-11-18");
    EXPECT_DOUBLE_EQ(trend[2].at("volume").as_double(), 24);
    EXPECT_DOUBLE_EQ(trend[2].at("peak_force_n").as_double(), 66);
    // Both sides were done: the next set alternates again (side ""), 1 set per side.
    const auto& last = ex.at("last").as_object();
    EXPECT_EQ(last.at("side").as_string(), "");
    EXPECT_EQ(last.at("sets").as_int64(), 1);
    EXPECT_EQ(last.at("reps").as_int64(), 12);
    EXPECT_EQ(last.at("band_colour").as_string(), "green");
    EXPECT_DOUBLE_EQ(last.at("zone").at("high_n").as_double(), 60);
    EXPECT_TRUE(last.at("tempo").is_null());

    // A second session this week meets the plan: the streak grows to include this week.
    sessions.push_back(session(8, "2026-11-20T07:00:00.000Z", 12));
    out = summarizeAthlete(athlete_, sessions, {"2026-11-20T10:00:00.000Z", 3});
    EXPECT_EQ(out.at("streak_weeks").as_int64(), 3);
    // A week without sessions breaks it.
    out = summarizeAthlete(athlete_, sessions, {"2026-12-02T10:00:00.000Z", 3});
    EXPECT_EQ(out.at("streak_weeks").as_int64(), 0);
    EXPECT_EQ(out.at("week").at("sessions").as_int64(), 0);
}

TEST_F(AthleteSummary, NoSessionsYet)
{
    const auto out = summarizeAthlete(athlete_, {}, {"2026-11-20T10:00:00.000Z", 12});
    EXPECT_TRUE(out.at("last_session").is_null());
    EXPECT_TRUE(out.at("exercises").as_array().empty());
    EXPECT_EQ(out.at("streak_weeks").as_int64(), 0);
    EXPECT_EQ(out.at("athlete").at("sessions_per_week").as_int64(), 2);
}

} // namespace
} // namespace bandstation::daemon
