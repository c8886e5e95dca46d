#include "token.h"

#include <chrono>
#include <filesystem>
#include <ostream>
#include <string>
#include <thread>

#include <bandstation/db/owner_lock.h>
#include <bandstation/db/store.h>

namespace bandstation::tools {

namespace {

constexpr std::string_view kUsage =
    "usage: bandstation token create --scope read|control|admin [--name NAME] [--db PATH] "
    "[--init]\n"
    "       bandstation token list [--db PATH]\n"
    "       bandstation token revoke ID [--db PATH]\n"
    "  read: coaches pulling data; control: the touchscreen (runs sessions, calibrates);\n"
    "  admin: tokens and settings. Each scope includes the ones before it.\n"
    "  --init: create the database when it is missing (the package's scripts do, before the\n"
    "  daemon's first start); without it a missing database is an error, not a new empty one.\n";

int usage(std::ostream& err, std::string_view problem)
{
    err << "bandstation token: " << problem << "\n" << kUsage;
    return 2;
}

// A daemon running on the database takes token changes in within a fraction of a second and
// says so in the database; this waits for that, so a new token works, and a revoked one is
// refused, once the command has returned. True when no daemon runs or it has taken the change in.
bool daemonTookIn(db::Store& store, const std::string& path, std::ostream& err)
{
    const auto pid = db::OwnerLock::holder(path);
    if (!pid) {
        return true; // it reads the tokens when it starts
    }
    const auto generation = store.tokenGeneration();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        if (store.tokensApplied() >= generation) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    err << "bandstation token: the running bandstationd (pid " << *pid
        << ") has not confirmed the change within 5 s (is its storage off? see 'journalctl -u "
           "bandstation'); it takes effect at its next start at the latest\n";
    return false;
}

// Opened for writing beside a running daemon: its live session is not a crashed one.
db::Store openForWriting(const std::string& path)
{
    db::StoreOptions options;
    options.recover = !db::OwnerLock::holder(path);
    return db::Store(path, options);
}

} // namespace

std::string defaultDatabasePath()
{
    constexpr std::string_view kInstalled = "/var/lib/bandstation/bandstation.db";
    return std::filesystem::exists(kInstalled) ? std::string(kInstalled) : "var/bandstation.db";
}

int runToken(std::span<const std::string_view> args, std::ostream& out, std::ostream& err)
{
    if (args.empty() || args[0] == "--help") {
        out << kUsage;
        return args.empty() ? 2 : 0;
    }
    const auto action = args[0];
    std::string scope, name, db = defaultDatabasePath();
    std::optional<long long> id;
    bool init = false;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const auto a = args[i];
        if ((a == "--scope" || a == "--name" || a == "--db") && i + 1 < args.size()) {
            (a == "--scope" ? scope : a == "--name" ? name : db) = std::string(args[++i]);
        } else if (action == "create" && a == "--init") {
            init = true;
        } else if (action == "revoke" && !id && !a.starts_with("--")) {
            try {
                id = std::stoll(std::string(a));
            } catch (const std::exception&) {
                return usage(err, "revoke wants a token id (see 'bandstation token list')");
            }
        } else {
            return usage(err, "unexpected '" + std::string(a) + "'");
        }
    }
    try {
        if (action == "create") {
            if (scope != "read" && scope != "control" && scope != "admin") {
                return usage(err, "--scope must be read, control or admin");
            }
            if (!init && !std::filesystem::exists(db)) {
                err << "bandstation token: no database at " << db
                    << " (start bandstationd once, give --db, or --init to create it)\n";
                return 1;
            }
            auto store = openForWriting(db);
            const auto token = store.createToken(name.empty() ? scope : name, scope, db::utcNow());
            out << token.secret << "\n";
            err << "token " << token.id << " (" << scope
                << "): shown once; keep it where the client can read it\n";
            daemonTookIn(store, db, err);
            return 0;
        }
        if (action == "list") {
            db::Store store(db, db::StoreOptions{"bandstation", db::Database::Mode::ReadOnly, {}});
            for (const auto& t : store.tokens()) {
                out << t.id << "\t" << t.scopes << "\t" << t.name << "\tcreated " << t.createdAt
                    << "\tlast used " << t.lastUsedAt.value_or("never")
                    << (t.revoked ? "\trevoked" : "") << "\n";
            }
            return 0;
        }
        if (action == "revoke") {
            if (!id) {
                return usage(err, "revoke wants a token id");
            }
            auto store = openForWriting(db);
            if (!store.revokeToken(*id, db::utcNow())) {
                err << "bandstation token: no active token " << *id << "\n";
                return 1;
            }
            if (!daemonTookIn(store, db, err)) {
                return 1;
            }
            out << "revoked token " << *id << "\n";
            return 0;
        }
    } catch (const std::exception& e) {
        err << "bandstation token: " << e.what() << "\n";
        return 1;
    }
    return usage(err, "unknown action '" + std::string(action) + "'");
}

} // namespace bandstation::tools
