// The API's routes in memory: requests go straight to Api::route (and the read-only queries to
// runQuery with their own connection), with a station on a real database.
#include <boost/json.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bandstation/daemon/api.h>

#include "station_rig.h"

namespace bandstation::daemon {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

class ApiTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        for (const auto* scope : {"read", "control", "admin"}) {
            tokens_[scope] = rig_.writer
                                 .call<db::Store::NewToken>([scope](db::Store& s) {
                                     return s.createToken(scope, scope, db::utcNow());
                                 })
                                 .get()
                                 .secret;
        }
        reload();
        ApiLinks links;
        links.station = rig_.station.get();
        links.writer = &rig_.writer;
        links.tokens = &cache_;
        links.tokenRevoked = [this](std::int64_t id) { cache_.revoke(id); };
        links.health = [] { return json::object{{"status", "ok"}}; };
        links.diagnostics = [] { return json::object{{"samples_lost", 0}}; };
        links.now = [this] { return rig_.now(); };
        api_ = std::make_unique<Api>(links);
    }

    void reload()
    {
        rig_.writer.flush();
        db::Store store(rig_.dir.file("station.db"),
                        db::StoreOptions{"t", db::Database::Mode::ReadOnly, {}});
        cache_.replace(store.activeTokenHashes());
    }

    Response call(http::verb method, const std::string& target, const std::string& scope = "",
                  const std::string& body = "")
    {
        requests_.push_back(std::make_unique<Request>(method, target, 11));
        auto& req = *requests_.back();
        if (!scope.empty()) {
            req.set(http::field::authorization, "Bearer " + tokens_[scope]);
        }
        if (!body.empty()) {
            req.set(http::field::content_type, "application/json");
        }
        req.body() = body;
        req.prepare_payload();
        auto routed = api_->route(req);
        if (routed.response) {
            return std::move(*routed.response);
        }
        if (routed.deferred) {
            // Answered from a writer completion: nothing before the commit.
            std::optional<Response> answer;
            routed.deferred([&](Response r) { answer = std::move(r); });
            rig_.writer.flush();
            rig_.writer.runCompletions();
            EXPECT_TRUE(answer.has_value()) << target << ": no answer after the commit";
            return answer ? std::move(*answer) : Response{};
        }
        rig_.writer.flush();
        db::Store store(rig_.dir.file("station.db"),
                        db::StoreOptions{"t", db::Database::Mode::ReadOnly, {}});
        return runQuery(req, routed.query, store);
    }

    static json::object body(const Response& res) { return json::parse(res.body()).as_object(); }
    static std::string errorCode(const Response& res)
    {
        return std::string(body(res).at("error").at("code").as_string());
    }

    test::StationRig rig_;
    TokenCache cache_;
    std::map<std::string, std::string> tokens_;
    std::unique_ptr<Api> api_;
    std::vector<std::unique_ptr<Request>> requests_;
};

TEST_F(ApiTest, HealthNeedsNoToken)
{
    const auto res = call(http::verb::get, "/api/v1/health");
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_EQ(res[http::field::content_type], "application/json");
    EXPECT_EQ(body(res).at("status").as_string(), "ok");
}

TEST_F(ApiTest, TokensAndScopes)
{
    auto res = call(http::verb::get, "/api/v1/sessions");
    EXPECT_EQ(res.result(), http::status::unauthorized);
    EXPECT_EQ(errorCode(res), "unauthorized");
    EXPECT_THAT(std::string(res[http::field::www_authenticate]), HasSubstr("Bearer"));

    tokens_["bogus"] = "bst_0000";
    EXPECT_EQ(call(http::verb::get, "/api/v1/sessions", "bogus").result(),
              http::status::unauthorized);
    EXPECT_EQ(call(http::verb::get, "/api/v1/sessions", "read").result(), http::status::ok);

    res = call(http::verb::post, "/api/v1/sessions", "read");
    EXPECT_EQ(res.result(), http::status::forbidden);
    EXPECT_THAT(res.body(), HasSubstr("scope 'control'"));
    EXPECT_EQ(call(http::verb::get, "/api/v1/tokens", "control").result(), http::status::forbidden);
    EXPECT_EQ(call(http::verb::get, "/api/v1/tokens", "admin").result(), http::status::ok);
    EXPECT_EQ(call(http::verb::get, "/api/v1/state", "admin").result(), http::status::ok);
}

TEST_F(ApiTest, ATokenMadeThroughTheApiWorksAndARevokedOneStops)
{
    const auto made = call(http::verb::post, "/api/v1/tokens", "admin",
                           R"({"name":"coach anna","scope":"read"})");
    ASSERT_EQ(made.result(), http::status::created) << made.body();
    tokens_["anna"] = std::string(body(made).at("token").as_string());
    EXPECT_EQ(call(http::verb::get, "/api/v1/athletes", "anna").result(), http::status::ok);
    const auto id = body(made).at("id").as_int64();
    EXPECT_EQ(call(http::verb::delete_, "/api/v1/tokens/" + std::to_string(id), "admin").result(),
              http::status::ok);
    EXPECT_EQ(call(http::verb::get, "/api/v1/athletes", "anna").result(),
              http::status::unauthorized);
    EXPECT_EQ(call(http::verb::delete_, "/api/v1/tokens/" + std::to_string(id), "admin").result(),
              http::status::not_found);
    EXPECT_EQ(call(http::verb::post, "/api/v1/tokens", "admin", R"({"scope":"root"})").result(),
              http::status::bad_request);
}

TEST_F(ApiTest, UnknownPathsMethodsAndIds)
{
    auto res = call(http::verb::get, "/api/v1/nothing", "read");
    EXPECT_EQ(res.result(), http::status::not_found);
    EXPECT_EQ(errorCode(res), "not_found");
    res = call(http::verb::put, "/api/v1/sessions", "admin");
    EXPECT_EQ(res.result(), http::status::method_not_allowed);
    EXPECT_THAT(std::string(res[http::field::allow]), HasSubstr("POST"));
    EXPECT_EQ(call(http::verb::get, "/api/v1/sessions/999", "read").result(),
              http::status::not_found);
    EXPECT_EQ(call(http::verb::get, "/api/v1/sessions/abc", "read").result(),
              http::status::not_found);
    EXPECT_EQ(call(http::verb::get, "/api/v1/sets/42/samples.csv", "read").result(),
              http::status::not_found);
    EXPECT_EQ(call(http::verb::get, "/api/v1/sessions?since=-1", "read").result(),
              http::status::bad_request);
    EXPECT_EQ(call(http::verb::get, "/api/v1/sessions?from=yesterday", "read").result(),
              http::status::bad_request);
    EXPECT_EQ(call(http::verb::get, "/api/v1/live", "read").result(),
              http::status::upgrade_required);
}

TEST_F(ApiTest, BadBodiesAre400WithAReason)
{
    auto res = call(http::verb::post, "/api/v1/athletes", "control", "{\"name\": ");
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_EQ(errorCode(res), "bad_json");
    res = call(http::verb::post, "/api/v1/athletes", "control", R"({"name": 3})");
    EXPECT_EQ(errorCode(res), "bad_field");
    res = call(http::verb::post, "/api/v1/sessions", "control", R"({"athlete_id": 77})");
    EXPECT_EQ(res.result(), http::status::not_found);
    res = call(http::verb::post, "/api/v1/sets", "control", R"({"exercise":"clamshell"})");
    EXPECT_EQ(res.result(), http::status::conflict);
    EXPECT_THAT(res.body(), HasSubstr("start a session first"));
}

TEST_F(ApiTest, ASessionThroughTheApi)
{
    auto res = call(http::verb::post, "/api/v1/athletes", "control", R"({"name":"Ana"})");
    ASSERT_EQ(res.result(), http::status::created);
    res = call(http::verb::post, "/api/v1/sessions", "control", R"({"athlete_id":1})");
    ASSERT_EQ(res.result(), http::status::created) << res.body();
    const auto session = body(res).at("id").as_int64();
    res = call(http::verb::post, "/api/v1/sets", "control",
               R"({"exercise":"banded_bridge","reps":2,"sets":1,"zone":{"low_n":50,"high_n":95}})");
    ASSERT_EQ(res.result(), http::status::created) << res.body();
    const auto set = body(res).at("id").as_int64();
    rig_.run(60, [&] { return rig_.station->phase() == Phase::Ready; });

    res = call(http::verb::get, "/api/v1/sessions/" + std::to_string(session), "read");
    ASSERT_EQ(res.result(), http::status::ok);
    const auto detail = body(res);
    ASSERT_EQ(detail.at("sets").as_array().size(), 1u);
    EXPECT_EQ(detail.at("sets").as_array()[0].at("reps").as_array().size(), 2u);

    res = call(http::verb::get, "/api/v1/sets/" + std::to_string(set) + "/samples.csv", "read");
    ASSERT_EQ(res.result(), http::status::ok);
    EXPECT_THAT(res.body(), ::testing::StartsWith("t_s,force_n,counts,flags\n"));
    EXPECT_GT(std::count(res.body().begin(), res.body().end(), '\n'), 500);
    res = call(http::verb::get, "/api/v1/sets/" + std::to_string(set) + "/samples.json", "read");
    EXPECT_GT(json::parse(res.body()).at("samples").as_array().size(), 500u);
    res =
        call(http::verb::get, "/api/v1/sessions/" + std::to_string(session) + "/reps.csv", "read");
    EXPECT_EQ(std::count(res.body().begin(), res.body().end(), '\n'), 3);

    res = call(http::verb::get, "/api/v1/sessions?since=0", "read");
    const auto changes = body(res);
    EXPECT_EQ(changes.at("sessions").as_array().size(), 1u);
    const auto cursor = changes.at("cursor").as_int64();
    res = call(http::verb::get, "/api/v1/sessions?since=" + std::to_string(cursor), "read");
    EXPECT_TRUE(body(res).at("sessions").as_array().empty());

    res = call(http::verb::post, "/api/v1/sessions/" + std::to_string(session) + "/end", "control");
    EXPECT_EQ(res.result(), http::status::ok);
    res = call(http::verb::get, "/api/v1/sessions?since=" + std::to_string(cursor), "read");
    EXPECT_EQ(body(res).at("sessions").as_array().size(), 1u); // the end changed it

    // The athlete's summary: this week's session, and the prescription to start from next time.
    res = call(http::verb::get, "/api/v1/athletes/1/summary", "read");
    ASSERT_EQ(res.result(), http::status::ok) << res.body();
    const auto summary = body(res);
    EXPECT_EQ(summary.at("week").at("sessions").as_int64(), 1);
    EXPECT_EQ(summary.at("week").at("plan").as_int64(), 3);
    EXPECT_EQ(summary.at("last_session").at("movements").as_int64(), 2);
    const auto& exercises = summary.at("exercises").as_array();
    ASSERT_EQ(exercises.size(), 1u);
    EXPECT_EQ(exercises[0].at("exercise").as_string(), "banded_bridge");
    EXPECT_EQ(exercises[0].at("last").at("reps").as_int64(), 2);
    EXPECT_EQ(exercises[0].at("last").at("zone").at("low_n").as_double(), 50.0);
    EXPECT_EQ(exercises[0].at("trend").as_array().size(), 1u);
    EXPECT_GT(exercises[0].at("best_peak_force_n").as_double(), 50.0);
    EXPECT_EQ(call(http::verb::get, "/api/v1/athletes/9/summary", "read").result(),
              http::status::not_found);
}

TEST_F(ApiTest, AnAthletesPlanAndTheRestButtons)
{
    auto res = call(http::verb::post, "/api/v1/athletes", "control",
                    R"({"name":"Bo","sessions_per_week":2})");
    ASSERT_EQ(res.result(), http::status::created) << res.body();
    EXPECT_EQ(body(res).at("sessions_per_week").as_int64(), 2);
    res = call(http::verb::post, "/api/v1/athletes", "control",
               R"({"name":"Bo","sessions_per_week":20})");
    EXPECT_EQ(res.result(), http::status::bad_request);
    EXPECT_THAT(res.body(), HasSubstr("sessions_per_week"));
    res = call(http::verb::post, "/api/v1/rest/extend", "control", R"({"seconds":30})");
    EXPECT_EQ(res.result(), http::status::conflict);
    EXPECT_THAT(res.body(), HasSubstr("not resting"));
    res = call(http::verb::post, "/api/v1/rest/extend", "control", R"({"seconds":0})");
    EXPECT_EQ(res.result(), http::status::bad_request);
}

TEST_F(ApiTest, ExercisesAndCalibration)
{
    auto res = call(http::verb::get, "/api/v1/exercises", "read");
    const auto list = body(res).at("exercises").as_array();
    EXPECT_EQ(list.size(), core::catalog().size());
    res = call(http::verb::post, "/api/v1/calibration", "control", R"({"mass_kg": 0})");
    EXPECT_EQ(res.result(), http::status::bad_request);
    res = call(http::verb::post, "/api/v1/calibration", "control", R"({"mass_kg": 5})");
    EXPECT_EQ(res.result(), http::status::accepted);
    EXPECT_EQ(body(res).at("step").as_string(), "taring");
    res = call(http::verb::delete_, "/api/v1/calibration", "control");
    EXPECT_EQ(res.result(), http::status::ok);
    res = call(http::verb::delete_, "/api/v1/calibration", "control");
    EXPECT_EQ(res.result(), http::status::conflict);
}

} // namespace
} // namespace bandstation::daemon
