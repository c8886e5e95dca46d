// The daemon under load, as a station runs it: bandstationd on the simulated sensor at 1,000
// samples/s, recording a long set, with the touchscreen's live stream connected.
//
// Measures, in this order:
//   1. latency from a sample's acquisition (its CLOCK_MONOTONIC timestamp, taken at data-ready)
//      to its arrival at a WebSocket client on loopback: every sample, and the newest sample of
//      each frame (p50, p99, max);
//   2. the daemon's CPU (utime + stime from /proc over the window) and memory (VmRSS, VmHWM);
//   3. requests per second for GET /api/v1/sessions from 20 concurrent keep-alive clients while
//      it keeps recording, with their latency;
//   4. that no sample was lost: the daemon's own counters (queue, writer) and sensor vs station.
// Exits 1 when a sample was lost. Results: docs/performance.md.
//   daemon_bench [--seconds 20] [--load-seconds 10] [--clients 20] [--rate 1000]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bandstation/db/store.h>

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

std::int64_t monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

struct Options {
    double seconds = 20;
    double loadSeconds = 10;
    int clients = 20;
    double rate = 1000;
};

std::uint16_t freePort()
{
    asio::io_context io;
    tcp::acceptor a(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

// One keep-alive HTTP connection.
class Client {
public:
    explicit Client(std::uint16_t port) : stream_(io_)
    {
        stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    }
    http::response<http::string_body> request(http::verb verb, const std::string& target,
                                              const std::string& token,
                                              const std::string& body = {})
    {
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        if (!token.empty()) {
            req.set(http::field::authorization, "Bearer " + token);
        }
        if (!body.empty()) {
            req.set(http::field::content_type, "application/json");
        }
        req.body() = body;
        req.prepare_payload();
        http::write(stream_, req);
        http::response<http::string_body> res;
        http::read(stream_, buffer_, res);
        return res;
    }

private:
    asio::io_context io_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

struct Percentiles {
    double p50 = 0, p99 = 0, max = 0;
    std::size_t n = 0;
};

Percentiles percentiles(std::vector<double> v)
{
    Percentiles p;
    p.n = v.size();
    if (v.empty()) {
        return p;
    }
    std::sort(v.begin(), v.end());
    p.p50 = v[v.size() / 2];
    p.p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
    p.max = v.back();
    return p;
}

// (utime + stime) in seconds of a /proc stat file, and the name in it.
std::pair<std::string, double> cpuOf(const std::string& statPath)
{
    std::ifstream stat(statPath);
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    const auto open = text.find('('), close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos) {
        return {};
    }
    std::istringstream fields(text.substr(close + 2));
    std::string f;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14) {
            utime = std::stod(f);
        } else if (i == 15) {
            stime = std::stod(f);
        }
    }
    return {text.substr(open + 1, close - open - 1),
            (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK))};
}

// CPU seconds (whole process and by thread name), VmRSS and VmHWM in MB.
struct ProcSample {
    double cpuS = 0, rssMb = 0, hwmMb = 0;
    std::map<std::string, double> threads;
};

ProcSample procSample(pid_t pid)
{
    ProcSample s;
    const auto dir = "/proc/" + std::to_string(pid);
    s.cpuS = cpuOf(dir + "/stat").second;
    for (const auto& task : std::filesystem::directory_iterator(dir + "/task")) {
        const auto [name, cpu] = cpuOf(task.path().string() + "/stat");
        s.threads[name] += cpu;
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            s.rssMb = std::stod(line.substr(6)) / 1024.0;
        } else if (line.starts_with("VmHWM:")) {
            s.hwmMb = std::stod(line.substr(6)) / 1024.0;
        }
    }
    return s;
}

// The live stream's reader: latencies of every sample and of each frame's newest sample.
struct LiveReader {
    std::atomic<bool> measuring{false};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::vector<double> sampleMs, newestMs;
    std::uint64_t frames = 0;

    void run(std::uint16_t port, const std::string& token)
    {
        asio::io_context io;
        beast::websocket::stream<tcp::socket> ws(io);
        ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        ws.set_option(
            beast::websocket::stream_base::decorator([&](beast::websocket::request_type& r) {
                r.set(http::field::authorization, "Bearer " + token);
            }));
        ws.handshake("127.0.0.1", "/api/v1/live");
        beast::flat_buffer buffer;
        while (!stop) {
            ws.read(buffer);
            const auto arrival = monotonicNs();
            const auto text = beast::buffers_to_string(buffer.data());
            buffer.consume(buffer.size());
            if (!measuring || text.find("\"type\":\"force\"") == std::string::npos) {
                continue;
            }
            const auto frame = json::parse(text).as_object();
            std::lock_guard lock(mutex);
            ++frames;
            double newest = 1e18;
            for (const auto& s : frame.at("samples").as_array()) {
                const auto t = s.as_array()[0].to_number<std::int64_t>();
                const double ms = static_cast<double>(arrival - t) / 1e6;
                sampleMs.push_back(ms);
                newest = std::min(newest, ms);
            }
            newestMs.push_back(newest);
        }
        beast::error_code ignored;
        ws.next_layer().close(ignored);
    }
};

Options parse(int argc, char** argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        const double v = std::stod(argv[i + 1]);
        if (a == "--seconds") {
            o.seconds = v;
        } else if (a == "--load-seconds") {
            o.loadSeconds = v;
        } else if (a == "--clients") {
            o.clients = static_cast<int>(v);
        } else if (a == "--rate") {
            o.rate = v;
        }
    }
    return o;
}

void printLatency(const char* what, const Percentiles& p)
{
    std::printf("| %s | %zu | %.2f | %.2f | %.2f |\n", what, p.n, p.p50, p.p99, p.max);
}

} // namespace

int main(int argc, char** argv)
{
    using namespace bandstation;
    const auto o = parse(argc, argv);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("bandstation-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto db = (dir / "bench.db").string();
    const auto port = freePort();
    {
        std::ofstream conf(dir / "bench.conf");
        conf << "sensor = simulated\nsimulated_rate_hz = " << o.rate << "\ndatabase = " << db
             << "\nlisten = 127.0.0.1:" << port << "\nlog_level = warning\n";
    }
    const auto confPath = (dir / "bench.conf").string();
    std::string token; // before the daemon starts: it reads the tokens then
    {
        db::Store store(db);
        token = store.createToken("bench", "control", db::utcNow()).secret;
    }
    const char* args[] = {BANDSTATIOND_BIN, "--config", confPath.c_str(), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, BANDSTATIOND_BIN, nullptr, nullptr, const_cast<char**>(args), environ) !=
        0) {
        std::cerr << "cannot start " << BANDSTATIOND_BIN << "\n";
        return 2;
    }
    std::unique_ptr<Client> control;
    for (int i = 0; i < 100 && !control; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        try {
            control = std::make_unique<Client>(port);
        } catch (const std::exception&) {
        }
    }
    if (!control) {
        std::cerr << "bandstationd did not come up\n";
        kill(pid, SIGKILL);
        return 2;
    }
    control->request(http::verb::post, "/api/v1/sessions", token, "{}");
    const auto set = control->request(http::verb::post, "/api/v1/sets", token,
                                      R"({"exercise":"clamshell","reps":200,"sets":1})");
    if (set.result() != http::status::created) {
        std::cerr << "set not started: " << set.body() << "\n";
        kill(pid, SIGKILL);
        return 2;
    }

    LiveReader live;
    std::thread reader([&] { live.run(port, token); });
    std::this_thread::sleep_for(std::chrono::seconds(3)); // warm-up
    live.measuring = true;
    const auto before = procSample(pid);
    const auto t0 = monotonicNs();
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
    const auto after = procSample(pid);
    const double window = static_cast<double>(monotonicNs() - t0) / 1e9;
    live.measuring = false;

    // Load: concurrent clients listing sessions while the recording and the stream go on.
    std::atomic<bool> loadStop{false};
    std::mutex latencyMutex;
    std::vector<double> requestMs;
    std::atomic<std::uint64_t> requests{0}, failures{0};
    std::vector<std::thread> load;
    for (int c = 0; c < o.clients; ++c) {
        load.emplace_back([&] {
            Client client(port);
            std::vector<double> mine;
            while (!loadStop) {
                const auto start = monotonicNs();
                const auto res = client.request(http::verb::get, "/api/v1/sessions", token);
                mine.push_back(static_cast<double>(monotonicNs() - start) / 1e6);
                (res.result() == http::status::ok ? requests : failures)++;
            }
            std::lock_guard lock(latencyMutex);
            requestMs.insert(requestMs.end(), mine.begin(), mine.end());
        });
    }
    const auto l0 = monotonicNs();
    std::this_thread::sleep_for(std::chrono::duration<double>(o.loadSeconds));
    loadStop = true;
    for (auto& t : load) {
        t.join();
    }
    const double loadWindow = static_cast<double>(monotonicNs() - l0) / 1e9;
    const auto underLoad = procSample(pid);

    const auto diagnostics =
        json::parse(control->request(http::verb::get, "/api/v1/diagnostics", token).body())
            .as_object();
    live.stop = true;
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    reader.join();
    std::filesystem::remove_all(dir);

    const auto lost = diagnostics.at("samples_lost").to_number<std::int64_t>();
    const auto sensorSamples =
        diagnostics.at("sensor").at("counters").at("samples").to_number<std::int64_t>();
    const auto stationSamples = diagnostics.at("station").at("samples").to_number<std::int64_t>();
    std::printf("bandstationd, simulated sensor at %.0f samples/s, recording, live stream "
                "connected; window %.1f s\n\n",
                o.rate, window);
    std::printf("| latency acquisition → WebSocket client | samples | p50 ms | p99 ms | max ms |\n"
                "|---|---:|---:|---:|---:|\n");
    printLatency("every sample", percentiles(live.sampleMs));
    printLatency("newest sample of each frame", percentiles(live.newestMs));
    std::printf("\nframes: %.1f per second\n", static_cast<double>(live.frames) / window);
    std::printf("daemon CPU: %.2f %% of one core; RSS %.1f MB (peak %.1f MB)\n",
                100.0 * (after.cpuS - before.cpuS) / window, after.rssMb, after.hwmMb);
    for (const auto& [name, cpu] : after.threads) {
        std::printf("  thread %-14s %.2f %%\n", name.c_str(),
                    100.0 * (cpu - before.threads.at(name)) / window);
    }
    const auto rq = percentiles(requestMs);
    std::printf("GET /api/v1/sessions, %d clients: %.0f requests/s (p50 %.2f ms, p99 %.2f ms), "
                "%llu failed; daemon CPU under load %.0f %%, RSS %.1f MB\n",
                o.clients, static_cast<double>(requests) / loadWindow, rq.p50, rq.p99,
                static_cast<unsigned long long>(failures.load()),
                100.0 * (underLoad.cpuS - after.cpuS) / loadWindow, underLoad.rssMb);
    std::printf("samples: sensor %lld, processed %lld, lost %lld; daemon exit status %d\n",
                static_cast<long long>(sensorSamples), static_cast<long long>(stationSamples),
                static_cast<long long>(lost), WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return lost == 0 && failures == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
