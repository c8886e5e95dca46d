// runAnalyze in-process on files in a temporary directory: exit codes and messages.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "analyze.h"

namespace bandstation::tools {
namespace {

class AnalyzeTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        dir_ = std::filesystem::temp_directory_path() /
               ("bandstation-analyze-" +
                std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& text)
    {
        const auto path = (dir_ / name).string();
        std::ofstream(path) << text;
        return path;
    }

    int run(std::vector<std::string_view> args)
    {
        out_.str({});
        err_.str({});
        return runAnalyze(args, out_, err_);
    }

    std::filesystem::path dir_;
    std::ostringstream out_, err_;
};

// Three clean 20 → 120 N reps at 100 samples/s, 2 s up-hold-down each with 1 s rests.
std::string threeReps()
{
    std::string s = "# exercise: clamshell\n# sample_rate_hz: 100\nt_s,force_n\n";
    for (int i = 0; i < 1500; ++i) {
        const double t = i * 0.01;
        const double c = std::fmod(t, 4.0);
        double f = 20;
        if (c >= 1 && c < 4) {
            f = 20 + 100 * std::pow(std::sin(M_PI * (c - 1) / 3), 2);
        }
        s += std::to_string(t) + "," + std::to_string(f) + "\n";
    }
    return s;
}

TEST_F(AnalyzeTest, JsonReportOfAGoodTrace)
{
    const auto path = write("ok.csv", threeReps());
    EXPECT_EQ(run({"--exercise", "clamshell", path}), 0) << err_.str();
    const auto json = out_.str();
    EXPECT_NE(json.find(R"("exercise": "clamshell")"), std::string::npos);
    EXPECT_NE(json.find(R"("sample_rate_hz": 100.0)"), std::string::npos);
    EXPECT_NE(json.find(R"("samples": 1500)"), std::string::npos);
    EXPECT_NE(json.find(R"("index": 3)"), std::string::npos);
    EXPECT_EQ(json.find(R"("index": 4)"), std::string::npos);
    EXPECT_TRUE(err_.str().empty());
}

TEST_F(AnalyzeTest, ExerciseFromTheTraceWhenNotGiven)
{
    const auto path = write("ok.csv", threeReps());
    EXPECT_EQ(run({path}), 0) << err_.str();
    EXPECT_NE(out_.str().find(R"("exercise": "clamshell")"), std::string::npos);
}

TEST_F(AnalyzeTest, CsvOneRowPerRep)
{
    const auto path = write("ok.csv", threeReps());
    EXPECT_EQ(run({"--exercise", "clamshell", "--format", "csv", path}), 0);
    std::istringstream lines(out_.str());
    std::string line;
    int n = 0;
    std::getline(lines, line);
    EXPECT_EQ(line.rfind("index,direction,start_s,", 0), 0u);
    while (std::getline(lines, line)) {
        ++n;
    }
    EXPECT_EQ(n, 3);
}

TEST_F(AnalyzeTest, BadInputIsOneLineAndStatusTwo)
{
    const auto ok = write("ok.csv", threeReps());
    const auto check = [&](std::vector<std::string_view> args, const std::string& needle) {
        EXPECT_EQ(run(args), 2) << needle;
        const auto e = err_.str();
        EXPECT_NE(e.find(needle), std::string::npos) << e;
        EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;
        EXPECT_TRUE(out_.str().empty());
    };
    check({"--exercise", "yoga", ok}, "unknown exercise 'yoga'");
    check({"--exercise", "clamshell", (dir_ / "missing.csv").string()}, "cannot open");
    check({"--exercise", "clamshell", "--format", "xml", ok}, "--format is json or csv");
    check({"--exercise", "clamshell"}, "usage:");
    check({"--exercise", "clamshell", "--tempo", "2-1", ok}, "--tempo");
    check({"--exercise", "clamshell", "--bogus", ok}, "unknown option --bogus");
    const auto bad = write("bad.csv", "t_s,force_n\n0.0,30\n0.1,oops\n");
    check({"--exercise", "clamshell", bad}, "bad.csv:3: not a number");
    const auto back = write("back.csv", "t_s,force_n\n0.0,30\n0.2,31\n0.1,30\n");
    check({"--exercise", "clamshell", back}, "back.csv:4: time goes backwards");
    const auto nan = write("nan.csv", "t_s,force_n\n0.0,30\n0.1,nan\n");
    check({"--exercise", "clamshell", nan}, "nan.csv:3: non-finite force");
}

TEST_F(AnalyzeTest, EmptyTraceIsZeroReps)
{
    const auto path = write("empty.csv", "# exercise: clamshell\nt_s,force_n\n");
    EXPECT_EQ(run({"--exercise", "clamshell", path}), 0) << err_.str();
    EXPECT_NE(out_.str().find(R"("reps": [])"), std::string::npos);
    EXPECT_NE(out_.str().find(R"("samples": 0)"), std::string::npos);
}

} // namespace
} // namespace bandstation::tools
