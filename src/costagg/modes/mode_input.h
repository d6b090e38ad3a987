#pragma once
/// The start every summary mode shares: open --input, make sure it holds the tenant's parquet of the
/// provider, and start the engine that reads it.

#include <memory>
#include <string>

#include "costagg/config/options.h"
#include "costagg/engine/engine.h"
#include "costagg/input/object_store.h"
#include "costagg/run_report.h"

namespace costagg {

/// The opened input and the engine reading it.
struct ModeInput {
  std::unique_ptr<ObjectStore> store;
  std::unique_ptr<Engine> engine;
};

/// Opens options.input and checks that it is readable and holds some parquet of `provider` ("OCP", "AWS")
/// for options.schema: a root without any is a wrong --input or --schema (DataError), not an empty month.
/// The engine gets options' threads and memory limit (`default_memory_limit` when none is given; empty:
/// DuckDB's default) and S3 access when the input is S3. Timed as the phase "check_input" of `report`.
ModeInput OpenModeInput(const Options& options, const std::string& provider,
                        const std::string& default_memory_limit, RunReport* report);

}  // namespace costagg
