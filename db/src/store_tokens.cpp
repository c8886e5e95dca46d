// Store: API tokens. Secrets are 256 random bits shown once; only their SHA-256 is kept.
#include <array>

#include <sys/random.h>

#include <bandstation/base/sha256.h>

#include "bandstation/db/store.h"

namespace bandstation::db {

Store::NewToken Store::createToken(const std::string& name, const std::string& scopes,
                                   const std::string& createdAt)
{
    std::array<std::uint8_t, 32> random{};
    std::size_t got = 0;
    while (got < random.size()) {
        const auto n = getrandom(random.data() + got, random.size() - got, 0);
        if (n < 0) {
            throw DbError("no randomness for a token (getrandom failed)", 0);
        }
        got += static_cast<std::size_t>(n);
    }
    NewToken token;
    token.secret = "bst_" + base::toHex(random.data(), random.size());
    db_.prepare("INSERT INTO api_tokens (name, hash, scopes, created_at) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, name)
        .bind(2, base::sha256Hex(token.secret))
        .bind(3, scopes)
        .bind(4, createdAt)
        .run();
    token.id = db_.lastInsertId();
    bumpTokenGeneration();
    return token;
}

std::optional<TokenInfo> Store::verifyToken(const std::string& secret, const std::string& usedAt)
{
    auto st = db_.prepare("SELECT id, name, scopes, created_at, last_used_at FROM api_tokens "
                          "WHERE hash = ?1 AND revoked_at IS NULL");
    st.bind(1, base::sha256Hex(secret));
    if (!st.step()) {
        return std::nullopt;
    }
    TokenInfo info{st.int64(0), st.text(1), st.text(2), st.text(3), usedAt, false};
    st.reset();
    if (options_.mode == Database::Mode::ReadWrite) {
        db_.prepare("UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2")
            .bind(1, usedAt)
            .bind(2, info.id)
            .run();
    }
    return info;
}

bool Store::revokeToken(std::int64_t id, const std::string& at)
{
    db_.prepare("UPDATE api_tokens SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL")
        .bind(1, at)
        .bind(2, id)
        .run();
    if (db_.changes() == 0) {
        return false;
    }
    bumpTokenGeneration();
    return true;
}

void Store::bumpTokenGeneration()
{
    db_.exec("INSERT INTO store_state (key, value) VALUES ('tokens', 1) "
             "ON CONFLICT (key) DO UPDATE SET value = value + 1");
}

std::int64_t Store::tokenGeneration()
{
    auto st = db_.prepare("SELECT value FROM store_state WHERE key = 'tokens'");
    return st.step() ? st.int64(0) : 0;
}

std::int64_t Store::tokensApplied()
{
    auto st = db_.prepare("SELECT value FROM store_state WHERE key = 'tokens_applied'");
    return st.step() ? st.int64(0) : 0;
}

void Store::setTokensApplied(std::int64_t generation)
{
    db_.prepare("INSERT INTO store_state (key, value) VALUES ('tokens_applied', ?1) "
                "ON CONFLICT (key) DO UPDATE SET value = ?1")
        .bind(1, generation)
        .run();
}

std::vector<TokenInfo> Store::tokens()
{
    std::vector<TokenInfo> out;
    auto st = db_.prepare("SELECT id, name, scopes, created_at, last_used_at, revoked_at IS NOT "
                          "NULL FROM api_tokens ORDER BY id");
    while (st.step()) {
        TokenInfo t{st.int64(0), st.text(1),   st.text(2),
                    st.text(3),  std::nullopt, st.int64(5) != 0};
        if (!st.isNull(4)) {
            t.lastUsedAt = st.text(4);
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<TokenHash> Store::activeTokenHashes()
{
    std::vector<TokenHash> out;
    auto st = db_.prepare("SELECT id, hash, scopes FROM api_tokens WHERE revoked_at IS NULL");
    while (st.step()) {
        out.push_back({st.int64(0), st.text(1), st.text(2)});
    }
    return out;
}

void Store::markTokenUsed(std::int64_t id, const std::string& at)
{
    db_.prepare("UPDATE api_tokens SET last_used_at = ?1 WHERE id = ?2")
        .bind(1, at)
        .bind(2, id)
        .run();
}

} // namespace bandstation::db
