#pragma once
/// Koku's infrastructure map (ocp_on_aws.md §2.5; koku@768be825:
/// koku/masu/database/trino_sql/aws/reporting_ocpinfrastructure_provider_map.sql): which cloud source an
/// OpenShift cluster runs on. A cluster runs on an AWS source when, in the window, some non-empty resource id
/// of the AWS source's daily line items contains (anywhere, case-sensitive) some non-empty node resource id
/// of the cluster's pod usage. Koku keeps one AWS source per cluster (the last row of an unordered query);
/// costagg lists every match, so the caller sees when there is more than one. Koku runs OCP-on-AWS for each
/// pair it keeps.

#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/input/object_store.h"
#include "costagg/modes/day_range.h"
#include "costagg/run_report.h"

namespace costagg {

/// The AWS sources of `schema` under the store (those with daily parquet for year/month) that the OpenShift
/// source `ocp_source` runs on in `range`. `node_ids_sql` is a DuckDB query returning the cluster's node
/// resource ids (one column). Sorted by AWS source.
std::vector<InfrastructureLink> FindAwsInfrastructure(Engine& engine, ObjectStore& store,
                                                      const std::string& schema,
                                                      const std::string& ocp_source, int year, int month,
                                                      const DayRange& range, const std::string& node_ids_sql);

/// The other direction, for `summarize aws`: the OpenShift sources of `schema` under the store (those with
/// daily pod usage parquet for year/month) that run on the AWS source `aws_source` in `range`, by the same
/// rule. `aws_ids_sql` is a DuckDB query returning the AWS source's line item resource ids in the range (one
/// column). Sorted by OpenShift source.
std::vector<InfrastructureLink> FindOpenShiftOnAws(Engine& engine, ObjectStore& store,
                                                   const std::string& schema, const std::string& aws_source,
                                                   int year, int month, const DayRange& range,
                                                   const std::string& aws_ids_sql);

}  // namespace costagg
