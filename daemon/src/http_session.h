#pragma once

// One HTTP/1.1 connection: wait for a request (idle timeout), read its header and body (header
// timeout, size limits), answer it (on the io thread, or after a query on a query thread), keep
// the connection alive or close it; hand an upgrade of /api/v1/live to a LiveSession.

#include <memory>
#include <optional>
#include <type_traits>

#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "live_session.h"
#include "server_impl.h"

namespace bandstation::daemon {

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
class HttpSession final : public std::enable_shared_from_this<HttpSession<Stream>> {
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

public:
    HttpSession(tcp::socket&& socket, ConnectionSlot slot) requires(!kTls)
        : stream_(std::move(socket)), slot_(std::move(slot))
    {
    }
    HttpSession(tcp::socket&& socket, asio::ssl::context& tls, ConnectionSlot slot) requires(kTls)
        : stream_(std::move(socket), tls), slot_(std::move(slot))
    {
    }

    void run()
    {
        auto self = this->shared_from_this();
        slot_.onStop([weak = std::weak_ptr(self)] {
            if (auto s = weak.lock()) {
                beast::error_code ignored;
                beast::get_lowest_layer(s->stream_).socket().close(ignored);
            }
        });
        if constexpr (kTls) {
            beast::get_lowest_layer(stream_).expires_after(options().headerTimeout);
            stream_.async_handshake(asio::ssl::stream_base::server, [self](beast::error_code ec) {
                if (!ec) {
                    self->waitForRequest();
                }
            });
        } else {
            waitForRequest();
        }
    }

private:
    const ServerOptions& options() { return slot_.impl().options; }

    // The idle timeout runs until a request's first bytes arrive; then the header timeout.
    void waitForRequest()
    {
        if (buffer_.size() > 0) {
            readHeader();
            return;
        }
        // A new connection must speak within the header timeout: one that never does would hold a
        // slot for the whole idle timeout.
        beast::get_lowest_layer(stream_).expires_after(slot_.hasSpoken() ? options().idleTimeout
                                                                         : options().headerTimeout);
        stream_.async_read_some(buffer_.prepare(1024), [self = this->shared_from_this()](
                                                           beast::error_code ec, std::size_t n) {
            if (ec) {
                return; // closed, or idle too long
            }
            self->buffer_.commit(n);
            self->readHeader();
        });
    }

    void readHeader()
    {
        parser_.emplace();
        parser_->body_limit(options().bodyLimit);
        parser_->header_limit(static_cast<std::uint32_t>(options().headerLimit));
        beast::get_lowest_layer(stream_).expires_after(options().headerTimeout);
        http::async_read_header(stream_, buffer_, *parser_,
                                [self = this->shared_from_this()](
                                    beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        if (ec) {
            refuseRead(ec);
            return;
        }
        auto& req = parser_->get();
        if (beast::websocket::is_upgrade(req)) {
            upgrade();
            return;
        }
        if (req[http::field::expect] == "100-continue" && !parser_->is_done()) {
            auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                           req.version());
            http::async_write(
                stream_, *cont,
                [self = this->shared_from_this(), cont](beast::error_code e, std::size_t) {
                    if (!e) {
                        self->readBody();
                    }
                });
            return;
        }
        readBody();
    }

    void readBody()
    {
        http::async_read(stream_, buffer_, *parser_,
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             if (ec) {
                                 self->refuseRead(ec);
                                 return;
                             }
                             self->handle();
                         });
    }

    // A request that could not be read: a status when it was the client's fault, else nothing.
    void refuseRead(beast::error_code ec)
    {
        if (ec == http::error::body_limit) {
            sendError(http::status::payload_too_large, "too_large",
                      "the body is larger than " + std::to_string(options().bodyLimit) + " bytes");
        } else if (ec == http::error::header_limit) {
            sendError(http::status::request_header_fields_too_large, "header_too_large",
                      "the request header is larger than " + std::to_string(options().headerLimit) +
                          " bytes");
        } else if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
                   ec != http::error::end_of_stream && ec != http::error::partial_message) {
            sendError(http::status::bad_request, "bad_request",
                      "the request is not valid HTTP/1.1: " + ec.message());
        }
    }

    void sendError(http::status status, std::string_view code, const std::string& message)
    {
        // The rest of the stream cannot be trusted: answer and close.
        write(errorResponse(11, false, status, code, message));
    }

    void handle()
    {
        request_ = parser_->release();
        auto& impl = slot_.impl();
        ++impl.stats.requests;
        slot_.spoke();
        const auto address = slot_.address();
        if (impl.throttled(address)) {
            ++impl.stats.throttledRequests;
            auto res = errorResponse(request_.version(), request_.keep_alive(),
                                     http::status::too_many_requests, "too_many_bad_tokens",
                                     "too many requests with unknown tokens from this address: "
                                     "wait 10 s, and check the token");
            res.set(http::field::retry_after, "10");
            write(std::move(res));
            return;
        }
        auto routed = impl.api.route(request_);
        if (routed.response) {
            if (routed.response->result() == http::status::unauthorized) {
                impl.noteBadToken(address);
            }
            write(std::move(*routed.response));
            return;
        }
        if (routed.deferred) {
            // The answer comes from a writer completion, on this (the io) thread.
            routed.deferred([self = this->shared_from_this()](Response response) {
                self->write(std::move(response));
            });
            return;
        }
        asio::post(slot_.impl().pool, [self = this->shared_from_this(),
                                       query = std::move(routed.query)] {
            auto response = runQuery(self->request_, query, self->slot_.impl().queryStore());
            asio::post(self->stream_.get_executor(),
                       [self, r = std::move(response)]() mutable { self->write(std::move(r)); });
        });
    }

    void upgrade()
    {
        const auto& req = parser_->get();
        const auto target = req.target();
        if (!std::string_view(target.data(), target.size()).starts_with("/api/v1/live")) {
            sendError(http::status::not_found, "not_found", "WebSocket is only at /api/v1/live");
            return;
        }
        // The handshake's own failures, in JSON like every other refusal (Beast would answer them
        // in plain text).
        if (req[http::field::sec_websocket_version] != "13") {
            auto res = errorResponse(req.version(), false, http::status::upgrade_required,
                                     "bad_websocket_version",
                                     "this server speaks WebSocket version 13 (RFC 6455)");
            res.set(http::field::sec_websocket_version, "13");
            write(std::move(res));
            return;
        }
        if (req[http::field::sec_websocket_key].size() != 24) {
            sendError(http::status::bad_request, "bad_websocket_key",
                      "the WebSocket handshake needs a Sec-WebSocket-Key of 16 bytes in base64");
            return;
        }
        Identity who;
        slot_.spoke();
        if (slot_.impl().throttled(slot_.address())) {
            sendError(http::status::too_many_requests, "too_many_bad_tokens",
                      "too many requests with unknown tokens from this address: wait 10 s");
            return;
        }
        if (auto refused = slot_.impl().api.authorizeLive(parser_->get(), who)) {
            if (refused->result() == http::status::unauthorized) {
                slot_.impl().noteBadToken(slot_.address());
            }
            refused->keep_alive(false);
            write(std::move(*refused));
            return;
        }
        auto live = std::make_shared<LiveSession<Stream>>(std::move(stream_), std::move(slot_),
                                                          who.tokenId);
        live->run(parser_->release());
    }

    void write(Response response)
    {
        response.set(http::field::server, "bandstationd");
        response_ = std::make_shared<Response>(std::move(response));
        beast::get_lowest_layer(stream_).expires_after(options().idleTimeout);
        http::async_write(stream_, *response_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) {
                                  return;
                              }
                              if (!self->response_->keep_alive()) {
                                  self->shutdown();
                                  return;
                              }
                              self->response_.reset();
                              self->waitForRequest();
                          });
    }

    void shutdown()
    {
        if constexpr (kTls) {
            beast::get_lowest_layer(stream_).expires_after(options().headerTimeout);
            stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {});
        } else {
            beast::error_code ignored;
            stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    Stream stream_;
    ConnectionSlot slot_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    Request request_;
    std::shared_ptr<Response> response_;
};

} // namespace bandstation::daemon
