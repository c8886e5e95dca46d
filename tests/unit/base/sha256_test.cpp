#include <string>

#include <gtest/gtest.h>

#include <bandstation/base/json.h>
#include <bandstation/base/sha256.h>

namespace bandstation::base {
namespace {

TEST(Sha256, MatchesTheFipsVectors)
{
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256Hex(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, EveryLengthAroundABlockBoundary)
{
    // 55, 56 and 64 bytes are where the padding changes; lengths must not collide.
    std::string previous;
    for (std::size_t n = 50; n < 70; ++n) {
        const auto h = sha256Hex(std::string(n, 'x'));
        EXPECT_EQ(h.size(), 64U);
        EXPECT_NE(h, previous);
        previous = h;
    }
}

TEST(JsonString, EscapesWhatJsonRequires)
{
    EXPECT_EQ(jsonString("plain"), "\"plain\"");
    EXPECT_EQ(jsonString("a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    EXPECT_EQ(jsonString("Übung"), "\"Übung\"");
}

} // namespace
} // namespace bandstation::base
