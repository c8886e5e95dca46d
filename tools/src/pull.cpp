#include "pull.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include <boost/json.hpp>

#include "http_client.h"

namespace bandstation::tools {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr std::string_view kUsage =
    "usage: bandstation pull --url http://HOST:7420 [--token TOKEN] --out DIR [--ca-file PEM]\n"
    "       bandstation pull --url http://HOST:7420 [--token TOKEN] --list\n"
    "  Fetches every session changed since the last pull into DIR: session-ID.json, \n"
    "  session-ID-reps.csv and session-ID-set-SET-samples.csv; the cursor is kept in DIR/.cursor.\n"
    "  The token (scope read) may also come from the environment: BANDSTATION_TOKEN.\n";

struct Refused : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Options {
    std::string url, token, out, caFile;
    bool list = false;
};

// The station's error message from a JSON error body, else the status.
std::string reason(const HttpReply& reply)
{
    boost::system::error_code ec;
    const auto v = json::parse(reply.body, ec);
    if (!ec && v.is_object()) {
        if (const auto* e = v.as_object().if_contains("error"); e && e->is_object()) {
            if (const auto* m = e->as_object().if_contains("message"); m && m->is_string()) {
                return std::string(m->as_string());
            }
        }
    }
    return "HTTP " + std::to_string(reply.status);
}

std::string fetch(HttpClient& client, const std::string& target)
{
    const auto reply = client.get(target);
    if (reply.status == 401 || reply.status == 403) {
        throw Refused("the station refused the token (" + std::to_string(reply.status) +
                      "): " + reason(reply));
    }
    if (reply.status != 200) {
        throw NetworkError(client.origin() + target + ": " + reason(reply));
    }
    return reply.body;
}

json::object fetchJson(HttpClient& client, const std::string& target)
{
    const auto body = fetch(client, target);
    boost::system::error_code ec;
    auto v = json::parse(body, ec);
    if (ec || !v.is_object()) {
        throw NetworkError(client.origin() + target + ": the answer is not a JSON object");
    }
    return std::move(v.as_object());
}

// Written to a temporary name and renamed: a file is either complete or absent.
void writeAtomically(const fs::path& path, const std::string& content)
{
    const auto tmp = path.string() + ".part";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        f << content;
        f.flush();
        if (!f) {
            throw std::runtime_error("cannot write " + tmp);
        }
    }
    fs::rename(tmp, path);
}

std::int64_t readCursor(const fs::path& dir)
{
    std::ifstream f(dir / ".cursor");
    std::int64_t cursor = 0;
    if (f && !(f >> cursor)) {
        throw std::runtime_error((dir / ".cursor").string() +
                                 " is damaged: delete it to pull everything again");
    }
    return cursor;
}

int list(HttpClient& client, std::ostream& out)
{
    const auto body = fetchJson(client, "/api/v1/sessions");
    out << "id\tstarted_at\tended_at\tstatus\tathlete_id\n";
    for (const auto& v : body.at("sessions").as_array()) {
        const auto& s = v.as_object();
        const auto text = [&](std::string_view k) {
            const auto& x = s.at(k);
            return x.is_string() ? std::string(x.as_string())
                                 : (x.is_null() ? std::string("-") : json::serialize(x));
        };
        out << text("id") << "\t" << text("started_at") << "\t" << text("ended_at") << "\t"
            << text("status") << "\t" << text("athlete_id") << "\n";
    }
    return 0;
}

// One session's files; returns how many files were written.
int pullSession(HttpClient& client, const fs::path& dir, std::int64_t id)
{
    const auto prefix = "session-" + std::to_string(id);
    const auto detail = fetch(client, "/api/v1/sessions/" + std::to_string(id));
    boost::system::error_code ec;
    const auto parsed = json::parse(detail, ec);
    if (ec || !parsed.is_object()) {
        throw NetworkError("session " + std::to_string(id) + ": the answer is not JSON");
    }
    int files = 0;
    for (const auto& set : parsed.as_object().at("sets").as_array()) {
        const auto setId = set.as_object().at("id").to_number<std::int64_t>();
        writeAtomically(dir / (prefix + "-set-" + std::to_string(setId) + "-samples.csv"),
                        fetch(client, "/api/v1/sets/" + std::to_string(setId) + "/samples.csv"));
        ++files;
    }
    writeAtomically(dir / (prefix + "-reps.csv"),
                    fetch(client, "/api/v1/sessions/" + std::to_string(id) + "/reps.csv"));
    // The session's JSON last: its presence says the session's files are complete.
    writeAtomically(dir / (prefix + ".json"), detail);
    return files + 2;
}

int pull(HttpClient& client, const fs::path& dir, std::ostream& out)
{
    fs::create_directories(dir);
    auto cursor = readCursor(dir);
    int sessions = 0, files = 0;
    for (;;) {
        const auto page =
            fetchJson(client, "/api/v1/sessions?since=" + std::to_string(cursor) + "&limit=50");
        for (const auto& s : page.at("sessions").as_array()) {
            files += pullSession(client, dir, s.as_object().at("id").to_number<std::int64_t>());
            ++sessions;
        }
        // Advanced only once this page's sessions are on disk: an interrupted pull repeats them.
        cursor = page.at("cursor").to_number<std::int64_t>();
        writeAtomically(dir / ".cursor", std::to_string(cursor) + "\n");
        if (!page.at("more").as_bool()) {
            break;
        }
    }
    out << "pulled " << sessions << " session(s), " << files << " file(s) from " << client.origin()
        << " into " << dir.string() << " (cursor " << cursor << ")\n";
    return 0;
}

} // namespace

int runPull(std::span<const std::string_view> args, std::ostream& out, std::ostream& err)
{
    Options o;
    if (const char* env = std::getenv("BANDSTATION_TOKEN")) {
        o.token = env;
    }
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == "--url" && hasValue) {
            o.url = args[++i];
        } else if (a == "--token" && hasValue) {
            o.token = args[++i];
        } else if (a == "--out" && hasValue) {
            o.out = args[++i];
        } else if (a == "--ca-file" && hasValue) {
            o.caFile = args[++i];
        } else if (a == "--list") {
            o.list = true;
        } else if (a == "--help") {
            out << kUsage;
            return 0;
        } else {
            err << "bandstation pull: unexpected '" << a << "'\n" << kUsage;
            return 2;
        }
    }
    if (o.url.empty() || (o.out.empty() && !o.list)) {
        err << "bandstation pull: --url and --out (or --list) are required\n" << kUsage;
        return 2;
    }
    try {
        HttpClient client(o.url, o.token, o.caFile);
        return o.list ? list(client, out) : pull(client, o.out, out);
    } catch (const Refused& e) {
        err << "bandstation pull: " << e.what() << "\n";
        return 3;
    } catch (const std::exception& e) {
        err << "bandstation pull: " << e.what() << "\n";
        return 1;
    }
}

} // namespace bandstation::tools
