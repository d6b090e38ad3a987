// The OCP summary SQL (sql/ocp/) on hand-made input tables, one test per quirk of ocp.md §5 that needs inputs
// nise cannot produce or that is clearest in isolation. Expected values are worked out by hand in the
// comments.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "costagg/engine/engine.h"
#include "costagg/modes/sql_steps.h"
#include "costagg/sql_files.h"

namespace costagg {
namespace {

constexpr double kGiB = 1073741824.0;

/// Builds the input tables of the summary and runs the steps.
class OcpSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_.Execute(R"(
      CREATE TEMP TABLE pod_usage_daily_month (interval_start TIMESTAMP, namespace VARCHAR, node VARCHAR,
        pod VARCHAR, resource_id VARCHAR, pod_labels VARCHAR, pod_usage_cpu_core_seconds DOUBLE,
        pod_request_cpu_core_seconds DOUBLE, pod_effective_usage_cpu_core_seconds DOUBLE,
        pod_limit_cpu_core_seconds DOUBLE, pod_usage_memory_byte_seconds DOUBLE,
        pod_request_memory_byte_seconds DOUBLE, pod_effective_usage_memory_byte_seconds DOUBLE,
        pod_limit_memory_byte_seconds DOUBLE, node_capacity_cpu_cores DOUBLE, node_capacity_memory_bytes DOUBLE,
        node_role VARCHAR);
      CREATE TEMP TABLE pod_usage_hourly (interval_start TIMESTAMP, node VARCHAR,
        node_capacity_cpu_core_seconds DOUBLE, node_capacity_memory_byte_seconds DOUBLE);
      CREATE TEMP TABLE storage_usage_daily (interval_start TIMESTAMP, namespace VARCHAR, pod VARCHAR,
        persistentvolumeclaim VARCHAR, persistentvolume VARCHAR, storageclass VARCHAR, csi_volume_handle VARCHAR,
        persistentvolumeclaim_capacity_bytes DOUBLE, persistentvolumeclaim_capacity_byte_seconds DOUBLE,
        volume_request_storage_byte_seconds DOUBLE, persistentvolumeclaim_usage_byte_seconds DOUBLE,
        persistentvolume_labels VARCHAR, persistentvolumeclaim_labels VARCHAR);
      CREATE TEMP TABLE node_labels_daily (interval_start TIMESTAMP, node VARCHAR, node_labels VARCHAR);
      CREATE TEMP TABLE namespace_labels_daily (interval_start TIMESTAMP, namespace VARCHAR, namespace_labels VARCHAR);
      CREATE TEMP TABLE enabled_tag_keys (key VARCHAR);
      CREATE TEMP TABLE cost_category_namespace (namespace VARCHAR, cost_category_id INTEGER);
      CREATE TEMP TABLE ocp_node_roles (node VARCHAR, resource_id VARCHAR, node_role VARCHAR);
    )",
                    "setup");
  }

  /// A pod's day: usage/request/limit in cores and GiB held for `hours` hours.
  void Pod(const std::string& day, const std::string& ns, const std::string& node, const std::string& pod,
           const std::string& labels, double cpu_use, double cpu_req, double mem_use_gib, double mem_req_gib,
           double hours = 24, const std::string& effective = "default") {
    double s = hours * 3600;
    std::string eff_cpu = effective == "null" ? "NULL" : std::to_string(std::max(cpu_use, cpu_req) * s);
    std::string eff_mem =
        effective == "null" ? "NULL" : std::to_string(std::max(mem_use_gib, mem_req_gib) * kGiB * s);
    engine_.Execute(
        "INSERT INTO pod_usage_daily_month VALUES (TIMESTAMP '" + day + "', " + SqlLiteral(ns) + ", " +
            SqlLiteral(node) + ", " + SqlLiteral(pod) + ", 'i-" + node + "', " + SqlLiteral(labels) + ", " +
            std::to_string(cpu_use * s) + ", " + std::to_string(cpu_req * s) + ", " + eff_cpu + ", " +
            std::to_string(2 * cpu_req * s) + ", " + std::to_string(mem_use_gib * kGiB * s) + ", " +
            std::to_string(mem_req_gib * kGiB * s) + ", " + eff_mem + ", " +
            std::to_string(2 * mem_req_gib * kGiB * s) + ", 4, " + std::to_string(16 * kGiB) + ", NULL)",
        "pod");
  }

  /// 24 hourly capacity rows of a node with `cores` and `gib`.
  void Capacity(const std::string& day, const std::string& node, double cores, double gib) {
    engine_.Execute("INSERT INTO pod_usage_hourly SELECT TIMESTAMP '" + day + "' + to_hours(h), " +
                        SqlLiteral(node) + ", " + std::to_string(cores * 3600) + ", " +
                        std::to_string(gib * kGiB * 3600) + " FROM range(24) t(h)",
                    "capacity");
  }

  void Sql(const std::string& sql) { engine_.Execute(sql, "test input"); }

  /// Runs every step and returns the summary rows as maps of column -> text (NULL -> "<null>").
  std::vector<std::map<std::string, std::string>> Run() {
    engine_.Execute("CREATE OR REPLACE TEMP TABLE pod_usage_daily AS SELECT * FROM pod_usage_daily_month",
                    "range");
    // The whole range as one part (SummarizeOcp splits it by day and node).
    engine_.Execute("CREATE OR REPLACE TEMP VIEW pod_usage_part AS SELECT * FROM pod_usage_daily", "part");
    engine_.Execute("CREATE OR REPLACE TEMP VIEW storage_usage_part AS SELECT * FROM storage_usage_daily",
                    "part");
    SqlParams params = {{"report_period_id", int64_t{7}},
                        {"cluster_id", std::string("c1")},
                        {"cluster_alias", std::string("alias")},
                        {"source", std::string("00000000-0000-0000-0000-000000000001")}};
    DefineSqlMacros(engine_);
    for (const auto& [path, text] : SqlFolder("ocp/")) {
      // The tests set ocp_node_roles themselves; 048 (which derives it) has its own test below.
      if (path != "ocp/090_summary_rows.sql" && path != "ocp/048_node_roles.sql")
        engine_.Execute(text, path, params);
    }
    auto source = engine_.Query(SqlFile("ocp/090_summary_rows.sql"), "rows", params);
    std::vector<std::map<std::string, std::string>> rows;
    RowBatch batch;
    while (source->Next(&batch)) {
      for (size_t r = 0; r < batch.rows; ++r) {
        std::map<std::string, std::string> row;
        for (size_t c = 0; c < batch.columns.size(); ++c) {
          const auto& col = batch.columns[c];
          std::string v;
          if (col.IsNull(r)) {
            v = "<null>";
          } else if (col.type == ValueType::kText) {
            v = col.texts[r];
          } else if (col.type == ValueType::kDouble) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", col.doubles[r]);
            v = buf;
          } else {
            v = std::to_string(col.ints[r]);
          }
          row[source->columns()[c].name] = v;
        }
        rows.push_back(row);
      }
    }
    return rows;
  }

  static std::vector<std::map<std::string, std::string>> Where(
      const std::vector<std::map<std::string, std::string>>& rows, const std::string& column,
      const std::string& value) {
    std::vector<std::map<std::string, std::string>> out;
    for (const auto& r : rows) {
      if (r.at(column) == value) out.push_back(r);
    }
    return out;
  }

  static double Num(const std::map<std::string, std::string>& row, const std::string& column) {
    return std::stod(row.at(column));
  }

  Engine engine_;
};

#define EXPECT_CLOSE(actual, expected) \
  EXPECT_NEAR(actual, expected, 1e-9 * std::max(1.0, std::fabs(expected)))

// ocp §3.11: one worker node n1 with 4 cores and 16 GiB; pod p uses 0.5 core and requests 1 all day.
TEST_F(OcpSqlTest, WorkedExampleOfTheSpec) {
  Pod("2024-02-10", "ns", "n1", "p", "{}", 0.5, 1, 1, 2);
  Capacity("2024-02-10", "n1", 4, 16);
  Sql("INSERT INTO node_labels_daily VALUES (TIMESTAMP '2024-02-10', 'n1', '{}')");
  Sql("INSERT INTO ocp_node_roles VALUES ('n1', 'i-n1', 'worker')");
  Sql("INSERT INTO storage_usage_daily VALUES (TIMESTAMP '2024-02-10', 'ns', 'p', 'claim', 'pv1', 'gp3', "
      "'vol-1', "
      "10 * 1073741824.0, 10 * 1073741824.0 * 86400, 10 * 1073741824.0 * 86400, 5 * 1073741824.0 * 86400, "
      "'{}', '{}')");
  auto rows = Run();
  ASSERT_EQ(rows.size(), 3u);
  auto pod = Where(rows, "namespace", "ns");
  auto pod_row = Where(pod, "data_source", "Pod").at(0);
  EXPECT_CLOSE(Num(pod_row, "pod_usage_cpu_core_hours"), 12);
  EXPECT_CLOSE(Num(pod_row, "pod_request_cpu_core_hours"), 24);
  EXPECT_CLOSE(Num(pod_row, "pod_effective_usage_cpu_core_hours"), 24);
  EXPECT_CLOSE(Num(pod_row, "pod_limit_cpu_core_hours"), 48);
  EXPECT_CLOSE(Num(pod_row, "pod_usage_memory_gigabyte_hours"), 24);
  EXPECT_CLOSE(Num(pod_row, "node_capacity_cpu_core_hours"), 96);
  EXPECT_CLOSE(Num(pod_row, "node_capacity_memory_gigabytes"), 16);
  EXPECT_CLOSE(Num(pod_row, "node_capacity_memory_gigabyte_hours"), 384);
  EXPECT_CLOSE(Num(pod_row, "cluster_capacity_cpu_core_hours"), 96);
  EXPECT_EQ(pod_row.at("pod_labels"), "{}");
  EXPECT_EQ(pod_row.at("report_period_id"), "7");
  EXPECT_EQ(pod_row.at("cluster_alias"), "alias");
  auto unallocated = Where(rows, "namespace", "Worker unallocated").at(0);
  EXPECT_CLOSE(Num(unallocated, "pod_usage_cpu_core_hours"), 84);
  EXPECT_CLOSE(Num(unallocated, "pod_request_cpu_core_hours"), 72);
  EXPECT_CLOSE(Num(unallocated, "pod_effective_usage_cpu_core_hours"), 72);
  EXPECT_EQ(unallocated.at("pod_limit_cpu_core_hours"), "<null>");
  EXPECT_EQ(unallocated.at("pod_labels"), "<null>");
  EXPECT_EQ(unallocated.at("all_labels"), "{}");
  EXPECT_EQ(unallocated.at("infrastructure_usage_cost"), "<null>");
  auto storage = Where(pod, "data_source", "Storage").at(0);
  EXPECT_CLOSE(Num(storage, "persistentvolumeclaim_capacity_gigabyte"), 10);
  EXPECT_CLOSE(Num(storage, "persistentvolumeclaim_capacity_gigabyte_months"), 10.0 / 29);  // leap February
  EXPECT_CLOSE(Num(storage, "volume_request_storage_gigabyte_months"), 10.0 / 29);
  EXPECT_CLOSE(Num(storage, "persistentvolumeclaim_usage_gigabyte_months"), 5.0 / 29);
  EXPECT_EQ(storage.at("node"), "n1");
  EXPECT_EQ(storage.at("resource_id"), "i-n1");
}

// Q1: a node whose enabled labels change within the day doubles the pod rows, each with the full usage.
TEST_F(OcpSqlTest, Q1NodeLabelsChangingWithinADayDuplicateRows) {
  Sql("INSERT INTO enabled_tag_keys VALUES ('zone')");
  Pod("2025-10-01", "ns", "n1", "p", "{}", 1, 1, 1, 1);
  Capacity("2025-10-01", "n1", 4, 16);
  Sql("INSERT INTO node_labels_daily VALUES (TIMESTAMP '2025-10-01', 'n1', '{\"zone\": \"a\"}'), "
      "(TIMESTAMP '2025-10-01', 'n1', '{\"zone\": \"b\"}')");
  auto pods = Where(Where(Run(), "namespace", "ns"), "data_source", "Pod");
  ASSERT_EQ(pods.size(), 2u);
  for (const auto& r : pods) EXPECT_CLOSE(Num(r, "pod_usage_cpu_core_hours"), 24);
}

// Q2: a namespace matching two category patterns has its sums doubled and keeps the larger id.
TEST_F(OcpSqlTest, Q2OverlappingCostCategoriesMultiplySums) {
  Sql("INSERT INTO cost_category_namespace VALUES ('openshift-%', 1), ('openshift-monitoring', 5)");
  Pod("2025-10-01", "openshift-monitoring", "n1", "p", "{}", 1, 1, 1, 1);
  auto pod = Where(Where(Run(), "namespace", "openshift-monitoring"), "data_source", "Pod").at(0);
  EXPECT_CLOSE(Num(pod, "pod_usage_cpu_core_hours"), 48);
  EXPECT_EQ(pod.at("cost_category_id"), "5");
}

// Q3: patterns are SQL LIKE: '_' matches any one character, matching is case-sensitive, no escape character.
TEST_F(OcpSqlTest, Q3CostCategoryPatternsAreLike) {
  Sql("INSERT INTO cost_category_namespace VALUES ('kube_system', 3), ('Prod%', 4)");
  Pod("2025-10-01", "kube-system", "n1", "p", "{}", 1, 1, 1, 1);
  Pod("2025-10-01", "prod-a", "n1", "q", "{}", 1, 1, 1, 1);
  auto rows = Run();
  EXPECT_EQ(Where(rows, "namespace", "kube-system").at(0).at("cost_category_id"), "3");
  EXPECT_EQ(Where(rows, "namespace", "prod-a").at(0).at("cost_category_id"), "<null>");
}

// Q7 (Trino): with no enabled key the key list is NULL and every label goes, vm_kubevirt_io_name too.
TEST_F(OcpSqlTest, Q7NoEnabledKeysDropsEveryLabel) {
  Pod("2025-10-01", "ns", "n1", "p", "{\"app\": \"web\", \"vm_kubevirt_io_name\": \"vm1\"}", 1, 1, 1, 1);
  auto pod = Where(Where(Run(), "namespace", "ns"), "data_source", "Pod").at(0);
  EXPECT_EQ(pod.at("pod_labels"), "{}");
}

// ocp §3.2: with some key enabled, vm_kubevirt_io_name is always kept and disabled keys go.
TEST_F(OcpSqlTest, VmKubevirtNameIsAlwaysKeptOnceAnyKeyIsEnabled) {
  Sql("INSERT INTO enabled_tag_keys VALUES ('app')");
  Pod("2025-10-01", "ns", "n1", "p", "{\"app\": \"web\", \"team\": \"x\", \"vm_kubevirt_io_name\": \"vm1\"}",
      1, 1, 1, 1);
  auto pod = Where(Where(Run(), "namespace", "ns"), "data_source", "Pod").at(0);
  EXPECT_EQ(pod.at("pod_labels"), "{\"app\":\"web\",\"vm_kubevirt_io_name\":\"vm1\"}");
}

// ocp §3.4 and Q4: pod labels beat namespace labels beat node labels; pods whose merged labels are equal
// share a row, others get their own.
TEST_F(OcpSqlTest, LabelPrecedenceAndGrouping) {
  Sql("INSERT INTO enabled_tag_keys VALUES ('app'), ('env'), ('zone')");
  Sql("INSERT INTO node_labels_daily VALUES (TIMESTAMP '2025-10-01', 'n1', '{\"zone\": \"a\", \"env\": "
      "\"node\"}')");
  Sql("INSERT INTO namespace_labels_daily VALUES (TIMESTAMP '2025-10-01', 'ns', '{\"env\": \"ns\", \"app\": "
      "\"ns\"}')");
  Pod("2025-10-01", "ns", "n1", "p1", "{\"app\": \"web\"}", 1, 1, 1, 1);
  Pod("2025-10-01", "ns", "n1", "p2", "{\"app\": \"web\", \"other\": \"x\"}", 1, 1, 1, 1);
  Pod("2025-10-01", "ns", "n1", "p3", "{}", 1, 1, 1, 1);
  auto pods = Where(Where(Run(), "namespace", "ns"), "data_source", "Pod");
  ASSERT_EQ(pods.size(), 2u);
  std::map<std::string, double> usage;
  for (const auto& r : pods) usage[r.at("pod_labels")] = Num(r, "pod_usage_cpu_core_hours");
  EXPECT_CLOSE(usage.at("{\"app\":\"web\",\"env\":\"ns\",\"zone\":\"a\"}"), 48);  // p1 and p2 collapse
  EXPECT_CLOSE(usage.at("{\"app\":\"ns\",\"env\":\"ns\",\"zone\":\"a\"}"), 24);
}

// Q8 (Trino): a NULL raw label object makes the merged labels NULL; all_labels is then {}.
TEST_F(OcpSqlTest, Q8NullRawLabelsGiveNullPodLabels) {
  Sql("INSERT INTO enabled_tag_keys VALUES ('app')");
  Pod("2025-10-01", "ns", "n1", "p", "{}", 1, 1, 1, 1);
  Sql("UPDATE pod_usage_daily_month SET pod_labels = NULL");
  auto pod = Where(Where(Run(), "namespace", "ns"), "data_source", "Pod").at(0);
  EXPECT_EQ(pod.at("pod_labels"), "<null>");
  EXPECT_EQ(pod.at("all_labels"), "{}");
}

// Q10 (Trino): without hourly rows the capacity is NULL, and so is the unallocated remainder.
TEST_F(OcpSqlTest, Q10CapacityWithoutHourlyRowsIsNull) {
  Pod("2025-10-01", "ns", "n1", "p", "{}", 1, 1, 1, 1);
  Sql("INSERT INTO ocp_node_roles VALUES ('n1', 'i-n1', 'worker')");
  auto rows = Run();
  auto pod = Where(Where(rows, "namespace", "ns"), "data_source", "Pod").at(0);
  EXPECT_EQ(pod.at("node_capacity_cpu_core_hours"), "<null>");
  EXPECT_EQ(pod.at("cluster_capacity_cpu_core_hours"), "<null>");
  EXPECT_CLOSE(Num(pod, "node_capacity_cpu_cores"), 4);  // from the daily rows
  auto unallocated = Where(rows, "namespace", "Worker unallocated").at(0);
  EXPECT_EQ(unallocated.at("pod_usage_cpu_core_hours"), "<null>");
}

// Q5 and Q28: pods on node '' get no Pod row, but their hourly capacity rows count in the cluster capacity.
TEST_F(OcpSqlTest, Q5EmptyNodeIsLeftOutOfPodRows) {
  Pod("2025-10-01", "ns", "", "p0", "{}", 1, 1, 1, 1);
  Pod("2025-10-01", "ns", "n1", "p1", "{}", 1, 1, 1, 1);
  Capacity("2025-10-01", "n1", 4, 16);
  Capacity("2025-10-01", "", 2, 0);
  auto pods = Where(Run(), "data_source", "Pod");
  auto in_ns = Where(pods, "namespace", "ns");
  ASSERT_EQ(in_ns.size(), 1u);
  EXPECT_EQ(in_ns[0].at("node"), "n1");
  EXPECT_CLOSE(Num(in_ns[0], "cluster_capacity_cpu_core_hours"), 96 + 48);
}

// Q12: the unallocated row is repeated for every matching category pattern.
TEST_F(OcpSqlTest, Q12UnallocatedRowPerMatchingPattern) {
  Sql("INSERT INTO cost_category_namespace VALUES ('Platform%', 1), ('% unallocated', 2)");
  Pod("2025-10-01", "ns", "n1", "p", "{}", 1, 1, 1, 1);
  Capacity("2025-10-01", "n1", 4, 16);
  Sql("INSERT INTO ocp_node_roles VALUES ('n1', 'i-n1', 'master')");
  auto unallocated = Where(Run(), "namespace", "Platform unallocated");
  ASSERT_EQ(unallocated.size(), 2u);
}

// Q13 and Q11: roles are looked up on (node, resource_id) across clusters and the largest string wins;
// a node without a known role gets a NULL namespace.
TEST_F(OcpSqlTest, Q13LargestRoleWinsAndUnknownNodesGetNoNamespace) {
  Pod("2025-10-01", "ns", "n1", "p", "{}", 1, 1, 1, 1);
  Pod("2025-10-01", "ns", "n2", "q", "{}", 1, 1, 1, 1);
  Capacity("2025-10-01", "n1", 4, 16);
  Capacity("2025-10-01", "n2", 4, 16);
  Sql("INSERT INTO ocp_node_roles VALUES ('n1', 'i-n1', 'master'), ('n1', 'i-n1', 'worker'), "
      "('n2', 'i-other', 'infra')");
  auto rows = Run();
  auto unallocated_n1 = Where(Where(rows, "node", "n1"), "namespace", "Worker unallocated");
  EXPECT_EQ(unallocated_n1.size(), 1u);
  auto n2 = Where(Where(rows, "node", "n2"), "namespace", "<null>");
  ASSERT_EQ(n2.size(), 1u);
  EXPECT_EQ(n2[0].at("cost_category_id"), "<null>");
}

// Q14: usage above capacity leaves a negative unallocated remainder.
TEST_F(OcpSqlTest, Q14NegativeUnallocatedIsKept) {
  Pod("2025-10-01", "ns", "n1", "p", "{}", 6, 6, 1, 1);
  Capacity("2025-10-01", "n1", 4, 16);
  Sql("INSERT INTO ocp_node_roles VALUES ('n1', 'i-n1', 'worker')");
  auto unallocated = Where(Run(), "namespace", "Worker unallocated").at(0);
  EXPECT_CLOSE(Num(unallocated, "pod_usage_cpu_core_hours"), 96 - 144);
}

// Q15: a volume mounted from two nodes gives a row per node; request and usage are halved, capacity is not.
TEST_F(OcpSqlTest, Q15SharedVolumeIsDividedByItsNodes) {
  Pod("2025-10-01", "ns", "n1", "p1", "{}", 1, 1, 1, 1);
  Pod("2025-10-01", "ns", "n2", "p2", "{}", 1, 1, 1, 1);
  for (const char* pod : {"p1", "p2"}) {
    Sql(std::string("INSERT INTO storage_usage_daily VALUES (TIMESTAMP '2025-10-01', 'ns', '") + pod +
        "', 'claim', 'pv', 'gp3', 'vol', 31 * 1073741824.0, 31 * 1073741824.0 * 86400, 31 * 1073741824.0 * "
        "86400,"
        " 31 * 1073741824.0 * 86400, '{}', '{}')");
  }
  auto storage = Where(Run(), "data_source", "Storage");
  ASSERT_EQ(storage.size(), 2u);
  for (const auto& r : storage) {
    EXPECT_CLOSE(Num(r, "persistentvolumeclaim_capacity_gigabyte"), 31);
    EXPECT_CLOSE(Num(r, "persistentvolumeclaim_capacity_gigabyte_months"), 1);  // October: 31 days
    EXPECT_CLOSE(Num(r, "volume_request_storage_gigabyte_months"), 0.5);
    EXPECT_CLOSE(Num(r, "persistentvolumeclaim_usage_gigabyte_months"), 0.5);
  }
}

// Trino: a PVC whose pod has no pod row that day has no node; request and usage are NULL, capacity is kept.
TEST_F(OcpSqlTest, UnmatchedClaimHasNullRequestAndUsage) {
  Sql("INSERT INTO storage_usage_daily VALUES (TIMESTAMP '2025-10-01', 'ns', 'gone', 'claim', 'pv', 'gp3', "
      "NULL,"
      " 31 * 1073741824.0, 31 * 1073741824.0 * 86400, 1, 1, '{}', '{}')");
  auto storage = Where(Run(), "data_source", "Storage").at(0);
  EXPECT_EQ(storage.at("node"), "<null>");
  EXPECT_EQ(storage.at("volume_request_storage_gigabyte_months"), "<null>");
  EXPECT_EQ(storage.at("persistentvolumeclaim_usage_gigabyte_months"), "<null>");
  EXPECT_CLOSE(Num(storage, "persistentvolumeclaim_capacity_gigabyte_months"), 1);
}

// Q16: GB-months divide by the days of the row's own month (28 in February 2025).
TEST_F(OcpSqlTest, Q16DaysInMonthFollowTheRow) {
  Pod("2025-02-10", "ns", "n1", "p", "{}", 1, 1, 1, 1);
  Sql("INSERT INTO storage_usage_daily VALUES (TIMESTAMP '2025-02-10', 'ns', 'p', 'claim', 'pv', 'gp3', NULL,"
      " 28 * 1073741824.0, 28 * 1073741824.0 * 86400, 0, 0, '{}', '{}')");
  auto storage = Where(Run(), "data_source", "Storage").at(0);
  EXPECT_CLOSE(Num(storage, "persistentvolumeclaim_capacity_gigabyte_months"), 1);
}

// Q24: parquet without the effective-usage columns falls back to greatest(usage, request) of each daily row.
TEST_F(OcpSqlTest, Q24MissingEffectiveUsageFallsBackPerDailyRow) {
  Pod("2025-10-01", "ns", "n1", "p", "{}", 0.5, 1, 3, 2, 24, "null");
  auto pod = Where(Where(Run(), "namespace", "ns"), "data_source", "Pod").at(0);
  EXPECT_CLOSE(Num(pod, "pod_effective_usage_cpu_core_hours"), 24);
  EXPECT_CLOSE(Num(pod, "pod_effective_usage_memory_gigabyte_hours"), 72);
}

// Q11: a node without node-label rows in the range is not listed for reporting_ocp_nodes (Koku's label filter
// makes its join an inner join), so it gets no role and its unallocated row a NULL namespace.
TEST_F(OcpSqlTest, Q11NodeWithoutLabelRowsIsNotListed) {
  Pod("2025-10-01", "ns", "n1", "p", "{}", 1, 1, 1, 1);
  Pod("2025-10-01", "openshift-kube-apiserver", "n2", "q", "{}", 1, 1, 1, 1);
  Capacity("2025-10-01", "n1", 4, 16);
  Capacity("2025-10-01", "n2", 4, 16);
  Sql("INSERT INTO node_labels_daily VALUES (TIMESTAMP '2025-10-01', 'n2', '{\"kubernetes_io_arch\": "
      "\"AMD64\"}')");
  Run();
  auto nodes =
      engine_.QueryAll("SELECT node, node_role, architecture FROM topology_nodes ORDER BY node", "nodes");
  ASSERT_EQ(nodes.size(), 1u);
  ASSERT_EQ(nodes[0].rows, 1u);
  EXPECT_EQ(nodes[0].columns[0].texts[0], "n2");
  EXPECT_EQ(nodes[0].columns[1].texts[0], "master");  // it runs an openshift-kube-apiserver pod
  EXPECT_EQ(nodes[0].columns[2].texts[0], "amd64");   // lower-cased kubernetes_io_arch
}

// Volume labels: PVC beats PV beats namespace beats node; all_labels merges pod and volume labels.
TEST_F(OcpSqlTest, VolumeLabelPrecedence) {
  Sql("INSERT INTO enabled_tag_keys VALUES ('a'), ('b'), ('c'), ('d')");
  Pod("2025-10-01", "ns", "n1", "p", "{}", 1, 1, 1, 1);
  Sql("INSERT INTO node_labels_daily VALUES (TIMESTAMP '2025-10-01', 'n1', '{\"a\": \"node\", \"b\": "
      "\"node\","
      " \"c\": \"node\", \"d\": \"node\"}')");
  Sql("INSERT INTO namespace_labels_daily VALUES (TIMESTAMP '2025-10-01', 'ns', '{\"b\": \"ns\", \"c\": "
      "\"ns\","
      " \"d\": \"ns\"}')");
  Sql("INSERT INTO storage_usage_daily VALUES (TIMESTAMP '2025-10-01', 'ns', 'p', 'claim', 'pv', 'gp3', NULL,"
      " 1, 1, 1, 1, '{\"c\": \"pv\", \"d\": \"pv\"}', '{\"d\": \"pvc\"}')");
  auto storage = Where(Run(), "data_source", "Storage").at(0);
  EXPECT_EQ(storage.at("volume_labels"), "{\"a\":\"node\",\"b\":\"ns\",\"c\":\"pv\",\"d\":\"pvc\"}");
  EXPECT_EQ(storage.at("all_labels"), storage.at("volume_labels"));
  EXPECT_EQ(storage.at("pod_labels"), "<null>");
}

// 048: the roles 080 reads are reporting_ocp_nodes after this run's write. Rows of other clusters stay as
// they are; this cluster's row matching a seen node on (node, resource id, cores) takes the new role only
// when its role or architecture is empty; a seen node matching no row is added; a row whose cores differ is
// another row.
TEST_F(OcpSqlTest, NodeRolesAreTheNodeTableAfterThisRunsWrite) {
  Sql(R"(CREATE TEMP TABLE ocp_node_rows (node VARCHAR, resource_id VARCHAR, node_capacity_cpu_cores DOUBLE,
           node_role VARCHAR, architecture VARCHAR, cluster_id VARCHAR);
         INSERT INTO ocp_node_rows VALUES
           ('a', 'i-a', 4, '', 'amd64', 'c-this'),        -- empty role: filled
           ('b', 'i-b', 4, 'infra', NULL, 'c-this'),      -- empty architecture: role overwritten too
           ('c', 'i-c', 4, 'master', 'amd64', 'c-this'),  -- complete: kept
           ('d', 'i-d', 8, '', 'amd64', 'c-this'),        -- other cores: kept, and the seen node is added
           ('a', 'i-a', 4, '', 'amd64', 'c-other');       -- other cluster: kept
         CREATE TEMP TABLE topology_nodes (node VARCHAR, resource_id VARCHAR, node_capacity_cpu_cores DOUBLE,
           node_role VARCHAR, architecture VARCHAR);
         INSERT INTO topology_nodes VALUES ('a', 'i-a', 4.001, 'worker', 'amd64'), ('b', 'i-b', 4, 'worker', 'arm64'),
           ('c', 'i-c', 4, 'worker', 'amd64'), ('d', 'i-d', 4, 'worker', 'amd64'), ('e', NULL, 2, 'master', NULL))");
  engine_.Execute(SqlFile("ocp/048_node_roles.sql"), "048", {{"cluster_uuid", std::string("c-this")}});
  std::vector<std::string> got;
  for (const auto& batch : engine_.QueryAll("SELECT node || '/' || coalesce(resource_id, '-') || '/' || "
                                            "coalesce(node_role, '-') FROM ocp_node_roles"
                                            " ORDER BY 1",
                                            "roles")) {
    for (size_t r = 0; r < batch.rows; ++r) got.push_back(batch.columns[0].texts[r]);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"a/i-a/", "a/i-a/worker", "b/i-b/worker", "c/i-c/master", "d/i-d/",
                                           "d/i-d/worker", "e/-/master"}));
}

}  // namespace
}  // namespace costagg
