#include "costagg/modes/infrastructure_map.h"

#include <set>

#include "costagg/input/koku_layout.h"
#include "costagg/input/parquet_tables.h"

namespace costagg {
namespace {

/// The sources with parquet for the month under a Koku prefix: `prefix_of(source)` is that prefix for one
/// source; the sources are read from the keys that share its text before and after the source.
template <typename PrefixOf>
std::set<std::string> SourcesWithParquet(ObjectStore& store, PrefixOf prefix_of) {
  const std::string marker = "\x01";
  std::string pattern = prefix_of(marker);
  size_t at = pattern.find(marker);
  std::string root = pattern.substr(0, at), tail = pattern.substr(at + marker.size());
  std::set<std::string> sources;
  for (const auto& object : store.List(root)) {
    size_t end = object.key.find(tail, root.size());
    if (end == std::string::npos || end == root.size()) continue;
    std::string source = object.key.substr(root.size(), end - root.size());
    if (source.find('/') == std::string::npos) sources.insert(source);
  }
  return sources;
}

/// Koku's rule between the tables infrastructure_aws_ids(lineitem_resourceid) and
/// infrastructure_node_ids(resource_id): some non-empty AWS id contains some non-empty node id.
bool RunsOn(Engine& engine, const std::string& step) {
  return engine.QueryInt(
             "SELECT count(*) FROM (SELECT DISTINCT lineitem_resourceid AS r FROM infrastructure_aws_ids"
             " WHERE lineitem_resourceid <> '') AS a JOIN infrastructure_node_ids AS n"
             " ON n.resource_id <> '' AND contains(a.r, n.resource_id)",
             step) > 0;
}

}  // namespace

std::vector<InfrastructureLink> FindAwsInfrastructure(Engine& engine, ObjectStore& store,
                                                      const std::string& schema,
                                                      const std::string& ocp_source, int year, int month,
                                                      const DayRange& range,
                                                      const std::string& node_ids_sql) {
  auto sources = SourcesWithParquet(store, [&](const std::string& source) {
    return AwsParquetPrefix({schema, source, year, month}, ParquetDataset::kDaily);
  });
  engine.Execute(
      "CREATE OR REPLACE TEMP TABLE infrastructure_node_ids AS SELECT DISTINCT * FROM (" + node_ids_sql + ")",
      "cluster node ids");
  std::vector<InfrastructureLink> links;
  for (const auto& source : sources) {
    CreateParquetTable(engine, store,
                       {"infrastructure_aws_ids",
                        AwsParquetPrefix({schema, source, year, month}, ParquetDataset::kDaily),
                        {{"lineitem_resourceid", "VARCHAR"}, {"lineitem_usagestartdate", "TIMESTAMP"}},
                        DaysFilter("lineitem_usagestartdate", range),
                        false});
    if (RunsOn(engine, "match AWS source " + source)) links.push_back({ocp_source, source, "AWS"});
  }
  return links;
}

std::vector<InfrastructureLink> FindOpenShiftOnAws(Engine& engine, ObjectStore& store,
                                                   const std::string& schema, const std::string& aws_source,
                                                   int year, int month, const DayRange& range,
                                                   const std::string& aws_ids_sql) {
  auto sources = SourcesWithParquet(store, [&](const std::string& source) {
    return OcpParquetPrefix({schema, source, year, month}, "pod_usage", ParquetDataset::kDaily);
  });
  engine.Execute("CREATE OR REPLACE TEMP TABLE infrastructure_aws_ids AS SELECT DISTINCT * FROM (" +
                     aws_ids_sql + ") AS ids(lineitem_resourceid)",
                 "AWS resource ids");
  std::vector<InfrastructureLink> links;
  for (const auto& source : sources) {
    CreateParquetTable(engine, store,
                       {"infrastructure_node_ids",
                        OcpParquetPrefix({schema, source, year, month}, "pod_usage", ParquetDataset::kDaily),
                        {{"resource_id", "VARCHAR"}, {"interval_start", "TIMESTAMP"}},
                        DaysFilter("interval_start", range),
                        false});
    if (RunsOn(engine, "match OpenShift source " + source)) links.push_back({source, aws_source, "AWS"});
  }
  return links;
}

}  // namespace costagg
