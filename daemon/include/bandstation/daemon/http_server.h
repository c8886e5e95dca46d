#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include "bandstation/daemon/api.h"

namespace bandstation::daemon {

struct ServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 7420; // 0: an ephemeral port (tests)
    int maxConnections = 64;
    int maxConnectionsPerAddress = 16;
    // Loopback (the touchscreen) is exempt from the per-address cap and has loopbackReserve
    // connections beyond maxConnections, so remote clients cannot lock it out.
    bool trustLoopback = true;
    int loopbackReserve = 8;
    // A bad token costs a hash and a lookup: beyond this many 401s in 10 s from one address, its
    // requests get 429 until the 10 s have passed.
    int badTokensPer10s = 20;
    std::chrono::milliseconds headerTimeout{10'000};
    std::chrono::milliseconds idleTimeout{60'000};
    std::size_t bodyLimit = 65'536;
    std::size_t headerLimit = 8'192;
    std::size_t wsQueueLimit = 256;
    std::string tlsCertificate; // PEM files; both set: TLS on every connection
    std::string tlsKey;
    std::string databasePath; // the query threads open it read-only
    int queryThreads = 2;
};

struct ServerStats {
    std::uint64_t requests = 0;
    std::uint64_t connections = 0; // open now (HTTP and WebSocket)
    std::uint64_t refusedConnections = 0;
    std::uint64_t evictedConnections = 0; // silent ones closed to make room
    std::uint64_t throttledRequests = 0;  // 429: too many bad tokens from their address
    std::uint64_t liveClients = 0;
    std::uint64_t droppedLiveClients = 0; // too slow: their queue overflowed
    std::uint64_t liveMessages = 0;
};

// The HTTP/1.1 and WebSocket server (Beast): a listener, an HTTP session per connection (header and
// idle timeouts, a body limit, keep-alive), WebSocket sessions for /api/v1/live each with a bounded
// queue of messages and one write outstanding, and the broadcaster that feeds them. Database
// queries run on a small pool of query threads, each with its own read-only connection. Thread:
// everything on the io_context's one thread, except the query threads.
class Server {
public:
    using Hello = std::function<boost::json::object()>;

    // Binds and listens (throws SetupError-like std::runtime_error naming the address when it
    // cannot).
    Server(boost::asio::io_context& io, ServerOptions options, Api& api, Hello hello);
    ~Server();

    std::uint16_t port() const;
    void start();
    // Stops accepting, closes every connection, and waits for the query threads.
    void stop();

    // Sends a message to every live client (serialised once).
    void broadcast(const boost::json::object& message);
    // Closes the live streams opened with a token that `revoked` says is no longer valid.
    void closeLive(const std::function<bool(std::int64_t tokenId)>& revoked,
                   const std::string& reason);
    ServerStats stats() const;

    struct Impl;

private:
    std::shared_ptr<Impl> impl_;
};

} // namespace bandstation::daemon
