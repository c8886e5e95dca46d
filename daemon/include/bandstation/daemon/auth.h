#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <bandstation/db/records.h>

namespace bandstation::daemon {

// What a token may do. Each scope includes the ones before it: a control token can read, an admin
// token can do everything.
enum class Scope { Read = 1, Control = 2, Admin = 3 };
std::optional<Scope> parseScope(std::string_view text);
std::string_view toString(Scope scope);
// The highest scope named in a token's space-separated scope list.
std::optional<Scope> highestScope(std::string_view scopes);

struct Identity {
    std::int64_t tokenId = 0;
    Scope scope = Scope::Read;
};

enum class AuthFailure { Missing, Malformed, Unknown };

// The active tokens' hashes, kept in memory so a request is authorised without touching the
// database. A presented token is hashed and compared with every known hash in constant time (no
// early exit on the first differing byte, none on the first match), so response time says nothing
// about how close a guess was.
// Thread: the io thread.
class TokenCache {
public:
    // The tokens as read from the database; a token revoked in this run stays out even when
    // the list was read before the revocation committed.
    void replace(std::vector<db::TokenHash> tokens);
    // A token created by this daemon, from its commit on.
    void add(db::TokenHash token);
    // A revoked token, refused from now on.
    void revoke(std::int64_t id);
    std::size_t size() const { return tokens_.size(); }
    bool contains(std::int64_t id) const;

    struct Result {
        std::optional<Identity> identity;
        AuthFailure failure = AuthFailure::Missing;
    };
    // `authorization` is the header's value ("Bearer bst_…"); empty when absent.
    Result check(std::string_view authorization) const;
    // The same for a bare token (the WebSocket's ?access_token=).
    Result checkToken(std::string_view token) const;

private:
    struct Entry {
        std::int64_t id = 0;
        std::string hash; // 64 hex digits
        Scope scope = Scope::Read;
    };
    std::vector<Entry> tokens_;
    std::set<std::int64_t> revoked_;
};

// Equal without an early exit: the time depends on the lengths only.
bool constantTimeEqual(std::string_view a, std::string_view b);

} // namespace bandstation::daemon
