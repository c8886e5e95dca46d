#pragma once

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace bandstation::tools {

// A failure to talk to the station at all (resolve, connect, TLS, read): not an HTTP status.
struct NetworkError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct HttpReply {
    unsigned status = 0;
    std::string contentType;
    std::string body;
};

// A keep-alive HTTP/1.1 client for one station ("http://HOST:PORT" or "https://HOST:PORT", with
// an optional base path). Reconnects once when the station closed an idle connection.
// Thread: one.
class HttpClient {
public:
    // `caFile`: a PEM certificate to trust for https (a station's self-signed one); empty: the
    // system's trust store. Throws NetworkError for a URL it cannot use.
    HttpClient(const std::string& url, std::string token, std::string caFile = {},
               std::chrono::seconds timeout = std::chrono::seconds(30));
    ~HttpClient();

    HttpReply get(const std::string& target);
    const std::string& origin() const { return origin_; }

private:
    struct Connection;
    HttpReply attempt(const std::string& target);

    std::string origin_; // scheme://host:port, for messages
    std::string host_, port_, basePath_;
    bool tls_ = false;
    std::string token_;
    std::string caFile_;
    std::chrono::seconds timeout_;
    std::unique_ptr<Connection> connection_;
};

} // namespace bandstation::tools
