#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include <bandstation/base/text.h>

namespace bandstation::base {
namespace {

TEST(Fixed, RoundsToTheGivenDecimals)
{
    EXPECT_EQ(fixed(1.9, 2), "1.90");
    EXPECT_EQ(fixed(3.14159, 3), "3.142");
    EXPECT_EQ(fixed(2.6, 0), "3");
    EXPECT_EQ(fixed(-12.26, 1), "-12.3");
}

TEST(Fixed, NegativeZeroIsZero)
{
    EXPECT_EQ(fixed(-0.0001, 2), "0.00");
    EXPECT_EQ(fixed(-0.0, 0), "0");
}

TEST(Fixed, NonFinite)
{
    EXPECT_EQ(fixed(std::numeric_limits<double>::quiet_NaN(), 2), "nan");
    EXPECT_EQ(fixed(-std::numeric_limits<double>::infinity(), 2), "-inf");
}

} // namespace
} // namespace bandstation::base
