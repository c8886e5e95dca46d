// bandstation: the command-line tool. Subcommands: analyze, record, pull, token.
#include <iostream>
#include <string_view>
#include <vector>

#include "analyze.h"
#include "pull.h"
#include "record.h"
#include "token.h"

namespace {

constexpr std::string_view kUsage =
    "usage: bandstation COMMAND [OPTIONS]\n"
    "\n"
    "commands:\n"
    "  analyze --exercise ID [--format json|csv] [--tempo U-H-D] [--zone LOW-HIGH]\n"
    "          [--tolerance F] [--calibration OFFSET,COUNTS_PER_N] FILE.csv\n"
    "      Find the reps, steps or holds in a recorded force trace and print their phases,\n"
    "      forces and tempo judgements (JSON by default).\n"
    "  record --sensor hx711|ads1220|simulated|replay [--seconds S] [--output FILE] ...\n"
    "      Capture a sensor's raw samples to the trace format, with the measured rate and the\n"
    "      error counters at the end: the first thing to run on new hardware.\n"
    "      'bandstation record --help' lists the sensor options.\n";

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string_view> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    const auto command = args[0];
    const std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
    if (command == "analyze") {
        return bandstation::tools::runAnalyze(rest, std::cout, std::cerr);
    }
    if (command == "record") {
        return bandstation::tools::runRecord(rest, std::cout, std::cerr);
    }
    if (command == "pull") {
        return bandstation::tools::runPull(rest, std::cout, std::cerr);
    }
    if (command == "token") {
        return bandstation::tools::runToken(rest, std::cout, std::cerr);
    }
    std::cerr << "bandstation: unknown command '" << command << "'\n" << kUsage;
    return 2;
}
