#pragma once
/// The embedded output, --output duckdb:FILE: Koku's OCP tables in a DuckDB file instead of PostgreSQL, for
/// trying costagg without a server. The file is attached to the run's engine as `costagg_output`, with one
/// schema per tenant. Numbers are stored as DECIMAL(33,15) by DuckDB's own cast (round half away from zero of
/// the binary value), which can differ from the PostgreSQL writer's Trino rounding in the 15th decimal.

#include <memory>
#include <string>

#include "costagg/engine/engine.h"
#include "costagg/modes/ocp_target.h"

namespace costagg {

/// The name the output file is attached under.
inline constexpr const char* kDuckDbOutputName = "costagg_output";

/// Creates (or opens) FILE and the tenant's tables in it; harmless to run again (init-db --output
/// duckdb:FILE).
void InitDuckDbOutput(Engine& engine, const std::string& file, const std::string& schema);

/// A summary target writing into FILE, which init-db must have prepared.
std::unique_ptr<OcpSummaryTarget> NewDuckDbOcpTarget(Engine& engine, const std::string& file,
                                                     const std::string& schema);

}  // namespace costagg
