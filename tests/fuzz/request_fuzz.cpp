// libFuzzer target: bytes off the network → the HTTP parser with the daemon's limits → the API's
// routing, authorisation and handlers. Every answer must be a well-formed response, and every
// refusal a JSON error body.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/json/parse.hpp>

#include "fuzz_rig.h"

namespace http = boost::beast::http;

namespace {

void check(const bandstation::daemon::Response& res)
{
    const auto status = res.result_int();
    if (status < 200 || status > 599) {
        std::abort();
    }
    if (status >= 400) {
        boost::system::error_code ec;
        const auto body = boost::json::parse(res.body(), ec);
        if (ec || !body.is_object() || !body.as_object().contains("error")) {
            std::abort();
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static bandstation::fuzz::ApiRig rig;
    http::request_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(65'536);
    parser.header_limit(8'192);
    boost::system::error_code ec;
    parser.put(boost::asio::buffer(data, size), ec);
    if (ec || !parser.is_done()) {
        return 0;
    }
    const auto request = parser.release();
    auto routed = rig.api->route(request);
    if (routed.response) {
        check(*routed.response);
    } else if (routed.query) {
        check(bandstation::daemon::runQuery(request, routed.query, *rig.reader));
    } else if (routed.deferred) {
        // Answered after the commit, from the writer's completion.
        std::optional<bandstation::daemon::Response> answer;
        routed.deferred([&](bandstation::daemon::Response r) { answer = std::move(r); });
        rig.writer->flush();
        rig.writer->runCompletions();
        if (!answer) {
            std::abort();
        }
        check(*answer);
    } else {
        std::abort();
    }
    return 0;
}
