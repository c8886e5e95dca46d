// The listener, the broadcaster and the query threads of the API server.
#include "bandstation/daemon/http_server.h"

#include <stdexcept>

#include <boost/asio/write.hpp>
#include <boost/json/serialize.hpp>

#include <bandstation/base/log.h>

#include "http_session.h"

namespace bandstation::daemon {

namespace {

constexpr std::string_view kLog = "http";

// The answer to a connection beyond the cap, written without reading its request.
const std::string& tooManyConnections()
{
    static const std::string response = [] {
        const std::string body = "{\"error\":{\"code\":\"too_many_connections\",\"message\":"
                                 "\"the station has too many clients: try again\"}}\n";
        return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
               "Connection: close\r\nRetry-After: 1\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body;
    }();
    return response;
}

} // namespace

bool ordinaryEnd(const beast::error_code& ec)
{
    return ec == asio::error::operation_aborted || ec == beast::error::timeout ||
           ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset;
}

Server::Impl::Impl(asio::io_context& context, ServerOptions opts, Api& a, Hello h)
    : io(context), options(std::move(opts)), api(a), hello(std::move(h)), acceptor(context),
      pool(static_cast<std::size_t>(std::max(1, options.queryThreads)))
{
}

db::Store& Server::Impl::queryStore()
{
    // One read-only connection per query thread, opened on first use (the pool's threads are
    // this server's own, so the path cannot differ between uses).
    thread_local std::unique_ptr<db::Store> store;
    thread_local const Impl* owner = nullptr;
    if (!store || owner != this) {
        db::StoreOptions o;
        o.mode = db::Database::Mode::ReadOnly;
        store = std::make_unique<db::Store>(options.databasePath, o);
        owner = this;
    }
    return *store;
}

bool Server::Impl::throttled(const asio::ip::address& address)
{
    if (options.trustLoopback && address.is_loopback()) {
        return false; // the touchscreen is never locked out
    }
    const auto it = badTokens.find(address);
    if (it == badTokens.end()) {
        return false;
    }
    if (std::chrono::steady_clock::now() - it->second.first >= std::chrono::seconds(10)) {
        badTokens.erase(it);
        return false;
    }
    return it->second.second >= options.badTokensPer10s;
}

void Server::Impl::noteBadToken(const asio::ip::address& address)
{
    const auto now = std::chrono::steady_clock::now();
    auto& [start, count] = badTokens[address];
    if (count == 0 || now - start >= std::chrono::seconds(10)) {
        start = now;
        count = 0;
    }
    ++count;
    if (badTokens.size() > 4096) {
        badTokens.clear(); // a flood from many addresses: start over rather than grow
    }
}

Server::Server(asio::io_context& io, ServerOptions options, Api& api, Hello hello)
    : impl_(std::make_shared<Impl>(io, std::move(options), api, std::move(hello)))
{
    auto& impl = *impl_;
    const auto where = impl.options.address + ":" + std::to_string(impl.options.port);
    if (!impl.options.tlsCertificate.empty()) {
        impl.tls.emplace(asio::ssl::context::tls_server);
        impl.tls->set_options(asio::ssl::context::default_workarounds |
                              asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                              asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
        try {
            impl.tls->use_certificate_chain_file(impl.options.tlsCertificate);
            impl.tls->use_private_key_file(impl.options.tlsKey, asio::ssl::context::pem);
        } catch (const std::exception& e) {
            throw std::runtime_error("TLS: cannot use " + impl.options.tlsCertificate + " and " +
                                     impl.options.tlsKey + ": " + e.what());
        }
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(impl.options.address, ec);
    if (ec) {
        throw std::runtime_error("listen: '" + impl.options.address + "' is not an IP address");
    }
    const tcp::endpoint endpoint(address, impl.options.port);
    impl.acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        impl.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
        impl.acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        throw std::runtime_error("cannot listen on " + where + ": " + ec.message());
    }
}

Server::~Server()
{
    stop();
}

std::uint16_t Server::port() const
{
    beast::error_code ec;
    return impl_->acceptor.local_endpoint(ec).port();
}

namespace {

// Whether a new connection from `address` may be served: within its address's share, and within
// the cap, where the oldest connection that has not sent a request yet makes room for it.
bool admit(Server::Impl& impl, const asio::ip::address& address)
{
    const bool loopback = impl.options.trustLoopback && address.is_loopback();
    const auto mine = impl.perAddress.find(address);
    if (!loopback && mine != impl.perAddress.end() &&
        mine->second >= impl.options.maxConnectionsPerAddress) {
        return false;
    }
    const auto cap = static_cast<std::uint64_t>(impl.options.maxConnections +
                                                (loopback ? impl.options.loopbackReserve : 0));
    if (impl.stats.connections < cap) {
        return true;
    }
    for (auto& [id, peer] : impl.peers) {
        if (!peer.spoke && !peer.evicted) {
            const auto close = impl.closers.find(id);
            if (close != impl.closers.end()) {
                peer.evicted = true; // it goes once its handler has run
                ++impl.stats.evictedConnections;
                auto closeIt = close->second; // closing may erase it
                closeIt();
                return true;
            }
        }
    }
    return false;
}

void accept(const std::shared_ptr<Server::Impl>& impl)
{
    impl->acceptor.async_accept(impl->io, [impl](beast::error_code ec, tcp::socket socket) {
        if (ec) {
            if (!impl->stopped) {
                base::logWarning(kLog, "accept: " + ec.message());
                accept(impl);
            }
            return;
        }
        beast::error_code peerError;
        const auto peer = socket.remote_endpoint(peerError);
        if (peerError) {
            accept(impl); // gone already
            return;
        }
        if (!admit(*impl, peer.address())) {
            ++impl->stats.refusedConnections;
            auto s = std::make_shared<tcp::socket>(std::move(socket));
            if (impl->tls) {
                beast::error_code ignored;
                s->close(ignored); // no handshake for a connection we will not serve
            } else {
                asio::async_write(*s, asio::buffer(tooManyConnections()),
                                  [s](beast::error_code, std::size_t) {
                                      beast::error_code ignored;
                                      s->shutdown(tcp::socket::shutdown_both, ignored);
                                  });
            }
            accept(impl);
            return;
        }
        // Small messages go out at once: without this, Nagle's algorithm holds a force frame until
        // the previous one is acknowledged (tens of milliseconds with delayed ACKs).
        beast::error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        ConnectionSlot slot(impl, peer.address());
        if (impl->tls) {
            std::make_shared<HttpSession<TlsStream>>(std::move(socket), *impl->tls, std::move(slot))
                ->run();
        } else {
            std::make_shared<HttpSession<PlainStream>>(std::move(socket), std::move(slot))->run();
        }
        accept(impl);
    });
}

} // namespace

void Server::start()
{
    accept(impl_);
}

void Server::stop()
{
    auto& impl = *impl_;
    if (impl.stopped) {
        return;
    }
    impl.stopped = true;
    beast::error_code ignored;
    impl.acceptor.close(ignored);
    auto closers = impl.closers; // closing a connection removes it from the list
    for (auto& [id, close] : closers) {
        close();
    }
    impl.pool.join();
}

void Server::broadcast(const boost::json::object& message)
{
    auto& impl = *impl_;
    if (impl.live.empty()) {
        return;
    }
    auto text = std::make_shared<const std::string>(boost::json::serialize(message));
    std::vector<std::shared_ptr<LiveClient>> clients;
    for (auto& [id, weak] : impl.live) {
        if (auto c = weak.lock()) {
            clients.push_back(std::move(c));
        }
    }
    for (auto& c : clients) {
        c->send(text);
    }
}

void Server::closeLive(const std::function<bool(std::int64_t)>& revoked, const std::string& reason)
{
    std::vector<std::shared_ptr<LiveClient>> doomed;
    for (auto& [id, weak] : impl_->live) {
        if (auto c = weak.lock(); c && revoked(c->tokenId())) {
            doomed.push_back(std::move(c));
        }
    }
    for (auto& c : doomed) {
        c->closeFor(reason); // erases it from the list
    }
}

ServerStats Server::stats() const
{
    auto s = impl_->stats;
    s.liveClients = impl_->live.size();
    return s;
}

} // namespace bandstation::daemon
