#include <gtest/gtest.h>

#include <bandstation/base/json.h>

#include "json_writer.h"

namespace bandstation::tools {
namespace {

TEST(JsonWriter, NestedContainersWithCommas)
{
    JsonWriter w;
    w.beginObject();
    w.key("a").value(1);
    w.key("b").beginArray().value(1.5, 2).value("x").value(true).null().endArray();
    w.key("c").beginObject().endObject();
    w.endObject();
    EXPECT_EQ(w.str(), R"({"a": 1, "b": [1.50, "x", true, null], "c": {}})");
}

TEST(JsonWriter, FixedDecimalsAndNonFiniteAsNull)
{
    JsonWriter w;
    w.beginArray().value(1.9, 2).value(0.1 + 0.2, 4).value(1.0 / 0.0, 2).endArray();
    EXPECT_EQ(w.str(), "[1.90, 0.3000, null]");
}

TEST(JsonWriter, EscapesStrings)
{
    EXPECT_EQ(base::jsonEscape("a\"b\\c\nd\te\x01"), "a\\\"b\\\\c\\nd\\te\\u0001");
}

} // namespace
} // namespace bandstation::tools
