#include <gtest/gtest.h>

#include <bandstation/base/sha256.h>
#include <bandstation/daemon/auth.h>

namespace bandstation::daemon {
namespace {

TokenCache cacheWith(std::initializer_list<std::pair<std::string, std::string>> tokens)
{
    std::vector<db::TokenHash> hashes;
    std::int64_t id = 1;
    for (const auto& [secret, scopes] : tokens) {
        hashes.push_back({id++, base::sha256Hex(secret), scopes});
    }
    TokenCache cache;
    cache.replace(hashes);
    return cache;
}

TEST(Auth, ScopesIncludeTheOnesBelow)
{
    EXPECT_EQ(highestScope("read"), Scope::Read);
    EXPECT_EQ(highestScope("read control"), Scope::Control);
    EXPECT_EQ(highestScope("admin"), Scope::Admin);
    EXPECT_FALSE(highestScope("root").has_value());
    EXPECT_GT(Scope::Admin, Scope::Control);
    EXPECT_GT(Scope::Control, Scope::Read);
}

TEST(Auth, BearerTokensAreCheckedAgainstTheirHashes)
{
    const auto cache = cacheWith({{"bst_reader", "read"}, {"bst_panel", "control"}});
    const auto ok = cache.check("Bearer bst_panel");
    ASSERT_TRUE(ok.identity);
    EXPECT_EQ(ok.identity->tokenId, 2);
    EXPECT_EQ(ok.identity->scope, Scope::Control);
    EXPECT_TRUE(cache.check("bearer bst_reader").identity); // the scheme is case-insensitive

    EXPECT_EQ(cache.check("").failure, AuthFailure::Missing);
    EXPECT_EQ(cache.check("Basic dXNlcjpwYXNz").failure, AuthFailure::Malformed);
    EXPECT_EQ(cache.check("Bearer ").failure, AuthFailure::Malformed);
    EXPECT_EQ(cache.check("Bearer bst_panel2").failure, AuthFailure::Unknown);
    EXPECT_EQ(cache.checkToken("bst_reader").identity->scope, Scope::Read);
}

TEST(Auth, ReplacingTheCacheForgetsRevokedTokens)
{
    auto cache = cacheWith({{"bst_a", "admin"}});
    ASSERT_TRUE(cache.checkToken("bst_a").identity);
    cache.replace({});
    EXPECT_FALSE(cache.checkToken("bst_a").identity);
    EXPECT_EQ(cache.size(), 0u);
}

TEST(Auth, ConstantTimeEqualCompares)
{
    EXPECT_TRUE(constantTimeEqual("abc", "abc"));
    EXPECT_FALSE(constantTimeEqual("abc", "abd"));
    EXPECT_FALSE(constantTimeEqual("abc", "xbc"));
    EXPECT_FALSE(constantTimeEqual("abc", "abcd"));
    EXPECT_TRUE(constantTimeEqual("", ""));
}

} // namespace
} // namespace bandstation::daemon
