#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bandstation/daemon/api.h>
#include <bandstation/daemon/json_body.h>

namespace bandstation::daemon {
namespace {

using ::testing::HasSubstr;

std::string refusal(std::string_view body)
{
    try {
        parseSetRequest(parseJsonObject(body));
    } catch (const ApiError& e) {
        EXPECT_EQ(e.status, http::status::bad_request);
        return e.code + ": " + e.what();
    }
    return "";
}

TEST(JsonBody, ASetRequestWithEveryField)
{
    const auto r = parseSetRequest(parseJsonObject(
        R"({"exercise":"clamshell","side":"right","band_colour":"blue","band_position":"knees",
            "reps":15,"sets":3,"rest_s":45,"zone":{"low_n":40,"high_n":60.5},
            "tempo":{"up_s":1,"hold_s":1,"down_s":2},"tempo_tolerance":0.25})"));
    EXPECT_EQ(r.exercise, "clamshell");
    EXPECT_EQ(r.side, "right");
    EXPECT_EQ(r.bandColour, "blue");
    EXPECT_EQ(r.reps, 15);
    EXPECT_EQ(r.sets, 3);
    EXPECT_EQ(r.restS, 45.0);
    ASSERT_TRUE(r.zone);
    EXPECT_DOUBLE_EQ(r.zone->highN, 60.5);
    ASSERT_TRUE(r.tempo);
    EXPECT_DOUBLE_EQ(r.tempo->downS, 2);
    EXPECT_EQ(r.tempoTolerance, 0.25);

    const auto pct = parseSetRequest(
        parseJsonObject(R"({"exercise":"banded_bridge","zone":{"low_pct":60,"high_pct":80}})"));
    ASSERT_TRUE(pct.zonePercent);
    EXPECT_EQ(pct.zonePercent->second, 80.0);
}

TEST(JsonBody, MalformedJsonAndWrongTypesAreNamed)
{
    EXPECT_THAT(refusal("{\"exercise\":"), HasSubstr("bad_json"));
    EXPECT_THAT(refusal("[1,2]"), HasSubstr("must be a JSON object"));
    EXPECT_THAT(refusal("{}"), HasSubstr("'exercise' is required"));
    EXPECT_THAT(refusal(R"({"exercise":""})"), HasSubstr("'exercise' is required")); // fuzz find
    EXPECT_THAT(refusal(R"({"exercise":5})"), HasSubstr("'exercise' must be a string"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","reps":"12"})"),
                HasSubstr("'reps' must be a whole number"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","reps":12.5})"), HasSubstr("'reps'"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","reps":0})"), HasSubstr("from 1 to 200"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","rep":12})"),
                HasSubstr("unknown_field: unknown field 'rep'"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","zone":{"low_n":60,"high_n":40}})"),
                HasSubstr("low_n < high_n"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","zone":{"low_n":40,"high_pct":80}})"),
                HasSubstr("zone"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","tempo":{"up_s":-1,"down_s":2}})"),
                HasSubstr("'tempo.up_s'"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","tempo":{"hold_s":1}})"),
                HasSubstr("needs up_s and down_s"));
    EXPECT_THAT(refusal(R"({"exercise":"clamshell","zone":[1,2]})"),
                HasSubstr("'zone' must be an object"));
}

TEST(JsonBody, DeepNestingIsRefusedNotRecursedInto)
{
    const std::string deep(10'000, '[');
    EXPECT_THAT(refusal(deep), HasSubstr("bad_json"));
}

TEST(JsonBody, AnEmptyBodyIsAnEmptyObject)
{
    EXPECT_TRUE(parseJsonObject("").empty());
    EXPECT_TRUE(parseJsonObject(" \r\n").empty());
}

} // namespace
} // namespace bandstation::daemon
