#pragma once

// A WebSocket client of /api/v1/live: a bounded queue of messages with one write outstanding.
// A client that falls behind by more than the queue's limit is dropped; the others and the
// recording never wait for it.

#include <deque>
#include <memory>
#include <string>

#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json/serialize.hpp>

#include <bandstation/base/log.h>

#include "server_impl.h"

namespace bandstation::daemon {

inline constexpr int kLiveSendBuffer = 64 * 1024;

template <class Stream>
class LiveSession final : public LiveClient,
                          public std::enable_shared_from_this<LiveSession<Stream>> {
public:
    LiveSession(Stream&& stream, ConnectionSlot slot, std::int64_t tokenId)
        : ws_(std::move(stream)), slot_(std::move(slot)), tokenId_(tokenId)
    {
    }

    std::int64_t tokenId() const override { return tokenId_; }

    void closeFor(const std::string& reason) override
    {
        if (closed_) {
            return;
        }
        closed_ = true;
        slot_.impl().live.erase(slot_.id());
        queue_.clear();
        beast::websocket::close_reason why(beast::websocket::close_code::policy_error);
        why.reason = reason.substr(0, 120); // a close frame carries at most 123 bytes
        beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(2));
        ws_.async_close(why, [self = this->shared_from_this()](beast::error_code) {
            beast::error_code ignored;
            beast::get_lowest_layer(self->ws_).socket().close(ignored);
        });
    }

    void run(Request request)
    {
        request_ = std::move(request);
        beast::get_lowest_layer(ws_).expires_never();
        // A modest kernel buffer (no autotuning to megabytes): a client that stops reading shows
        // up in our queue within seconds instead of hiding in the kernel for minutes.
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().set_option(
            asio::socket_base::send_buffer_size(kLiveSendBuffer), ignored);
        ws_.set_option(beast::websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.set_option(
            beast::websocket::stream_base::decorator([](beast::websocket::response_type& res) {
                res.set(http::field::server, "bandstationd");
            }));
        auto self = this->shared_from_this();
        slot_.onStop([weak = std::weak_ptr(self)] {
            if (auto s = weak.lock()) {
                s->close();
            }
        });
        ws_.async_accept(request_, [self](beast::error_code ec) { self->onAccept(ec); });
    }

    void send(std::shared_ptr<const std::string> message) override
    {
        if (closed_) {
            return;
        }
        if (queue_.size() >= slot_.impl().options.wsQueueLimit) {
            ++slot_.impl().stats.droppedLiveClients;
            base::logWarning("live", "a client fell too far behind: dropped");
            close();
            return;
        }
        queue_.push_back(std::move(message));
        if (queue_.size() == 1) {
            write();
        }
    }

private:
    void onAccept(beast::error_code ec)
    {
        if (ec) {
            return;
        }
        auto& impl = slot_.impl();
        impl.live[slot_.id()] = std::weak_ptr<LiveClient>(this->shared_from_this());
        send(std::make_shared<const std::string>(boost::json::serialize(impl.hello())));
        read();
    }

    // Incoming messages are read (to see pings and the close) and otherwise ignored.
    void read()
    {
        ws_.async_read(buffer_,
                       [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                           if (ec) {
                               self->closed_ = true;
                               return;
                           }
                           self->buffer_.consume(self->buffer_.size());
                           self->read();
                       });
    }

    void write()
    {
        ws_.text(true);
        ws_.async_write(asio::buffer(*queue_.front()),
                        [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) {
                                self->closed_ = true;
                                return;
                            }
                            ++self->slot_.impl().stats.liveMessages;
                            self->queue_.pop_front();
                            if (!self->queue_.empty()) {
                                self->write();
                            }
                        });
    }

    void close()
    {
        closed_ = true;
        slot_.impl().live.erase(slot_.id());
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

    beast::websocket::stream<Stream> ws_;
    ConnectionSlot slot_;
    Request request_;
    beast::flat_buffer buffer_;
    std::deque<std::shared_ptr<const std::string>> queue_;
    std::int64_t tokenId_ = 0;
    bool closed_ = false;
};

} // namespace bandstation::daemon
