#pragma once
/// Runs one OCP-on-AWS scenario folder end to end (tests/scenarios/README.md, "ocp_aws"):
///
///   nise report aws / csv_dir -> costagg ingest aws
///   per cluster: nise report ocp / csv_dir -> costagg ingest ocp
///   costagg init-db -> seed reporting_enabledtagkeys (AWS and OCP rows)
///   per cluster: costagg summarize ocp, then costagg summarize ocp-aws
///   compare every expected/<table>.csv with all rows of the table in the schema

#include <string>

#include "ocp_aws_scenario.h"
#include "run_context.h"

namespace costagg::scenario {

/// Returns the process exit code: 0 every table matches, 1 a difference or a failed step.
int RunOcpAwsScenario(const RunnerArguments& args, const OcpAwsScenario& scenario, const std::string& pg_uri);

}  // namespace costagg::scenario
