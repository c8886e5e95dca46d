#pragma once

// What the listener and the sessions share. Only the server's sources include this.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/error.hpp>

#include "bandstation/daemon/http_server.h"

namespace bandstation::daemon {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

// A WebSocket client of /api/v1/live, as the broadcaster sees it.
class LiveClient {
public:
    virtual ~LiveClient() = default;
    virtual void send(std::shared_ptr<const std::string> message) = 0;
    // The token it was opened with.
    virtual std::int64_t tokenId() const = 0;
    // Ends the stream with a close frame that says why (policy violation).
    virtual void closeFor(const std::string& reason) = 0;
};

struct Server::Impl {
    Impl(asio::io_context& context, ServerOptions opts, Api& a, Hello h);

    asio::io_context& io;
    ServerOptions options;
    Api& api;
    Hello hello;
    tcp::acceptor acceptor;
    std::optional<asio::ssl::context> tls;
    asio::thread_pool pool;
    ServerStats stats;
    bool stopped = false;

    std::uint64_t nextId = 1;
    std::map<std::uint64_t, std::function<void()>> closers; // every open connection
    std::map<std::uint64_t, std::weak_ptr<LiveClient>> live;
    // Per open connection: its address, and whether it has sent a whole request yet (the ones
    // that have not are closed first to make room).
    struct Peer {
        asio::ip::address address;
        bool spoke = false;
        bool evicted = false;
    };
    std::map<std::uint64_t, Peer> peers; // ordered by id: oldest first
    std::map<asio::ip::address, int> perAddress;
    // Bad tokens by address: the window's start and the count in it.
    std::map<asio::ip::address, std::pair<std::chrono::steady_clock::time_point, int>> badTokens;

    // Whether a request from `address` is throttled now (too many bad tokens).
    bool throttled(const asio::ip::address& address);
    void noteBadToken(const asio::ip::address& address);

    // Runs on a query thread: its own read-only store.
    db::Store& queryStore();
};

// One open connection's place in the count and in the list closed at stop. Moves from the HTTP
// session to the WebSocket session on an upgrade.
class ConnectionSlot {
public:
    ConnectionSlot(std::shared_ptr<Server::Impl> impl, asio::ip::address address)
        : impl_(std::move(impl))
    {
        id_ = impl_->nextId++;
        ++impl_->stats.connections;
        ++impl_->perAddress[address];
        impl_->peers[id_] = {address, false};
    }
    ConnectionSlot(ConnectionSlot&& other) noexcept : impl_(std::move(other.impl_)), id_(other.id_)
    {
    }
    ConnectionSlot& operator=(ConnectionSlot&&) = delete;
    ~ConnectionSlot()
    {
        if (impl_) {
            --impl_->stats.connections;
            impl_->closers.erase(id_);
            impl_->live.erase(id_);
            if (const auto it = impl_->peers.find(id_); it != impl_->peers.end()) {
                if (--impl_->perAddress[it->second.address] <= 0) {
                    impl_->perAddress.erase(it->second.address);
                }
                impl_->peers.erase(it);
            }
        }
    }
    Server::Impl& impl() { return *impl_; }
    // It sent a whole request: no longer the first to be closed for room.
    void spoke() { impl_->peers[id_].spoke = true; }
    bool hasSpoken() const
    {
        const auto it = impl_->peers.find(id_);
        return it != impl_->peers.end() && it->second.spoke;
    }
    asio::ip::address address() const { return impl_->peers.at(id_).address; }
    std::uint64_t id() const { return id_; }
    void onStop(std::function<void()> close) { impl_->closers[id_] = std::move(close); }

private:
    std::shared_ptr<Server::Impl> impl_;
    std::uint64_t id_ = 0;
};

// Whether an error is the ordinary end of a connection (closed, timed out, cancelled at stop).
bool ordinaryEnd(const beast::error_code& ec);

} // namespace bandstation::daemon
