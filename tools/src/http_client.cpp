#include "http_client.h"

#include <optional>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/version.hpp>

namespace bandstation::tools {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct HttpClient::Connection {
    asio::io_context io;
    std::optional<asio::ssl::context> tls;
    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
    beast::flat_buffer buffer;

    beast::tcp_stream& lowest() { return plain ? *plain : beast::get_lowest_layer(*secure); }
};

HttpClient::HttpClient(const std::string& url, std::string token, std::string caFile,
                       std::chrono::seconds timeout)
    : token_(std::move(token)), caFile_(std::move(caFile)), timeout_(timeout)
{
    std::string_view rest = url;
    if (rest.starts_with("http://")) {
        rest.remove_prefix(7);
    } else if (rest.starts_with("https://")) {
        rest.remove_prefix(8);
        tls_ = true;
    } else {
        throw NetworkError("the URL must start with http:// or https:// (got '" + url + "')");
    }
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    if (slash != std::string_view::npos) {
        basePath_ = std::string(rest.substr(slash));
        while (!basePath_.empty() && basePath_.back() == '/') {
            basePath_.pop_back();
        }
    }
    const auto colon = authority.rfind(':');
    if (authority.empty() || colon == 0) {
        throw NetworkError("no host in '" + url + "'");
    }
    host_ = std::string(authority.substr(0, colon));
    port_ = colon == std::string_view::npos ? (tls_ ? "443" : "80")
                                            : std::string(authority.substr(colon + 1));
    origin_ = (tls_ ? "https://" : "http://") + host_ + ":" + port_;
}

HttpClient::~HttpClient() = default;

HttpReply HttpClient::get(const std::string& target)
{
    if (connection_) {
        try {
            return attempt(target);
        } catch (const NetworkError&) {
            connection_.reset(); // the station closed a kept-alive connection: once more, fresh
        }
    }
    return attempt(target);
}

HttpReply HttpClient::attempt(const std::string& target)
{
    try {
        if (!connection_) {
            auto c = std::make_unique<Connection>();
            tcp::resolver resolver(c->io);
            const auto endpoints = resolver.resolve(host_, port_);
            if (tls_) {
                c->tls.emplace(asio::ssl::context::tls_client);
                c->tls->set_verify_mode(asio::ssl::verify_peer);
                if (caFile_.empty()) {
                    c->tls->set_default_verify_paths();
                } else {
                    c->tls->load_verify_file(caFile_);
                }
                c->secure.emplace(c->io, *c->tls);
                c->lowest().expires_after(timeout_);
                c->lowest().connect(endpoints);
                // SNI (SSL_set_tlsext_host_name, without the macro's C cast).
                SSL_ctrl(c->secure->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                         TLSEXT_NAMETYPE_host_name, const_cast<char*>(host_.c_str()));
                c->secure->handshake(asio::ssl::stream_base::client);
            } else {
                c->plain.emplace(c->io);
                c->lowest().expires_after(timeout_);
                c->lowest().connect(endpoints);
            }
            connection_ = std::move(c);
        }
        auto& c = *connection_;
        http::request<http::empty_body> req{http::verb::get, basePath_ + target, 11};
        req.set(http::field::host, host_);
        req.set(http::field::user_agent, "bandstation-pull");
        if (!token_.empty()) {
            req.set(http::field::authorization, "Bearer " + token_);
        }
        http::response_parser<http::string_body> parser;
        parser.body_limit(1ULL << 32);
        c.lowest().expires_after(timeout_);
        if (c.plain) {
            http::write(*c.plain, req);
            http::read(*c.plain, c.buffer, parser);
        } else {
            http::write(*c.secure, req);
            http::read(*c.secure, c.buffer, parser);
        }
        auto res = parser.release();
        HttpReply reply{res.result_int(), std::string(res[http::field::content_type]),
                        std::move(res.body())};
        if (!res.keep_alive()) {
            connection_.reset();
        }
        return reply;
    } catch (const boost::system::system_error& e) {
        connection_.reset();
        throw NetworkError("cannot talk to " + origin_ + ": " + e.code().message());
    }
}

} // namespace bandstation::tools
