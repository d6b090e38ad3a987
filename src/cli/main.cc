// costagg: parse the command line, resolve options, run, report, exit with a meaningful code.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>

#include "costagg/config/command_line.h"
#include "costagg/config/options.h"
#include "costagg/error.h"
#include "costagg/run.h"
#include "costagg/run_report.h"

namespace {

void SetUpLogging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("costagg");
  logger->set_pattern("costagg: %^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level == "warning" ? "warn" : level));
}

}  // namespace

int main(int argc, char** argv) {
  costagg::ParsedCommandLine cli = costagg::ParseCommandLine(argc, argv);
  if (!cli.command) {
    if (!cli.error.empty())
      std::fprintf(stderr, "costagg: %s\nRun 'costagg --help' for usage.\n", cli.error.c_str());
    std::fputs(cli.output.c_str(), stdout);
    return cli.exit_code;
  }
  costagg::RunReport report;
  report.command = *cli.command;
  bool json = cli.flags.count("json") > 0;
  bool timings = cli.flags.count("timings") > 0;
  try {
    costagg::Options options =
        costagg::ResolveOptions(*cli.command, cli.flags, costagg::ProcessEnvironment());
    SetUpLogging(options.log_level);
    costagg::Run(options, &report);
  } catch (const costagg::Error& e) {
    report.status = "error";
    report.error = e;
  } catch (const std::exception& e) {  // a bug or resource failure outside costagg's checks
    report.status = "error";
    report.error = costagg::RuntimeError(std::string("internal error: ") + e.what());
  }
  std::cerr << report.ToText(timings);
  // The error is the last line, where a caller looking at the tail of stderr finds it.
  if (report.error) std::fprintf(stderr, "costagg: error: %s\n", report.error->what());
  if (json) std::cout << report.ToJson() << std::endl;
  return report.error ? costagg::ExitCode(report.error->kind()) : 0;
}
