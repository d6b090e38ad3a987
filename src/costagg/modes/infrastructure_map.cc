#include "costagg/modes/infrastructure_map.h"

#include <set>

#include "costagg/input/koku_layout.h"
#include "costagg/input/parquet_tables.h"

namespace costagg {

std::vector<InfrastructureLink> FindAwsInfrastructure(Engine& engine, ObjectStore& store,
                                                      const std::string& schema,
                                                      const std::string& ocp_source, int year, int month,
                                                      const DayRange& range,
                                                      const std::string& node_ids_sql) {
  // The AWS sources with daily parquet for the month: source=<S> in the keys under the tenant's daily AWS
  // prefix.
  char partition[64];
  std::snprintf(partition, sizeof partition, "/year=%04d/month=%02d/", year, month);
  const std::string root = "data/parquet/daily/" + KokuAccount(schema) + "/AWS/raw/source=";
  std::set<std::string> sources;
  for (const auto& object : store.List(root)) {
    if (object.key.find(partition) == std::string::npos) continue;
    size_t end = object.key.find('/', root.size());
    if (end != std::string::npos) sources.insert(object.key.substr(root.size(), end - root.size()));
  }
  engine.Execute(
      "CREATE OR REPLACE TEMP TABLE infrastructure_node_ids AS SELECT DISTINCT * FROM (" + node_ids_sql + ")",
      "cluster node ids");
  std::vector<InfrastructureLink> links;
  for (const auto& source : sources) {
    KokuPartition aws{schema, source, year, month};
    CreateParquetTable(engine, store,
                       {"infrastructure_aws_ids",
                        AwsParquetPrefix(aws, ParquetDataset::kDaily),
                        {{"lineitem_resourceid", "VARCHAR"}, {"lineitem_usagestartdate", "TIMESTAMP"}},
                        "lineitem_usagestartdate >= DATE '" + range.start +
                            "' AND lineitem_usagestartdate < DATE '" + range.end + "' + INTERVAL 1 DAY",
                        false});
    int64_t matches = engine.QueryInt(
        "SELECT count(*) FROM (SELECT DISTINCT lineitem_resourceid AS r FROM infrastructure_aws_ids"
        " WHERE lineitem_resourceid <> '') AS a JOIN infrastructure_node_ids AS n"
        " ON n.resource_id <> '' AND contains(a.r, n.resource_id)",
        "match AWS source " + source);
    if (matches > 0) links.push_back({ocp_source, source, "AWS"});
  }
  return links;
}

}  // namespace costagg
