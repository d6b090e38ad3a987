#pragma once
/// A small, fully known OCP dataset written straight into Koku's parquet layout (no nise, no ingest), for
/// tests of the summarize command's plumbing: one day, one worker node n1 (4 cores, 16 GiB), one pod p in
/// namespace shop using 1 core and 2 GiB all day and requesting 2 cores and 4 GiB, one 10 GiB claim mounted
/// by p.

#include <string>

namespace costagg::testing {

/// Writes the dataset for `day` (YYYY-MM-DD) under `root` (a local directory) for schema and source.
void WriteOcpFixture(const std::string& root, const std::string& schema, const std::string& source,
                     const std::string& day);

}  // namespace costagg::testing

namespace costagg::testing {

/// A larger dataset for tests that need a run to take a while: `pods` pods on 20 nodes for one day, each with
/// its own `pod_name` label (enable that key to get one summary row per pod), 24 hourly capacity rows per
/// node.
void WriteLargeOcpFixture(const std::string& root, const std::string& schema, const std::string& source,
                          const std::string& day, int pods);

}  // namespace costagg::testing
