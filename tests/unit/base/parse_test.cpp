#include <clocale>
#include <cmath>

#include <gtest/gtest.h>

#include <bandstation/base/parse.h>

namespace bandstation::base {
namespace {

TEST(ParseDouble, AcceptsPlainNumbersWithSpaces)
{
    EXPECT_DOUBLE_EQ(*parseDouble("12.5"), 12.5);
    EXPECT_DOUBLE_EQ(*parseDouble(" -0.25\r"), -0.25);
    EXPECT_DOUBLE_EQ(*parseDouble("+3"), 3.0);
    EXPECT_DOUBLE_EQ(*parseDouble("1e3"), 1000.0);
}

TEST(ParseDouble, RejectsPartialOrEmptyInput)
{
    EXPECT_FALSE(parseDouble(""));
    EXPECT_FALSE(parseDouble("  "));
    EXPECT_FALSE(parseDouble("12.5x"));
    EXPECT_FALSE(parseDouble("1,5"));
    EXPECT_FALSE(parseDouble("abc"));
    EXPECT_FALSE(parseDouble("+"));
    EXPECT_FALSE(parseDouble("1 2"));
}

TEST(ParseDouble, IgnoresTheProcessLocale)
{
    // A German locale would read "1,5"; our files always use a point.
    std::setlocale(LC_NUMERIC, "de_DE.UTF-8");
    EXPECT_DOUBLE_EQ(*parseDouble("1.5"), 1.5);
    std::setlocale(LC_NUMERIC, "C");
}

TEST(ParseDouble, ReportsNonFiniteValuesAsNumbersForTheCallerToRefuse)
{
    const auto nan = parseDouble("nan");
    ASSERT_TRUE(nan);
    EXPECT_TRUE(std::isnan(*nan));
    ASSERT_TRUE(parseDouble("inf"));
    EXPECT_TRUE(std::isinf(*parseDouble("-inf")));
}

TEST(ParseInteger, WholeNumbersOnly)
{
    EXPECT_EQ(*parseInteger("42"), 42);
    EXPECT_EQ(*parseInteger(" -7 "), -7);
    EXPECT_FALSE(parseInteger("4.2"));
    EXPECT_FALSE(parseInteger(""));
    EXPECT_FALSE(parseInteger("99999999999999999999"));
}

TEST(Split, KeepsEmptyFields)
{
    const auto f = split("a,,b", ',');
    ASSERT_EQ(f.size(), 3u);
    EXPECT_EQ(f[0], "a");
    EXPECT_EQ(f[1], "");
    EXPECT_EQ(f[2], "b");
    EXPECT_EQ(split("", ',').size(), 1u);
}

TEST(Trim, RemovesSpacesTabsAndLineEnds)
{
    EXPECT_EQ(trim(" \tx y\r\n"), "x y");
    EXPECT_EQ(trim("   "), "");
}

} // namespace
} // namespace bandstation::base
