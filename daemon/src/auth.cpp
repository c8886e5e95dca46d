#include "bandstation/daemon/auth.h"

#include <algorithm>
#include <cctype>

#include <bandstation/base/parse.h>
#include <bandstation/base/sha256.h>

namespace bandstation::daemon {

std::optional<Scope> parseScope(std::string_view text)
{
    if (text == "read") {
        return Scope::Read;
    }
    if (text == "control") {
        return Scope::Control;
    }
    if (text == "admin") {
        return Scope::Admin;
    }
    return std::nullopt;
}

std::string_view toString(Scope scope)
{
    switch (scope) {
    case Scope::Read:
        return "read";
    case Scope::Control:
        return "control";
    case Scope::Admin:
        return "admin";
    }
    return "read";
}

std::optional<Scope> highestScope(std::string_view scopes)
{
    std::optional<Scope> best;
    for (const auto word : base::split(scopes, ' ')) {
        const auto s = parseScope(base::trim(word));
        if (s && (!best || *s > *best)) {
            best = s;
        }
    }
    return best;
}

bool constantTimeEqual(std::string_view a, std::string_view b)
{
    if (a.size() != b.size()) {
        return false;
    }
    unsigned char diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        diff = static_cast<unsigned char>(
            diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
    }
    return diff == 0;
}

void TokenCache::replace(std::vector<db::TokenHash> tokens)
{
    tokens_.clear();
    for (auto& t : tokens) {
        add(std::move(t));
    }
}

void TokenCache::add(db::TokenHash token)
{
    const auto scope = highestScope(token.scopes);
    if (!scope || revoked_.contains(token.id)) {
        return;
    }
    std::erase_if(tokens_, [&](const Entry& e) { return e.id == token.id; });
    tokens_.push_back({token.id, std::move(token.hash), *scope});
}

bool TokenCache::contains(std::int64_t id) const
{
    return std::any_of(tokens_.begin(), tokens_.end(), [&](const Entry& e) { return e.id == id; });
}

void TokenCache::revoke(std::int64_t id)
{
    revoked_.insert(id);
    std::erase_if(tokens_, [&](const Entry& e) { return e.id == id; });
}

TokenCache::Result TokenCache::check(std::string_view authorization) const
{
    if (authorization.empty()) {
        return {std::nullopt, AuthFailure::Missing};
    }
    constexpr std::string_view kBearer = "Bearer ";
    if (authorization.size() <= kBearer.size() ||
        !std::equal(kBearer.begin(), kBearer.end(), authorization.begin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); })) {
        return {std::nullopt, AuthFailure::Malformed};
    }
    return checkToken(base::trim(authorization.substr(kBearer.size())));
}

TokenCache::Result TokenCache::checkToken(std::string_view token) const
{
    if (token.empty()) {
        return {std::nullopt, AuthFailure::Missing};
    }
    const auto hash = base::sha256Hex(token);
    std::optional<Identity> found;
    for (const auto& entry : tokens_) {
        // Every entry is compared, matched or not.
        const bool equal = constantTimeEqual(hash, entry.hash);
        if (equal) {
            found = Identity{entry.id, entry.scope};
        }
    }
    return {found, found ? AuthFailure::Missing : AuthFailure::Unknown};
}

} // namespace bandstation::daemon
