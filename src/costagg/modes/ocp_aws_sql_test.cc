// The OCP-on-AWS SQL (sql/ocp_aws/ and sql/ocp_aws_tables/) on hand-made input tables: one test (at least)
// per quirk Q1..Q18 of ocp_on_aws.md §7, run the way SummarizeOcpAws runs the steps (000, 001, then per chunk
// 005, the matched tag strings, 010..035, the tie needles, 036, then per part of the chunk's days 039..080)
// with the parameters it passes. Every expected value is worked out by hand from the spec and Koku's SQL
// (koku@768be825 trino_sql/aws/openshift/populate_daily_summary/) in the comments; every column of the rows a
// test looks at is asserted.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/modes/day_range.h"
#include "costagg/modes/ocp_aws_summary.h"
#include "costagg/modes/sql_steps.h"
#include "costagg/sql_files.h"
#include "support/sql_rows.h"

namespace costagg {
namespace {

using testing::ExpectRow;
using testing::kAny;
using testing::kNull;
using testing::One;
using testing::QueryRows;
using testing::Row;
using testing::Rows;
using testing::Where;
constexpr const char* kAwsSource = "0a000001-0000-4000-8000-000000000001";
constexpr const char* kOcpSource = "0c000001-0000-4000-8000-000000000001";
constexpr const char* kOtherOcpSource = "0c000002-0000-4000-8000-000000000002";
constexpr const char* kDay = "2025-10-01";
constexpr const char* kAccount = "111111111111";
constexpr double kMarkup = 0.1;

/// One row of Koku's aws_line_items_daily (§1.3), the columns the steps read. Defaults: an EC2 instance-hour
/// row of account kAccount; `type` is lineitem_lineitemtype.
struct AwsRow {
  std::string uuid;
  std::string resource_id;
  std::string day = kDay;
  double usage = 24;
  double unblended = 0;
  double blended = 0;
  double sp_effective = 0;
  std::string type = "Usage";
  std::string tags = "{}";
  std::string product_code = "AmazonEC2";
  std::string family = "Compute Instance";
  std::string instance_type = "m5.large";
  std::string unit = "Hrs";
  std::string usage_type = "BoxUsage:m5.large";
  std::string operation = "RunInstances";
  std::string account = kAccount;
  std::string region = "us-east-1";
  std::string zone = "us-east-1a";
  std::string billing_entity = "AWS";
  std::string product_name = "Amazon Elastic Compute Cloud";
  std::string cost_category = "{\"env\": \"prod\"}";
};

/// One row of the OpenShift daily summary as read from the output (§1.4). Labels as the output's jsonb text.
struct OcpRow {
  std::string data_source = "Pod";
  std::optional<std::string> ns;
  std::optional<std::string> node = "n1";
  std::optional<std::string> resource_id = "i-1";
  std::optional<std::string> pod_labels;
  std::optional<std::string> volume_labels;
  std::optional<double> pod_cpu;
  std::optional<double> pod_mem;
  std::optional<double> node_cpu;
  std::optional<double> node_mem;
  std::optional<std::string> pvc;
  std::optional<std::string> pv;
  std::optional<std::string> storageclass;
  std::optional<std::string> csi;
  std::optional<double> pvc_gb;
  std::optional<int> cost_category_id;
  std::string day = kDay;
  std::string source = kOcpSource;
  std::string cluster_id = "c1";
  std::string cluster_alias = "alias1";
};

std::string Lit(const std::optional<std::string>& v) { return v ? SqlLiteral(*v) : "NULL"; }
std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}
std::string Lit(const std::optional<double>& v) { return v ? Num(*v) : "NULL"; }
std::string Lit(const std::optional<int>& v) { return v ? std::to_string(*v) : "NULL"; }

/// A Pod row of namespace `ns` on node n1 (i-1) with capacity 96 core-hours / 384 GiB-hours.
OcpRow Pod(const std::optional<std::string>& ns, const std::optional<std::string>& labels, double cpu,
           double mem = 0) {
  return {.ns = ns, .pod_labels = labels, .pod_cpu = cpu, .pod_mem = mem, .node_cpu = 96, .node_mem = 384};
}

class OcpAwsSqlTest : public ::testing::Test {
 protected:
  OcpAwsSqlTest() : engine_(EngineOptions{.threads = 1}) {}

  void SetUp() override {
    Sql(R"(
      CREATE TEMP TABLE aws_daily (row_uuid VARCHAR, lineitem_resourceid VARCHAR, lineitem_usagestartdate TIMESTAMP,
        bill_payeraccountid VARCHAR, bill_billingentity VARCHAR, product_productname VARCHAR,
        lineitem_productcode VARCHAR, lineitem_usageaccountid VARCHAR, lineitem_availabilityzone VARCHAR,
        product_productfamily VARCHAR, product_instancetype VARCHAR, product_region VARCHAR, pricing_unit VARCHAR,
        resourcetags VARCHAR, costcategory VARCHAR, lineitem_usageamount DOUBLE, lineitem_currencycode VARCHAR,
        lineitem_lineitemtype VARCHAR, lineitem_unblendedcost DOUBLE, lineitem_blendedcost DOUBLE,
        savingsplan_savingsplaneffectivecost DOUBLE, lineitem_usagetype VARCHAR, lineitem_operation VARCHAR,
        usage_start TIMESTAMP);
      CREATE TEMP TABLE aws_raw (lineitem_resourceid VARCHAR, lineitem_usagestartdate TIMESTAMP,
        lineitem_unblendedcost DOUBLE, lineitem_unblendedrate DOUBLE);
      CREATE TEMP TABLE ocp_pod_daily (interval_start TIMESTAMP, namespace VARCHAR, node VARCHAR, resource_id VARCHAR);
      CREATE TEMP TABLE ocp_storage_daily (interval_start TIMESTAMP, persistentvolume VARCHAR,
        csi_volume_handle VARCHAR);
      CREATE TEMP TABLE ocp_rows_read (source VARCHAR, usage_start DATE, cluster_id VARCHAR, cluster_alias VARCHAR,
        data_source VARCHAR, namespace VARCHAR, node VARCHAR, resource_id VARCHAR, pod_labels VARCHAR,
        volume_labels VARCHAR, persistentvolumeclaim VARCHAR, persistentvolume VARCHAR, storageclass VARCHAR,
        csi_volume_handle VARCHAR, persistentvolumeclaim_capacity_gigabyte DOUBLE,
        pod_effective_usage_cpu_core_hours DOUBLE, pod_effective_usage_memory_gigabyte_hours DOUBLE,
        node_capacity_cpu_core_hours DOUBLE, node_capacity_memory_gigabyte_hours DOUBLE, cost_category_id INTEGER);
      CREATE TEMP TABLE aws_tag_keys (key VARCHAR);
      CREATE TEMP TABLE ocp_tag_keys (key VARCHAR);
      CREATE TEMP TABLE pg_tag_keys (key VARCHAR);
      CREATE TEMP TABLE account_alias (id INTEGER, account_id VARCHAR);
      INSERT INTO account_alias VALUES (5, '111111111111'), (6, '222222222222');
    )");
  }

  void Sql(const std::string& sql) { engine_.Execute(sql, "test input"); }

  void Aws(const AwsRow& r) {
    Sql("INSERT INTO aws_daily VALUES (" + SqlLiteral(r.uuid) + ", " + SqlLiteral(r.resource_id) +
        ", TIMESTAMP '" + r.day + "', '999999999999', " + SqlLiteral(r.billing_entity) + ", " +
        SqlLiteral(r.product_name) + ", " + SqlLiteral(r.product_code) + ", " + SqlLiteral(r.account) + ", " +
        SqlLiteral(r.zone) + ", " + SqlLiteral(r.family) + ", " + SqlLiteral(r.instance_type) + ", " +
        SqlLiteral(r.region) + ", " + SqlLiteral(r.unit) + ", " + SqlLiteral(r.tags) + ", " +
        SqlLiteral(r.cost_category) + ", " + Num(r.usage) + ", 'USD', " + SqlLiteral(r.type) + ", " +
        Num(r.unblended) + ", " + Num(r.blended) + ", " + Num(r.sp_effective) + ", " +
        SqlLiteral(r.usage_type) + ", " + SqlLiteral(r.operation) + ", TIMESTAMP '" + r.day + "')");
  }

  /// One raw hourly line item (§3.5 reads only these four columns).
  void Raw(const std::string& resource_id, const std::string& hour, double cost, double rate) {
    Sql("INSERT INTO aws_raw VALUES (" + SqlLiteral(resource_id) + ", TIMESTAMP '" + hour + "', " +
        Num(cost) + ", " + Num(rate) + ")");
  }

  void Ocp(const OcpRow& r) {
    Sql("INSERT INTO ocp_rows_read VALUES (" + SqlLiteral(r.source) + ", DATE '" + r.day + "', " +
        SqlLiteral(r.cluster_id) + ", " + SqlLiteral(r.cluster_alias) + ", " + SqlLiteral(r.data_source) +
        ", " + Lit(r.ns) + ", " + Lit(r.node) + ", " + Lit(r.resource_id) + ", " + Lit(r.pod_labels) + ", " +
        Lit(r.volume_labels) + ", " + Lit(r.pvc) + ", " + Lit(r.pv) + ", " + Lit(r.storageclass) + ", " +
        Lit(r.csi) + ", " + Lit(r.pvc_gb) + ", " + Lit(r.pod_cpu) + ", " + Lit(r.pod_mem) + ", " +
        Lit(r.node_cpu) + ", " + Lit(r.node_mem) + ", " + Lit(r.cost_category_id) + ")");
  }

  void Keys(const std::string& table, const std::vector<std::string>& keys) {
    for (const auto& k : keys) Sql("INSERT INTO " + table + " VALUES (" + SqlLiteral(k) + ")");
  }

  SqlParams Params() const {
    return {{"aws_source", std::string(kAwsSource)},
            {"ocp_source", std::string(kOcpSource)},
            {"hours_in_month", hours_in_month_},
            {"markup", kMarkup},
            {"distribution", distribution_},
            {"report_period_id", int64_t{7}},
            {"bill_id", int64_t{3}},
            {"chunk_start", chunk_start_},
            {"chunk_end", chunk_end_}};
  }

  /// Runs the steps as SummarizeOcpAws does for one chunk [chunk_start_, chunk_end_], its days one by one.
  /// Unless a test filled them itself, the pod and storage daily tables (step 1's node ids, PV names, CSI
  /// handles and the openshift_node / openshift_project strings) are the cluster's Pod and Storage rows read.
  void Run() {
    if (derive_daily_) {
      Sql("INSERT INTO ocp_pod_daily SELECT DISTINCT usage_start, namespace, node, resource_id "
          "FROM ocp_rows_read WHERE source = " +
          SqlLiteral(kOcpSource) +
          " AND data_source = 'Pod' AND namespace NOT IN ('Worker unallocated', 'Platform unallocated')");
      Sql("INSERT INTO ocp_storage_daily SELECT DISTINCT usage_start, persistentvolume, "
          "coalesce(csi_volume_handle, '') FROM ocp_rows_read WHERE source = " +
          SqlLiteral(kOcpSource) + " AND data_source = 'Storage' AND persistentvolume IS NOT NULL");
    }
    SqlParams params = Params();
    DefineSqlMacros(engine_);
    RunSqlSteps(engine_, "ocp_aws/", "000", "002", params);
    Sql("CREATE TEMP TABLE ocp_lids AS SELECT * FROM ocp_rows_staged");  // as ChunkOcpRows loads a chunk
    RunSqlSteps(engine_, "ocp_aws/", "002", "010", params);
    LoadMatchedTags(params);
    RunSqlSteps(engine_, "ocp_aws/", "010", "036", params);
    tie_needles_ = RegisterTieNeedles(engine_);
    RunSqlSteps(engine_, "ocp_aws/", "036", "039", params);
    // Then in parts of one day each (--part-rows 1); the chunk's final rows are the union of its parts'
    // (each part's replace the last's). OcpAwsMonthTest checks that any split gives the same rows.
    Sql("CREATE OR REPLACE TEMP TABLE chunk_final_rows AS FROM final_rows LIMIT 0");
    for (const DayRange& day : Days({chunk_start_, chunk_end_})) {
      params["part_start"] = day.start;
      params["part_end"] = day.start;
      RunSqlSteps(engine_, "ocp_aws/", "039", "999", params);
      Sql("INSERT INTO chunk_final_rows FROM final_rows");
    }
    Sql("DELETE FROM final_rows; INSERT INTO final_rows FROM chunk_final_rows");
  }

  /// What SummarizeOcpAws's LoadMatchedTags does (§3.1): the shared tag pairs as Koku's strings plus the
  /// openshift_cluster (id and alias), openshift_node and openshift_project strings, distinct and in sorted
  /// order (the order only decides the text of matched_tag).
  void LoadMatchedTags(const SqlParams& params) {
    std::set<std::string> tags;
    for (const auto& r : Query("SELECT key, value FROM chunk_tag_pairs")) {
      std::string tag = MatchedTagString(r.at("key"), r.at("value"));
      if (!tag.empty()) tags.insert(tag);
    }
    tags.insert("\"openshift_cluster\": \"c1\"");
    tags.insert("\"openshift_cluster\": \"alias1\"");
    std::string in_chunk =
        " FROM ocp_pod_daily WHERE interval_start >= $chunk_start::DATE AND interval_start < "
        "$chunk_end::DATE + "
        "INTERVAL 1 DAY";
    for (const auto& r : Query("SELECT DISTINCT node AS v" + in_chunk, params)) {
      if (r.at("v") != kNull) tags.insert("\"openshift_node\": \"" + r.at("v") + "\"");
    }
    for (const auto& r : Query("SELECT DISTINCT namespace AS v" + in_chunk, params)) {
      if (r.at("v") != kNull) tags.insert("\"openshift_project\": \"" + r.at("v") + "\"");
    }
    Sql("CREATE OR REPLACE TEMP TABLE matched_tags (tag VARCHAR, position INTEGER)");
    int position = 0;
    for (const auto& tag : tags)
      Sql("INSERT INTO matched_tags VALUES (" + SqlLiteral(tag) + ", " + std::to_string(position++) + ")");
    matched_tags_ = RegisterMatchedTags(engine_);
  }

  Rows Query(const std::string& sql, const SqlParams& params = {}) { return QueryRows(engine_, sql, params); }

  Rows Final(const std::string& where = "true") { return Query("SELECT * FROM final_rows WHERE " + where); }
  Rows Table(const std::string& table) {
    return Query(SqlFile("ocp_aws_tables/" + table + ".sql"), Params());
  }
  Rows Project() { return Table("reporting_ocpawscostlineitem_project_daily_summary_p"); }

  Engine engine_;
  std::unique_ptr<SubstringSet> matched_tags_;  // what costagg_matched_tags reads (RegisterMatchedTags)
  std::unique_ptr<SubstringSet> tie_needles_;   // what costagg_tie_needles reads (RegisterTieNeedles)
  int64_t hours_in_month_ = 31 * 24;            // October
  std::string distribution_ = "cpu";
  std::string chunk_start_ = kDay;
  std::string chunk_end_ = kDay;
  bool derive_daily_ = true;
};

/// The final_rows columns of a row derived from AWS row `a` (§3.10: descriptive columns copied from the AWS
/// row with '' as NULL, the alias id of its account); the caller sets the OpenShift side and the costs.
Row FinalOf(const AwsRow& a) {
  auto null_if_empty = [](const std::string& s) { return s.empty() ? std::string(kNull) : s; };
  return {{"row_uuid", a.uuid},
          {"cluster_id", "c1"},
          {"cluster_alias", "alias1"},
          {"data_source", "Pod"},
          {"namespace", kNull},
          {"node", kNull},
          {"persistentvolumeclaim", kNull},
          {"persistentvolume", kNull},
          {"storageclass", kNull},
          {"resource_id", null_if_empty(a.resource_id)},
          {"usage_start", a.day},
          {"product_code", a.product_code},
          {"product_family", null_if_empty(a.family)},
          {"instance_type", null_if_empty(a.instance_type)},
          {"usage_account_id", a.account},
          {"account_alias_id", a.account == kAccount ? "5" : "6"},
          {"availability_zone", a.zone},
          {"region", a.region},
          {"unit", null_if_empty(a.unit)},
          {"usage_amount", kNull},
          {"data_transfer_direction", kNull},
          {"currency_code", "USD"},
          {"tags", kNull},
          {"aws_cost_category", a.cost_category},
          {"cost_category_id", kNull},
          {"resource_id_matched", "true"},
          {"matched_tag", kNull}};
}

/// Sets the four costs of a final row and their markups (every markup = final cost x markup, §3.13); NaN for
/// NULL.
void Costs(Row* row, double unblended, double blended, double savingsplan, double amortized) {
  auto set = [&](const char* cost, const char* markup, double v) {
    (*row)[cost] = std::isnan(v) ? kNull : Num(v);
    (*row)[markup] = std::isnan(v) ? kNull : Num(v * kMarkup);
  };
  set("unblended_cost", "markup_cost", unblended);
  set("blended_cost", "markup_cost_blended", blended);
  set("savingsplan_effective_cost", "markup_cost_savingsplan", savingsplan);
  set("calculated_amortized_cost", "markup_cost_amortized", amortized);
}

/// The project table row (§3.12) built from a final row: the same columns grouped, tags filtered by the
/// caller, ids of the run.
Row ProjectOf(const Row& f, const std::string& tags) {
  Row p;
  for (const char* c : {"cluster_id",
                        "cluster_alias",
                        "data_source",
                        "namespace",
                        "node",
                        "persistentvolumeclaim",
                        "persistentvolume",
                        "storageclass",
                        "resource_id",
                        "usage_start",
                        "product_code",
                        "product_family",
                        "data_transfer_direction",
                        "instance_type",
                        "usage_account_id",
                        "account_alias_id",
                        "availability_zone",
                        "region",
                        "unit",
                        "usage_amount",
                        "currency_code",
                        "unblended_cost",
                        "markup_cost",
                        "blended_cost",
                        "markup_cost_blended",
                        "savingsplan_effective_cost",
                        "markup_cost_savingsplan",
                        "calculated_amortized_cost",
                        "markup_cost_amortized",
                        "aws_cost_category",
                        "cost_category_id"}) {
    p[c] = f.at(c);
  }
  p["uuid"] = kAny;
  p["report_period_id"] = "7";
  p["usage_end"] = f.at("usage_start");
  p["cost_entry_bill_id"] = "3";
  p["infrastructure_data_in_gigabytes"] = "0";
  p["infrastructure_data_out_gigabytes"] = "0";
  p["pod_labels"] = tags;
  p["tags"] = tags;
  p["source_uuid"] = kAwsSource;
  return p;
}

double Sum(const Rows& rows, const std::string& column) {
  double total = 0;
  for (const auto& r : rows) {
    if (r.at(column) != kNull) total += std::stod(r.at(column));
  }
  return total;
}

// ---------------------------------------------------------------------------------------------------------------
// Q1: step 1 keeps a row whose resource id ENDS with a node id; step 2d then joins every OpenShift row whose
// node id is a SUBSTRING of it. Node ids i-1 and i-12: the instance i-12 is matchable by suffix (i-12), and
// joins the rows of both nodes (i-1 is a substring of i-12), so its cost is attributed twice over. An
// instance i-1x contains i-1 but ends with no node id: dropped.
TEST_F(OcpAwsSqlTest, Q1SuffixMatchThenSubstringJoin) {
  Ocp({.ns = "a",
       .pod_labels = R"({"app": "a"})",
       .pod_cpu = 24,
       .pod_mem = 10,
       .node_cpu = 96,
       .node_mem = 100,
       .cost_category_id = 3});
  Ocp({.ns = "Worker unallocated", .pod_cpu = 72, .pod_mem = 90, .node_cpu = 96, .node_mem = 100});
  Ocp({.ns = "b",
       .node = "n12",
       .resource_id = "i-12",
       .pod_labels = R"({"app": "b"})",
       .pod_cpu = 24,
       .pod_mem = 10,
       .node_cpu = 48,
       .node_mem = 50});
  Ocp({.ns = "Worker unallocated",
       .node = "n12",
       .resource_id = "i-12",
       .pod_cpu = 24,
       .pod_mem = 40,
       .node_cpu = 48,
       .node_mem = 50});
  AwsRow r1{.uuid = "r1", .resource_id = "i-12", .unblended = 10, .blended = 8};
  Aws(r1);
  Aws({.uuid = "r2", .resource_id = "i-1x", .unblended = 5, .blended = 5});
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 3u);  // r2 is gone; r1 has k = 3 groups (a, b, Worker unallocated of both nodes)

  // a: 24 / 96 = 0.25 of 10; usage 24 / k.
  Row a = FinalOf(r1);
  a["namespace"] = "a";
  a["node"] = "n1";
  a["usage_amount"] = "8";
  a["tags"] = R"({"app":"a"})";
  a["cost_category_id"] = "3";
  Costs(&a, 2.5, 2, 0, 2.5);
  ExpectRow(One(rows, {{"namespace", "a"}}), a);
  // b: 24 / 48 = 0.5 of 10.
  Row b = FinalOf(r1);
  b["namespace"] = "b";
  b["node"] = "n12";
  b["usage_amount"] = "8";
  b["tags"] = R"({"app":"b"})";
  Costs(&b, 5, 4, 0, 5);
  ExpectRow(One(rows, {{"namespace", "b"}}), b);
  // Worker unallocated: one group for both nodes (same namespace, NULL labels): (72 + 24) / max(96, 48) = 1.
  Row wu = FinalOf(r1);
  wu["namespace"] = "Worker unallocated";
  wu["node"] = "n12";
  wu["usage_amount"] = "8";
  Costs(&wu, 10, 8, 0, 10);
  ExpectRow(One(rows, {{"namespace", "Worker unallocated"}}), wu);
  EXPECT_DOUBLE_EQ(Sum(rows, "unblended_cost"), 17.5);  // not 10
}

// Q2: a row matched by its PV name only (in-tree volume: no CSI handle) gets no capacity and contains no node
// id: no output at all. Nor do matched rows of a day without OpenShift rows (compute and data transfer).
TEST_F(OcpAwsSqlTest, Q2ResourceMatchedButUnattributableDisappears) {
  chunk_end_ = "2025-10-02";
  Ocp(Pod("a", "{}", 96));
  Ocp({.data_source = "Storage",
       .ns = "a",
       .volume_labels = "{}",
       .pvc = "claim",
       .pv = "pv-intree",
       .storageclass = "gp2",
       .pvc_gb = 10});
  Aws({.uuid = "disk",
       .resource_id = "vol-pv-intree",
       .usage = 0.3,
       .unblended = 3,
       .blended = 3,
       .family = "Storage",
       .instance_type = "",
       .unit = "GB-Mo"});
  Raw("vol-pv-intree", "2025-10-01 05:00:00", 3.0 / 24, 0.1);
  Aws({.uuid = "compute-day2", .resource_id = "i-1", .day = "2025-10-02", .unblended = 10, .blended = 10});
  Aws({.uuid = "transfer-day2",
       .resource_id = "i-1",
       .day = "2025-10-02",
       .usage = 2,
       .unblended = 0.2,
       .blended = 0.2,
       .family = "Data Transfer",
       .instance_type = "",
       .unit = "GB",
       .usage_type = "USE1-DataTransfer-In-Bytes"});
  Run();
  Rows matched = Query("SELECT row_uuid, resource_id_matched, matched_tag FROM daily_temp ORDER BY row_uuid");
  ASSERT_EQ(matched.size(), 3u);  // all three are kept by step 1 (pv-intree and i-1 are suffixes)
  for (const auto& r : matched) {
    EXPECT_EQ(r.at("resource_id_matched"), "true");
    EXPECT_EQ(r.at("matched_tag"), kNull);
  }
  EXPECT_TRUE(Query("SELECT * FROM disk_capacity").empty());  // no CSI handle: not a disk candidate
  EXPECT_TRUE(Final().empty());
  EXPECT_TRUE(Project().empty());
}

// Q3: SavingsPlanCoveredUsage keeps only its Savings Plan cost (unblended and blended 0, amortized =
// effective cost); SavingsPlanNegation flows through unchanged (amortized = its effective cost 0). One
// namespace uses the whole node (96 / 96), so each row keeps its full cost; the project table adds the two.
TEST_F(OcpAwsSqlTest, Q3SavingsPlanCoveredUsageKeepsOnlyEffectiveCost) {
  Ocp(Pod("a", "{}", 96));
  AwsRow covered{.uuid = "covered",
                 .resource_id = "i-1",
                 .unblended = 10,
                 .blended = 9,
                 .sp_effective = 6,
                 .type = "SavingsPlanCoveredUsage"};
  AwsRow negation{.uuid = "negation",
                  .resource_id = "i-1",
                  .unblended = -10,
                  .blended = -9,
                  .type = "SavingsPlanNegation"};
  Aws(covered);
  Aws(negation);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 2u);
  Row c = FinalOf(covered);
  c["namespace"] = "a";
  c["node"] = "n1";
  c["usage_amount"] = "24";
  c["tags"] = "{}";
  Costs(&c, 0, 0, 6, 6);
  ExpectRow(One(rows, {{"row_uuid", "covered"}}), c);
  Row n = FinalOf(negation);
  n["namespace"] = "a";
  n["node"] = "n1";
  n["usage_amount"] = "24";
  n["tags"] = "{}";
  Costs(&n, -10, -9, 0, 0);
  ExpectRow(One(rows, {{"row_uuid", "negation"}}), n);

  Rows project = Project();
  ASSERT_EQ(project.size(), 1u);
  Row p = ProjectOf(c, "{}");
  p["usage_amount"] = "48";
  Costs(&p, -10, -9, 6, 6);
  ExpectRow(project[0], p);
}

// Q4: amortized = unblended for exactly Usage and Tax, the Savings Plan effective cost for every other type.
TEST_F(OcpAwsSqlTest, Q4AmortizedIsUnblendedOnlyForUsageAndTax) {
  Ocp(Pod("a", "{}", 96));
  struct Case {
    const char* type;
    double unblended, sp, amortized;
  };
  const Case cases[] = {{"Usage", 1, 7, 1},          {"Tax", 2, 0.5, 2},   {"DiscountedUsage", 4, 0, 0},
                        {"RIFee", 3, 0, 0},          {"Fee", 5, 1.5, 1.5}, {"Credit", -1, 0, 0},
                        {"Refund", -2, -0.25, -0.25}};
  for (const auto& k : cases) {
    Aws({.uuid = k.type,
         .resource_id = "i-1",
         .unblended = k.unblended,
         .blended = k.unblended,
         .sp_effective = k.sp,
         .type = k.type});
  }
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), std::size(cases));
  for (const auto& k : cases) {
    Row e = FinalOf({.uuid = k.type, .resource_id = "i-1"});
    e["namespace"] = "a";
    e["node"] = "n1";
    e["usage_amount"] = "24";
    e["tags"] = "{}";
    Costs(&e, k.unblended, k.unblended, k.sp, k.amortized);
    ExpectRow(One(rows, {{"row_uuid", k.type}}), e);
  }
}

// Q5: no sign filter: a credit on the instance is shared like its usage (a 24/96, Worker unallocated 72/96);
// a credit without resource id or tag never arrives. A PVC claiming 25 GB of a 20 GB disk takes 25/20 of the
// disk cost and leaves a negative unattributed row (20 - 25) / 20.
TEST_F(OcpAwsSqlTest, Q5CreditsAreSharedAndOverclaimedDisksGoNegative) {
  Ocp(Pod("a", "{}", 24));
  Ocp(Pod("Worker unallocated", std::nullopt, 72));
  Ocp({.data_source = "Storage",
       .ns = "a",
       .resource_id = "i-other",
       .volume_labels = R"({"vol": "a"})",
       .pvc = "claim-a",
       .pv = "pv-a",
       .storageclass = "gp3",
       .csi = "abc",
       .pvc_gb = 25,
       .cost_category_id = 4});
  AwsRow credit{
      .uuid = "credit", .resource_id = "i-1", .usage = 0, .unblended = -8, .blended = -8, .type = "Credit"};
  Aws(credit);
  Aws({.uuid = "loose-credit",
       .resource_id = "",
       .usage = 0,
       .unblended = -50,
       .blended = -50,
       .type = "Credit",
       .family = "",
       .instance_type = ""});
  AwsRow disk{.uuid = "disk",
              .resource_id = "vol-abc",
              .usage = 0.6,
              .unblended = 2,
              .blended = 2,
              .family = "Storage",
              .instance_type = "",
              .unit = "GB-Mo",
              .usage_type = "EBS:VolumeUsage.gp3",
              .operation = "CreateVolume-Gp3"};
  Aws(disk);
  // 20 GB at 0.08 $/GB-month: hourly cost 20 * 0.08 / 744; capacity = cost / (rate / 744) = 20.
  for (int h = 0; h < 24; ++h) {
    Raw("vol-abc", "2025-10-01 " + std::string(h < 10 ? "0" : "") + std::to_string(h) + ":00:00",
        20 * 0.08 / 744, 0.08);
  }
  Run();
  EXPECT_EQ(Query("SELECT resource_id, capacity FROM disk_capacity"),
            (Rows{{{"resource_id", "vol-abc"}, {"capacity", "20"}}}));
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 4u);

  Row a = FinalOf(credit);
  a["namespace"] = "a";
  a["node"] = "n1";
  a["usage_amount"] = "0";
  a["tags"] = "{}";
  Costs(&a, -2, -2, 0, 0);  // Credit: amortized = Savings Plan effective cost (Q4)
  ExpectRow(One(rows, {{"row_uuid", "credit"}, {"namespace", "a"}}), a);
  Row wu = FinalOf(credit);
  wu["namespace"] = "Worker unallocated";
  wu["node"] = "n1";
  wu["usage_amount"] = "0";
  Costs(&wu, -6, -6, 0, 0);
  ExpectRow(One(rows, {{"row_uuid", "credit"}, {"namespace", "Worker unallocated"}}), wu);

  Row pvc = FinalOf(disk);
  pvc["row_uuid"] = kAny;  // 2b rows get new uuids
  pvc["data_source"] = "Storage";
  pvc["namespace"] = "a";
  pvc["node"] = "n1";
  pvc["persistentvolumeclaim"] = "claim-a";
  pvc["persistentvolume"] = "pv-a";
  pvc["storageclass"] = "gp3";
  pvc["usage_amount"] = "0.6";  // the full AWS usage (Q14)
  pvc["tags"] = R"({"vol":"a"})";
  pvc["cost_category_id"] = "4";
  Costs(&pvc, 2.5, 2.5, 0, 2.5);  // 25 / 20 * 2
  ExpectRow(One(rows, {{"resource_id", "vol-abc"}, {"namespace", "a"}}), pvc);
  Row unattributed = FinalOf(disk);
  unattributed["row_uuid"] = kAny;
  unattributed["data_source"] = "Storage";
  unattributed["namespace"] = "Storage unattributed";
  unattributed["persistentvolumeclaim"] = "claim-a";
  unattributed["persistentvolume"] = "pv-a";
  unattributed["storageclass"] = "gp3";
  unattributed["aws_cost_category"] = kNull;
  Costs(&unattributed, -0.5, -0.5, 0, -0.5);  // (20 - 25) / 20 * 2 / 1 cluster
  ExpectRow(One(rows, {{"resource_id", "vol-abc"}, {"namespace", "Storage unattributed"}}), unattributed);
  EXPECT_DOUBLE_EQ(Sum(Where(rows, {{"resource_id", "vol-abc"}}), "unblended_cost"), 2);
}

// Q6: the compute join takes the node's Storage rows too (they carry its resource id): their (namespace, NULL
// pod labels) group gets NULL costs (Σ NULL usage / capacity) but counts in k for the usage split, and gives
// a project row with NULL costs and NULL tags. A node with capacity 0 gives NULL cost too.
TEST_F(OcpAwsSqlTest, Q6StorageRowsJoinedByNodeGiveNullCost) {
  Ocp({.ns = "a",
       .pod_labels = R"({"app": "a"})",
       .pod_cpu = 24,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384,
       .cost_category_id = 3});
  Ocp(Pod("Worker unallocated", std::nullopt, 72));
  Ocp({.data_source = "Storage",
       .ns = "a",
       .volume_labels = R"({"vol": "1"})",
       .pvc = "claim",
       .pv = "pv-1",
       .storageclass = "gp3",
       .csi = "vol-x",
       .pvc_gb = 5,
       .cost_category_id = 3});
  Ocp({.ns = "b",
       .node = "n2",
       .resource_id = "i-2",
       .pod_labels = "{}",
       .pod_cpu = 10,
       .pod_mem = 1,
       .node_cpu = 0,
       .node_mem = 0});
  AwsRow r1{.uuid = "r1", .resource_id = "i-1", .unblended = 12, .blended = 12};
  AwsRow r2{.uuid = "r2", .resource_id = "i-2", .unblended = 6, .blended = 6};
  Aws(r1);
  Aws(r2);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 4u);
  Row pod = FinalOf(r1);
  pod["namespace"] = "a";
  pod["node"] = "n1";
  pod["usage_amount"] = "8";  // 24 / k, k = 3
  pod["tags"] = R"({"app":"a"})";
  pod["cost_category_id"] = "3";
  Costs(&pod, 3, 3, 0, 3);  // 24 / 96 * 12
  ExpectRow(One(rows, {{"row_uuid", "r1"}, {"namespace", "a"}, {"tags", R"({"app":"a"})"}}), pod);
  Row storage = FinalOf(r1);
  storage["namespace"] = "a";
  storage["node"] = "n1";
  storage["usage_amount"] = "8";
  storage["cost_category_id"] = "3";
  Costs(&storage, NAN, NAN, NAN, NAN);
  ExpectRow(One(rows, {{"row_uuid", "r1"}, {"namespace", "a"}, {"tags", kNull}}), storage);
  Row wu = FinalOf(r1);
  wu["namespace"] = "Worker unallocated";
  wu["node"] = "n1";
  wu["usage_amount"] = "8";
  Costs(&wu, 9, 9, 0, 9);  // 72 / 96 * 12
  ExpectRow(One(rows, {{"row_uuid", "r1"}, {"namespace", "Worker unallocated"}}), wu);
  Row zero = FinalOf(r2);
  zero["namespace"] = "b";
  zero["node"] = "n2";
  zero["usage_amount"] = "24";
  zero["tags"] = "{}";
  Costs(&zero, NAN, NAN, NAN, NAN);  // 10 / nullif(0, 0)
  ExpectRow(One(rows, {{"row_uuid", "r2"}}), zero);

  Rows project = Project();
  ASSERT_EQ(project.size(), 4u);
  ExpectRow(One(project, {{"namespace", "a"}, {"tags", kNull}}), ProjectOf(storage, kNull));
  ExpectRow(One(project, {{"namespace", "b"}}), ProjectOf(zero, "{}"));
}

// Q7: compute cost is conserved per AWS row through the unallocated rows, including the NULL namespace of a
// node without role. Memory distribution: the shares are memory / node memory; the CPU numbers would give
// others.
TEST_F(OcpAwsSqlTest, Q7ComputeCostIsConservedThroughUnallocatedRows) {
  distribution_ = "memory";
  Ocp({.ns = "a", .pod_labels = "{}", .pod_cpu = 90, .pod_mem = 50, .node_cpu = 96, .node_mem = 200});
  Ocp({.ns = "b", .pod_labels = "{}", .pod_cpu = 1, .pod_mem = 30, .node_cpu = 96, .node_mem = 200});
  Ocp({.ns = "Platform unallocated", .pod_cpu = 5, .pod_mem = 120, .node_cpu = 96, .node_mem = 200});
  Ocp({.ns = "c",
       .node = "n2",
       .resource_id = "i-2",
       .pod_labels = "{}",
       .pod_cpu = 1,
       .pod_mem = 40,
       .node_cpu = 48,
       .node_mem = 100});
  Ocp({.ns = std::nullopt,
       .node = "n2",
       .resource_id = "i-2",
       .pod_cpu = 47,
       .pod_mem = 60,
       .node_cpu = 48,
       .node_mem = 100});
  AwsRow r1{.uuid = "r1", .resource_id = "i-1", .unblended = 20, .blended = 16, .sp_effective = 4};
  AwsRow r2{.uuid = "r2", .resource_id = "i-2", .unblended = 10, .blended = 10};
  Aws(r1);
  Aws(r2);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 5u);
  struct Share {
    const AwsRow* aws;
    const char* ns;
    const char* node;
    const char* tags;
    double share;
    const char* usage;
  };
  const Share shares[] = {{&r1, "a", "n1", "{}", 0.25, "8"},  // 50 / 200, usage 24 / 3
                          {&r1, "b", "n1", "{}", 0.15, "8"},  // 30 / 200
                          {&r1, "Platform unallocated", "n1", kNull, 0.6, "8"},
                          {&r2, "c", "n2", "{}", 0.4, "12"},  // 40 / 100, usage 24 / 2
                          {&r2, kNull, "n2", kNull, 0.6, "12"}};
  for (const auto& s : shares) {
    Row e = FinalOf(*s.aws);
    e["namespace"] = s.ns;
    e["node"] = s.node;
    e["usage_amount"] = s.usage;
    e["tags"] = s.tags;
    Costs(&e, s.share * s.aws->unblended, s.share * s.aws->blended, s.share * s.aws->sp_effective,
          s.share * s.aws->unblended);
    ExpectRow(One(rows, {{"row_uuid", s.aws->uuid}, {"namespace", s.ns}}), e);
  }
  EXPECT_NEAR(Sum(Where(rows, {{"row_uuid", "r1"}}), "unblended_cost"), 20, 1e-12);
  EXPECT_NEAR(Sum(Where(rows, {{"row_uuid", "r2"}}), "unblended_cost"), 10, 1e-12);
  EXPECT_EQ(Where(Project(), {{"namespace", kNull}}).size(), 1u);
}

// Q8 (and Q7 for tags): a tag-matched row is divided by c, the number of OpenShift sources (any source in the
// daily summary, not only the pair's) whose rows it ties to; a disk shared by two clusters has its
// unattributed part divided by their number and its claimed capacity summed over both. costagg keeps
// daily_temp, the disk capacities and project_temp per (AWS source, cluster) run (see
// docs/ocp_aws_quirks.md).
TEST_F(OcpAwsSqlTest, Q8TagSplitAndSharedDiskCountOtherClusters) {
  Keys("pg_tag_keys", {"app"});
  Ocp({.ns = "shared",
       .pod_labels = R"({"app": "x"})",
       .pod_cpu = 10,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384});
  Ocp({.ns = "shared",
       .node = "m1",
       .resource_id = "i-9",
       .pod_labels = R"({"app": "y"})",
       .pod_cpu = 10,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384,
       .source = kOtherOcpSource,
       .cluster_id = "c2",
       .cluster_alias = "alias2"});
  Ocp({.data_source = "Storage",
       .ns = "a",
       .resource_id = std::nullopt,
       .volume_labels = "{}",
       .pvc = "ca",
       .pv = "pv-a",
       .storageclass = "gp3",
       .csi = "shared",
       .pvc_gb = 5});
  Ocp({.data_source = "Storage",
       .ns = "z",
       .node = "m1",
       .resource_id = std::nullopt,
       .volume_labels = "{}",
       .pvc = "cz",
       .pv = "pv-z",
       .storageclass = "gp3",
       .csi = "shared",
       .pvc_gb = 5,
       .source = kOtherOcpSource,
       .cluster_id = "c2",
       .cluster_alias = "alias2"});
  AwsRow bucket{.uuid = "bucket",
                .resource_id = "bucket-1",
                .usage = 3,
                .unblended = 8,
                .blended = 8,
                .tags = R"({"openshift_project": "shared"})",
                .product_code = "AmazonS3",
                .family = "Storage Snapshot",
                .instance_type = "",
                .unit = "GB-Mo"};
  AwsRow disk{.uuid = "disk",
              .resource_id = "vol-shared",
              .usage = 0.6,
              .unblended = 4,
              .blended = 4,
              .family = "Storage",
              .instance_type = "",
              .unit = "GB-Mo"};
  Aws(bucket);
  Aws(disk);
  Raw("vol-shared", "2025-10-01 00:00:00", 20, 744);  // capacity 20 / (744 / 744) = 20
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 3u);

  Row tag = FinalOf(bucket);
  tag["namespace"] = "shared";
  tag["node"] = "n1";
  tag["usage_amount"] = "1.5";  // 3 / (k = 1 * c = 2)
  tag["tags"] = R"({"app":"x","openshift_project":"shared"})";
  tag["resource_id_matched"] = "false";
  tag["matched_tag"] = R"("openshift_project": "shared")";
  Costs(&tag, 4, 4, 0, 4);  // 8 / (1 * 2)
  ExpectRow(One(rows, {{"row_uuid", "bucket"}}), tag);

  Row pvc = FinalOf(disk);
  pvc["row_uuid"] = kAny;
  pvc["data_source"] = "Storage";
  pvc["namespace"] = "a";
  pvc["node"] = "n1";
  pvc["persistentvolumeclaim"] = "ca";
  pvc["persistentvolume"] = "pv-a";
  pvc["storageclass"] = "gp3";
  pvc["usage_amount"] = "0.6";
  pvc["tags"] = "{}";
  Costs(&pvc, 1, 1, 0, 1);  // 5 / 20 * 4
  ExpectRow(One(rows, {{"resource_id", "vol-shared"}, {"namespace", "a"}}), pvc);
  Row unattributed = FinalOf(disk);
  unattributed["row_uuid"] = kAny;
  unattributed["data_source"] = "Storage";
  unattributed["namespace"] = "Storage unattributed";
  unattributed["persistentvolumeclaim"] = "ca";  // max over this cluster's joined rows
  unattributed["persistentvolume"] = "pv-a";
  unattributed["storageclass"] = "gp3";
  unattributed["aws_cost_category"] = kNull;
  Costs(&unattributed, 1, 1, 0, 1);  // (20 - (5 + 5)) / 20 * 4 / 2 clusters
  ExpectRow(One(rows, {{"resource_id", "vol-shared"}, {"namespace", "Storage unattributed"}}), unattributed);

  Rows project = Project();
  ASSERT_EQ(project.size(), 3u);
  ExpectRow(One(project, {{"resource_id", "bucket-1"}}), ProjectOf(tag, R"({"app":"x"})"));
}

// Q8 divergence: Koku's c also ties the AWS row to other clusters through the matched_tag lists of the copies
// of the row that earlier runs of other pairs left in its daily_temp (whatever their chunk and run order);
// costagg keeps no such copies, so c counts the clusters this pair's own strings tie to. The bucket (app:
// foo, openshift_project: web) is tag-matched here by "openshift_project": "web" only (this cluster has no
// app=foo label, so "app": "foo" is not discovered); the other cluster's label app=foo does not count: c = 1,
// the whole cost. (Koku gives c = 2 if the other cluster's run of this chunk came first.)
TEST_F(OcpAwsSqlTest, Q8ClusterCountUsesThisPairsMatchedTags) {
  Keys("aws_tag_keys", {"app"});
  Keys("ocp_tag_keys", {"app"});
  Ocp(Pod("web", R"({"app": "a"})", 10));
  Ocp({.ns = "x",
       .node = "m1",
       .resource_id = "i-9",
       .pod_labels = R"({"app": "foo"})",
       .pod_cpu = 10,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384,
       .source = kOtherOcpSource,
       .cluster_id = "c2",
       .cluster_alias = "alias2"});
  AwsRow bucket{.uuid = "bucket",
                .resource_id = "bucket-1",
                .usage = 3,
                .unblended = 8,
                .blended = 8,
                .tags = R"({"app": "foo", "openshift_project": "web"})",
                .product_code = "AmazonS3",
                .family = "Storage",
                .instance_type = "",
                .unit = "GB-Mo"};
  Aws(bucket);
  Run();
  EXPECT_TRUE(Query("SELECT * FROM chunk_tag_pairs").empty());
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 1u);
  Row e = FinalOf(bucket);
  e["namespace"] = "web";
  e["node"] = "n1";
  e["usage_amount"] = "3";
  e["tags"] = R"({"app":"foo","openshift_project":"web"})";  // the AWS app wins over the label (Q12)
  e["resource_id_matched"] = "false";
  e["matched_tag"] = R"("openshift_project": "web")";
  Costs(&e, 8, 8, 0, 8);
  ExpectRow(rows[0], e);
}

// Q9: an AWS row of day N only meets OpenShift rows of day N; the disk capacity divides by the hours of the
// chunk's month (February 2024: 29 * 24 = 696; 744 would give 18.7 -> 19 GB and other shares).
TEST_F(OcpAwsSqlTest, Q9SameDayOnlyAndHoursOfTheChunkMonth) {
  hours_in_month_ = 29 * 24;
  chunk_start_ = "2024-02-01";
  chunk_end_ = "2024-02-02";
  OcpRow pod = Pod("a", "{}", 96);
  pod.day = "2024-02-01";
  Ocp(pod);
  Ocp({.data_source = "Storage",
       .ns = "a",
       .resource_id = std::nullopt,
       .volume_labels = "{}",
       .pvc = "claim",
       .pv = "pv-1",
       .storageclass = "gp3",
       .csi = "disk1",
       .pvc_gb = 10,
       .day = "2024-02-01"});
  AwsRow day1{.uuid = "day1", .resource_id = "i-1", .day = "2024-02-01", .unblended = 10, .blended = 10};
  Aws(day1);
  Aws({.uuid = "day2", .resource_id = "i-1", .day = "2024-02-02", .unblended = 7, .blended = 7});
  AwsRow disk{.uuid = "disk",
              .resource_id = "vol-disk1",
              .day = "2024-02-01",
              .usage = 0.5,
              .unblended = 1,
              .blended = 1,
              .family = "Storage",
              .instance_type = "",
              .unit = "GB-Mo"};
  Aws(disk);
  Raw("vol-disk1", "2024-02-01 03:00:00", 20 * 0.1 / 696, 0.1);
  Run();
  EXPECT_EQ(Query("SELECT resource_id, usage_start, capacity FROM disk_capacity"),
            (Rows{{{"resource_id", "vol-disk1"}, {"usage_start", "2024-02-01"}, {"capacity", "20"}}}));
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 3u);  // nothing of day 2
  Row compute = FinalOf(day1);
  compute["namespace"] = "a";
  compute["node"] = "n1";
  compute["usage_amount"] = "24";
  compute["tags"] = "{}";
  Costs(&compute, 10, 10, 0, 10);
  ExpectRow(One(rows, {{"row_uuid", "day1"}}), compute);
  Row pvc = FinalOf(disk);
  pvc["row_uuid"] = kAny;
  pvc["data_source"] = "Storage";
  pvc["namespace"] = "a";
  pvc["node"] = "n1";
  pvc["persistentvolumeclaim"] = "claim";
  pvc["persistentvolume"] = "pv-1";
  pvc["storageclass"] = "gp3";
  pvc["usage_amount"] = "0.5";
  pvc["tags"] = "{}";
  Costs(&pvc, 0.5, 0.5, 0, 0.5);  // 10 / 20 * 1
  ExpectRow(One(rows, {{"resource_id", "vol-disk1"}, {"namespace", "a"}}), pvc);
  Row rest = One(rows, {{"resource_id", "vol-disk1"}, {"namespace", "Storage unattributed"}});
  EXPECT_DOUBLE_EQ(std::stod(rest.at("unblended_cost")), 0.5);  // (20 - 10) / 20 * 1
}

// Q10: the capacity is rounded (half away from zero) to whole GB before it divides, and the two maxima are
// taken independently over the resource's raw rows of the day. vol-a: 19.6 -> 20 (PVC 5: 5/20 = 0.25, not
// 5/19.6); vol-b: max cost 40 (of the IOPS row) / (max rate 744 (of the storage row) / 744) = 40, though
// neither row alone gives 40; vol-c: 20.5 -> 21, all claimed, so no unattributed row. Rates of 744 make rate
// / hours exactly 1.
TEST_F(OcpAwsSqlTest, Q10CapacityRoundedToIntegerBeforeShare) {
  for (const char* d : {"a", "b", "c"}) {
    std::string id = d;
    Ocp({.data_source = "Storage",
         .ns = "ns-" + id,
         .resource_id = std::nullopt,
         .volume_labels = "{}",
         .pvc = "claim-" + id,
         .pv = "pv-" + id,
         .storageclass = "gp3",
         .csi = id + "1",
         .pvc_gb = id == "a"   ? 5
                   : id == "b" ? 10
                               : 21});
    Aws({.uuid = "disk-" + id,
         .resource_id = "vol-" + id + "1",
         .usage = 1,
         .unblended = 4,
         .blended = 4,
         .family = "Storage",
         .instance_type = "",
         .unit = "GB-Mo"});
  }
  Raw("vol-a1", "2025-10-01 00:00:00", 19.6, 744);
  Raw("vol-a1", "2025-10-02 00:00:00", 100, 744);  // another day: not counted
  Raw("vol-b1", "2025-10-01 00:00:00", 30, 744);
  Raw("vol-b1", "2025-10-01 00:00:00", 40, 372);
  Raw("vol-c1", "2025-10-01 00:00:00", 20.5, 744);
  Run();
  EXPECT_EQ(Query("SELECT resource_id, capacity FROM disk_capacity ORDER BY resource_id"),
            (Rows{{{"resource_id", "vol-a1"}, {"capacity", "20"}},
                  {{"resource_id", "vol-b1"}, {"capacity", "40"}},
                  {{"resource_id", "vol-c1"}, {"capacity", "21"}}}));
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 5u);
  Row pvc = FinalOf(
      {.uuid = "disk-a", .resource_id = "vol-a1", .family = "Storage", .instance_type = "", .unit = "GB-Mo"});
  pvc["row_uuid"] = kAny;
  pvc["data_source"] = "Storage";
  pvc["namespace"] = "ns-a";
  pvc["node"] = "n1";
  pvc["persistentvolumeclaim"] = "claim-a";
  pvc["persistentvolume"] = "pv-a";
  pvc["storageclass"] = "gp3";
  pvc["usage_amount"] = "1";
  pvc["tags"] = "{}";
  Costs(&pvc, 1, 1, 0, 1);  // 5 / 20 * 4
  ExpectRow(One(rows, {{"resource_id", "vol-a1"}, {"namespace", "ns-a"}}), pvc);
  Row rest = pvc;
  rest["namespace"] = "Storage unattributed";
  rest["node"] = kNull;
  rest["usage_amount"] = kNull;
  rest["tags"] = kNull;
  rest["aws_cost_category"] = kNull;
  Costs(&rest, 3, 3, 0, 3);  // (20 - 5) / 20 * 4
  ExpectRow(One(rows, {{"resource_id", "vol-a1"}, {"namespace", "Storage unattributed"}}), rest);
  EXPECT_DOUBLE_EQ(
      std::stod(One(rows, {{"resource_id", "vol-b1"}, {"namespace", "ns-b"}}).at("unblended_cost")),
      1);  // 10 / 40 * 4
  EXPECT_DOUBLE_EQ(
      std::stod(
          One(rows, {{"resource_id", "vol-b1"}, {"namespace", "Storage unattributed"}}).at("unblended_cost")),
      3);                                                                                       // 30 / 40 * 4
  EXPECT_DOUBLE_EQ(std::stod(One(rows, {{"resource_id", "vol-c1"}}).at("unblended_cost")), 4);  // 21 / 21 * 4
}

// Q10: a zero unblended rate with a positive cost makes the capacity +Infinity; Koku's integer cast then
// fails the whole step, and so does costagg's (by name).
TEST_F(OcpAwsSqlTest, Q10ZeroRateWithPositiveCostFails) {
  Ocp({.data_source = "Storage",
       .ns = "a",
       .resource_id = std::nullopt,
       .volume_labels = "{}",
       .pvc = "claim",
       .pv = "pv-z",
       .storageclass = "gp3",
       .csi = "z1",
       .pvc_gb = 5});
  Aws({.uuid = "disk",
       .resource_id = "vol-z1",
       .usage = 1,
       .unblended = 1,
       .blended = 1,
       .family = "Storage",
       .instance_type = "",
       .unit = "GB-Mo"});
  Raw("vol-z1", "2025-10-01 00:00:00", 1, 0);
  try {
    Run();
    ADD_FAILURE() << "the step should fail";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("infinite disk capacity"), std::string::npos) << e.what();
  }
}

// Q10: a zero rate with zero cost (NaN) or a negative cost (-Infinity) gives no capacity: the disk is then no
// disk (no storage rows) and, its id containing no node id, produces nothing.
TEST_F(OcpAwsSqlTest, Q10ZeroRateWithZeroOrNegativeCostGivesNoCapacity) {
  for (const char* d : {"n", "m"}) {
    std::string id = d;
    Ocp({.data_source = "Storage",
         .ns = "a",
         .resource_id = std::nullopt,
         .volume_labels = "{}",
         .pvc = "claim-" + id,
         .pv = "pv-" + id,
         .storageclass = "gp3",
         .csi = id + "1",
         .pvc_gb = 5});
    Aws({.uuid = "disk-" + id,
         .resource_id = "vol-" + id + "1",
         .usage = 1,
         .unblended = -1,
         .blended = -1,
         .family = "Storage",
         .instance_type = "",
         .unit = "GB-Mo"});
  }
  Raw("vol-n1", "2025-10-01 00:00:00", 0, 0);
  Raw("vol-m1", "2025-10-01 00:00:00", -1, 0);
  Run();
  EXPECT_EQ(Query("SELECT count(*) AS n FROM daily_temp"), (Rows{{{"n", "2"}}}));
  EXPECT_TRUE(Query("SELECT * FROM disk_capacity").empty());
  EXPECT_TRUE(Final().empty());
}

// Q11: tag strings are Python JSON matched literally and case-sensitively. Keys app and team are enabled for
// both providers. Discovery pairs AWS (key, value) with OpenShift labels case-insensitively, in the AWS
// spelling:
//   "app": "cost"       -> only in {"app": "cost"} (not in {"my_app": "cost"}); ties to labels
//   {"app":"cost",...} "app": "cost-model" -> its own row and namespace; "app":"cost" is not inside
//   {"app":"cost-model"} "App": "cost"       -> discovered (OpenShift has app=cost) and matches its AWS row,
//   but no label is spelled
//                          App: no output
//   "team": "a b"       -> spaces removed ("team":"ab") before the label search: never matches "a b"
TEST_F(OcpAwsSqlTest, Q11TagMatchIsLiteralAndCaseSensitive) {
  Keys("aws_tag_keys", {"app", "team"});
  Keys("ocp_tag_keys", {"app", "team", "tier"});
  Keys("pg_tag_keys", {"app", "team", "tier"});
  Ocp({.ns = "web",
       .pod_labels = R"({"app": "cost", "tier": "x"})",
       .pod_cpu = 10,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384});
  Ocp({.ns = "other",
       .pod_labels = R"({"app": "cost-model"})",
       .pod_cpu = 10,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384});
  Ocp({.ns = "spaced",
       .pod_labels = R"({"team": "a b"})",
       .pod_cpu = 10,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384});
  AwsRow s3{
      .usage = 2, .product_code = "AmazonS3", .family = "Storage", .instance_type = "", .unit = "GB-Mo"};
  AwsRow exact = s3, prefixed = s3, longer = s3, upper = s3, spaced = s3;
  exact.uuid = "exact", exact.resource_id = "bucket-exact", exact.unblended = 4,
  exact.tags = R"({"app": "cost"})";
  prefixed.uuid = "prefixed", prefixed.resource_id = "bucket-prefixed", prefixed.unblended = 5;
  prefixed.tags = R"({"my_app": "cost"})";
  longer.uuid = "longer", longer.resource_id = "bucket-longer", longer.unblended = 6;
  longer.tags = R"({"app": "cost-model"})";
  upper.uuid = "upper", upper.resource_id = "bucket-upper", upper.unblended = 7;
  upper.tags = R"({"App": "cost", "app": "other"})";
  spaced.uuid = "spaced", spaced.resource_id = "bucket-spaced", spaced.unblended = 8;
  spaced.tags = R"({"team": "a b"})";
  for (auto* r : {&exact, &prefixed, &longer, &upper, &spaced}) {
    r->blended = r->unblended;
    Aws(*r);
  }
  Run();
  EXPECT_EQ(Query("SELECT key, value FROM chunk_tag_pairs ORDER BY key, value"),
            (Rows{{{"key", "App"}, {"value", "cost"}},
                  {{"key", "app"}, {"value", "cost"}},
                  {{"key", "app"}, {"value", "cost-model"}},
                  {{"key", "team"}, {"value", "a b"}}}));
  EXPECT_EQ(
      Query("SELECT row_uuid, tags, matched_tag FROM daily_temp ORDER BY row_uuid"),
      (Rows{{{"row_uuid", "exact"}, {"tags", R"({"app":"cost"})"}, {"matched_tag", R"("app": "cost")"}},
            {{"row_uuid", "longer"},
             {"tags", R"({"app":"cost-model"})"},
             {"matched_tag", R"("app": "cost-model")"}},
            {{"row_uuid", "spaced"}, {"tags", R"({"team":"a b"})"}, {"matched_tag", R"("team": "a b")"}},
            {{"row_uuid", "upper"}, {"tags", R"({"app":"other"})"}, {"matched_tag", R"("App": "cost")"}}}));
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 2u);
  Row e = FinalOf(exact);
  e["namespace"] = "web";
  e["node"] = "n1";
  e["usage_amount"] = "2";
  e["tags"] = R"({"app":"cost","tier":"x"})";
  e["resource_id_matched"] = "false";
  e["matched_tag"] = R"("app": "cost")";
  Costs(&e, 4, 4, 0, 4);
  ExpectRow(One(rows, {{"row_uuid", "exact"}}), e);
  Row l = FinalOf(longer);
  l["namespace"] = "other";
  l["node"] = "n1";
  l["usage_amount"] = "2";
  l["tags"] = R"({"app":"cost-model"})";
  l["resource_id_matched"] = "false";
  l["matched_tag"] = R"("app": "cost-model")";
  Costs(&l, 6, 6, 0, 6);
  ExpectRow(One(rows, {{"row_uuid", "longer"}}), l);
}

// §3.1 step 1: without a key enabled (exact text) for both providers nothing is discovered, even when the
// keys differ only in case; only the openshift_* strings remain.
TEST_F(OcpAwsSqlTest, MatchedTagDiscoveryNeedsAKeyEnabledForBothProviders) {
  Keys("aws_tag_keys", {"app"});
  Keys("ocp_tag_keys", {"App"});
  Ocp({.ns = "web",
       .pod_labels = R"({"App": "x", "app": "x"})",
       .pod_cpu = 10,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384});
  Aws({.uuid = "tagged",
       .resource_id = "bucket",
       .unblended = 1,
       .tags = R"({"app": "x"})",
       .product_code = "AmazonS3",
       .family = "Storage",
       .instance_type = "",
       .unit = "GB-Mo"});
  Run();
  EXPECT_TRUE(Query("SELECT * FROM chunk_tag_pairs").empty());
  EXPECT_EQ(Query("SELECT tag FROM matched_tags ORDER BY position"),
            (Rows{{{"tag", R"("openshift_cluster": "alias1")"}},
                  {{"tag", R"("openshift_cluster": "c1")"}},
                  {{"tag", R"("openshift_node": "n1")"}},
                  {{"tag", R"("openshift_project": "web")"}}}));
  EXPECT_TRUE(Query("SELECT * FROM daily_temp").empty());
}

// Q12: final tags = OpenShift labels overlaid by the AWS tags (AWS wins on app); the unallocated row has NULL
// labels and so NULL tags. The project table keeps only enabled keys (AWS or OpenShift) and
// vm_kubevirt_io_name: secret and the openshift_project tag go.
TEST_F(OcpAwsSqlTest, Q12LabelMergeAwsWinsAndProjectKeepsEnabledKeys) {
  Keys("aws_tag_keys", {"app", "owner"});
  Keys("ocp_tag_keys", {"app", "env"});
  Keys("pg_tag_keys", {"app", "owner", "env"});
  Ocp(Pod("a", R"({"app": "ocp", "env": "dev", "secret": "s", "vm_kubevirt_io_name": "vm1"})", 48));
  Ocp(Pod("Worker unallocated", std::nullopt, 48));
  AwsRow r{.uuid = "r",
           .resource_id = "i-1",
           .unblended = 10,
           .blended = 10,
           .tags = R"({"app": "aws", "openshift_project": "a", "owner": "me", "team": "t"})"};
  Aws(r);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 2u);
  Row a = FinalOf(r);
  a["namespace"] = "a";
  a["node"] = "n1";
  a["usage_amount"] = "12";
  a["tags"] =
      R"({"app":"aws","env":"dev","openshift_project":"a","owner":"me","secret":"s","vm_kubevirt_io_name":"vm1"})";
  Costs(&a, 5, 5, 0, 5);
  ExpectRow(One(rows, {{"namespace", "a"}}), a);
  Row wu = FinalOf(r);
  wu["namespace"] = "Worker unallocated";
  wu["node"] = "n1";
  wu["usage_amount"] = "12";
  Costs(&wu, 5, 5, 0, 5);
  ExpectRow(One(rows, {{"namespace", "Worker unallocated"}}), wu);

  Rows project = Project();
  ASSERT_EQ(project.size(), 2u);
  ExpectRow(One(project, {{"namespace", "a"}}),
            ProjectOf(a, R"({"app":"aws","env":"dev","owner":"me","vm_kubevirt_io_name":"vm1"})"));
  ExpectRow(One(project, {{"namespace", "Worker unallocated"}}), ProjectOf(wu, kNull));
}

// Q12 / §3.12: with no key enabled at all every non-NULL tags value becomes {} (vm_kubevirt_io_name too);
// NULL stays NULL.
TEST_F(OcpAwsSqlTest, Q12NoEnabledKeyLeavesEmptyTags) {
  Ocp(Pod("a", R"({"app": "ocp", "vm_kubevirt_io_name": "vm1"})", 48));
  Ocp(Pod("Worker unallocated", std::nullopt, 48));
  Aws({.uuid = "r", .resource_id = "i-1", .unblended = 10, .blended = 10, .tags = R"({"app": "aws"})"});
  Run();
  EXPECT_EQ(One(Final(), {{"namespace", "a"}}).at("tags"), R"({"app":"ocp","vm_kubevirt_io_name":"vm1"})");
  Rows project = Project();
  EXPECT_EQ(One(project, {{"namespace", "a"}}).at("tags"), "{}");
  EXPECT_EQ(One(project, {{"namespace", "a"}}).at("pod_labels"), "{}");
  EXPECT_EQ(One(project, {{"namespace", "Worker unallocated"}}).at("tags"), kNull);
}

// Q13: an instance with a matchable id is attributed by usage even though it carries openshift_project: web;
// a bucket with the same tag is tag-matched and split EVENLY over the (namespace, data source) groups it ties
// to: web/Pod (two pods, labels = the greater label text) and web/Storage, 1/2 each, whatever their usage.
TEST_F(OcpAwsSqlTest, Q13ResourceIdBeatsTagsAndTagSplitIsEven) {
  Ocp(Pod("web", R"({"app": "1"})", 24));
  Ocp(Pod("web", R"({"app": "2"})", 48));
  Ocp(Pod("Worker unallocated", std::nullopt, 24));
  Ocp({.data_source = "Storage",
       .ns = "web",
       .volume_labels = R"({"disk": "w"})",
       .pvc = "data",
       .pv = "pv-w",
       .storageclass = "gp3",
       .csi = "w1",
       .pvc_gb = 5});
  AwsRow instance{.uuid = "instance",
                  .resource_id = "i-1",
                  .unblended = 12,
                  .blended = 12,
                  .tags = R"({"openshift_project": "web"})"};
  AwsRow bucket{.uuid = "bucket",
                .resource_id = "bucket-9",
                .usage = 3,
                .unblended = 6,
                .blended = 6,
                .tags = R"({"openshift_project": "web"})",
                .product_code = "AmazonS3",
                .family = "Storage",
                .instance_type = "",
                .unit = "GB-Mo"};
  Aws(instance);
  Aws(bucket);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 6u);
  // The instance: k = 4 groups (web x2 label sets, web/NULL labels from the Storage row, Worker unallocated).
  struct Group {
    const char* tags;
    double share;
  };
  for (const Group& g : {Group{R"({"app":"1","openshift_project":"web"})", 0.25},
                         Group{R"({"app":"2","openshift_project":"web"})", 0.5}, Group{kNull, NAN}}) {
    Row e = FinalOf(instance);
    e["namespace"] = "web";
    e["node"] = "n1";
    e["usage_amount"] = "6";
    e["tags"] = g.tags;
    Costs(&e, g.share * 12, g.share * 12, std::isnan(g.share) ? NAN : 0, g.share * 12);
    ExpectRow(One(rows, {{"row_uuid", "instance"}, {"namespace", "web"}, {"tags", g.tags}}), e);
  }
  Row wu = FinalOf(instance);
  wu["namespace"] = "Worker unallocated";
  wu["node"] = "n1";
  wu["usage_amount"] = "6";
  Costs(&wu, 3, 3, 0, 3);
  ExpectRow(One(rows, {{"row_uuid", "instance"}, {"namespace", "Worker unallocated"}}), wu);

  Row pod = FinalOf(bucket);
  pod["namespace"] = "web";
  pod["node"] = "n1";
  pod["usage_amount"] = "1.5";
  pod["tags"] = R"({"app":"2","openshift_project":"web"})";
  pod["resource_id_matched"] = "false";
  pod["matched_tag"] = R"("openshift_project": "web")";
  Costs(&pod, 3, 3, 0, 3);
  ExpectRow(One(rows, {{"row_uuid", "bucket"}, {"data_source", "Pod"}}), pod);
  Row storage = pod;
  storage["data_source"] = "Storage";
  storage["persistentvolumeclaim"] = "data";
  storage["persistentvolume"] = "pv-w";
  storage["storageclass"] = "gp3";
  storage["tags"] = R"({"disk":"w","openshift_project":"web"})";
  ExpectRow(One(rows, {{"row_uuid", "bucket"}, {"data_source", "Storage"}}), storage);
}

// Q14: usage is divided by the number of rows of the AWS row (k), not by the cost share: shares 1/8, 3/8, 1/2
// each get 24 / 3 = 8. A PVC row keeps the disk's full usage (not 10/30 of it); the unattributed row has
// none.
TEST_F(OcpAwsSqlTest, Q14UsageAmountSplitByRowCountNotByShare) {
  Ocp(Pod("a", "{}", 12));
  Ocp(Pod("b", "{}", 36));
  Ocp(Pod("Worker unallocated", std::nullopt, 48));
  Ocp({.data_source = "Storage",
       .ns = "a",
       .resource_id = std::nullopt,
       .volume_labels = "{}",
       .pvc = "claim",
       .pv = "pv-d",
       .storageclass = "gp3",
       .csi = "d1",
       .pvc_gb = 10});
  AwsRow instance{.uuid = "instance", .resource_id = "i-1", .unblended = 8, .blended = 8};
  AwsRow disk{.uuid = "disk",
              .resource_id = "vol-d1",
              .usage = 0.9,
              .unblended = 3,
              .blended = 3,
              .family = "Storage",
              .instance_type = "",
              .unit = "GB-Mo"};
  Aws(instance);
  Aws(disk);
  Raw("vol-d1", "2025-10-01 00:00:00", 30, 744);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& [ns, cost] :
       std::map<std::string, double>{{"a", 1}, {"b", 3}, {"Worker unallocated", 4}}) {
    Row e = FinalOf(instance);
    e["namespace"] = ns;
    e["node"] = "n1";
    e["usage_amount"] = "8";
    e["tags"] = ns == "Worker unallocated" ? kNull : "{}";
    Costs(&e, cost, cost, 0, cost);
    ExpectRow(One(rows, {{"row_uuid", "instance"}, {"namespace", ns}}), e);
  }
  Row pvc = FinalOf(disk);
  pvc["row_uuid"] = kAny;
  pvc["data_source"] = "Storage";
  pvc["namespace"] = "a";
  pvc["node"] = "n1";
  pvc["persistentvolumeclaim"] = "claim";
  pvc["persistentvolume"] = "pv-d";
  pvc["storageclass"] = "gp3";
  pvc["usage_amount"] = "0.9";
  pvc["tags"] = "{}";
  Costs(&pvc, 1, 1, 0, 1);  // 10 / 30 * 3
  ExpectRow(One(rows, {{"resource_id", "vol-d1"}, {"namespace", "a"}}), pvc);
  Row rest = pvc;
  rest["namespace"] = "Storage unattributed";
  rest["node"] = kNull;
  rest["usage_amount"] = kNull;
  rest["tags"] = kNull;
  rest["aws_cost_category"] = kNull;
  Costs(&rest, 2, 2, 0, 2);  // 20 / 30 * 3
  ExpectRow(One(rows, {{"resource_id", "vol-d1"}, {"namespace", "Storage unattributed"}}), rest);
}

// Q15: data transfer of a matched node goes whole to 'Network unattributed', one row per node whose id the
// AWS id contains (i-12 contains i-1 and i-12: two full rows), with the direction and the AWS tags; the
// project table shows it as data in/out. The OCP-on-AWS network UI table only lists AmazonVPC, CloudFront,
// Route53, API Gateway: the EC2 transfer is not there, a tag-matched VPC row is.
TEST_F(OcpAwsSqlTest, Q15NetworkRowsGoWholeToNetworkUnattributed) {
  Keys("aws_tag_keys", {"app"});
  Keys("pg_tag_keys", {"app"});
  Ocp(Pod("a", "{}", 24));
  Ocp(Pod("b", "{}", 24));
  Ocp(Pod("Worker unallocated", std::nullopt, 48));
  Ocp({.ns = "c",
       .node = "n12",
       .resource_id = "i-12",
       .pod_labels = "{}",
       .pod_cpu = 48,
       .pod_mem = 1,
       .node_cpu = 48,
       .node_mem = 384});
  AwsRow in{.uuid = "in",
            .resource_id = "i-1",
            .usage = 5,
            .unblended = 0.5,
            .blended = 0.5,
            .tags = R"({"app": "web", "x": "y"})",
            .family = "Data Transfer",
            .instance_type = "",
            .unit = "GB",
            .usage_type = "USE1-DataTransfer-In-Bytes"};
  AwsRow out{.uuid = "out",
             .resource_id = "i-12",
             .usage = 2,
             .unblended = 0.3,
             .blended = 0.3,
             .family = "Data Transfer",
             .instance_type = "",
             .unit = "GB",
             .usage_type = "USE1-DataTransfer-Regional-Bytes",
             .operation = "InterZone-Out"};
  AwsRow vpc{.uuid = "vpc",
             .resource_id = "nat-1",
             .usage = 24,
             .unblended = 1,
             .blended = 1,
             .tags = R"({"openshift_project": "a"})",
             .product_code = "AmazonVPC",
             .family = "VPC",
             .instance_type = "",
             .usage_type = "USE1-NatGateway-Hours",
             .operation = "NatGateway"};
  Aws(in);
  Aws(out);
  Aws(vpc);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 4u);
  auto network = [](const AwsRow& a, const char* node, const char* direction) {
    Row e = FinalOf(a);
    e["namespace"] = "Network unattributed";
    e["node"] = node;
    e["usage_amount"] = Num(a.usage);
    e["data_transfer_direction"] = direction;
    e["tags"] = a.uuid == "in" ? R"({"app":"web"})" : "{}";
    e["aws_cost_category"] = kNull;
    e["resource_id_matched"] = kNull;
    Costs(&e, a.unblended, a.blended, 0, a.unblended);
    return e;
  };
  Row in_row = network(in, "n1", "IN");
  Row out_n1 = network(out, "n1", "OUT");
  Row out_n12 = network(out, "n12", "OUT");
  ExpectRow(One(rows, {{"row_uuid", "in"}}), in_row);
  ExpectRow(One(rows, {{"row_uuid", "out"}, {"node", "n1"}}), out_n1);
  ExpectRow(One(rows, {{"row_uuid", "out"}, {"node", "n12"}}), out_n12);
  Row v = FinalOf(vpc);
  v["namespace"] = "a";
  v["node"] = "n1";
  v["usage_amount"] = "24";
  v["tags"] = R"({"openshift_project":"a"})";
  v["resource_id_matched"] = "false";
  v["matched_tag"] = R"("openshift_project": "a")";
  Costs(&v, 1, 1, 0, 1);
  ExpectRow(One(rows, {{"row_uuid", "vpc"}}), v);

  Rows project = Project();
  ASSERT_EQ(project.size(), 4u);
  Row p_in = ProjectOf(in_row, R"({"app":"web"})");
  p_in["infrastructure_data_in_gigabytes"] = "5";
  ExpectRow(One(project, {{"resource_id", "i-1"}}), p_in);
  Row p_out = ProjectOf(out_n12, "{}");
  p_out["infrastructure_data_out_gigabytes"] = "2";
  ExpectRow(One(project, {{"resource_id", "i-12"}, {"node", "n12"}}), p_out);
  ExpectRow(One(project, {{"resource_id", "nat-1"}}), ProjectOf(v, "{}"));

  Rows ui = Table("reporting_ocpaws_network_summary_p");
  ASSERT_EQ(ui.size(), 1u);
  Row n{{"id", kAny},
        {"usage_start", kDay},
        {"usage_end", kDay},
        {"cluster_id", "c1"},
        {"cluster_alias", "alias1"},
        {"usage_account_id", kAccount},
        {"account_alias_id", "5"},
        {"product_code", "AmazonVPC"},
        {"usage_amount", "24"},
        {"unit", "Hrs"},
        {"currency_code", "USD"},
        {"source_uuid", kAwsSource},
        {"cost_category_id", kNull}};
  Costs(&n, 1, 1, 0, 1);
  ExpectRow(ui[0], n);
}

// Q16: Marketplace rows take product_productname as product_code (the product code when the name is empty),
// so the product-code filters of the database and network UI tables never see them.
TEST_F(OcpAwsSqlTest, Q16MarketplaceUsesProductName) {
  Ocp(Pod("a", "{}", 96));
  AwsRow named{.uuid = "named",
               .resource_id = "i-1",
               .unblended = 2,
               .blended = 2,
               .product_code = "AmazonRDS",
               .billing_entity = "AWS Marketplace",
               .product_name = "Red Hat OpenShift"};
  AwsRow unnamed{.uuid = "unnamed",
                 .resource_id = "i-1",
                 .unblended = 1,
                 .blended = 1,
                 .product_code = "prodcode123",
                 .billing_entity = "AWS Marketplace",
                 .product_name = ""};
  Aws(named);
  Aws(unnamed);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 2u);
  Row n = FinalOf(named);
  n["product_code"] = "Red Hat OpenShift";
  n["namespace"] = "a";
  n["node"] = "n1";
  n["usage_amount"] = "24";
  n["tags"] = "{}";
  Costs(&n, 2, 2, 0, 2);
  ExpectRow(One(rows, {{"row_uuid", "named"}}), n);
  Row u = FinalOf(unnamed);
  u["namespace"] = "a";
  u["node"] = "n1";
  u["usage_amount"] = "24";
  u["tags"] = "{}";
  Costs(&u, 1, 1, 0, 1);
  ExpectRow(One(rows, {{"row_uuid", "unnamed"}}), u);
  EXPECT_TRUE(Table("reporting_ocpaws_database_summary_p").empty());  // not AmazonRDS any more
  EXPECT_TRUE(Table("reporting_ocpaws_network_summary_p").empty());
  Rows services = Table("reporting_ocpaws_cost_summary_by_service_p");
  ASSERT_EQ(services.size(), 2u);
  Row s{{"id", kAny},
        {"usage_start", kDay},
        {"usage_end", kDay},
        {"cluster_id", "c1"},
        {"cluster_alias", "alias1"},
        {"usage_account_id", kAccount},
        {"account_alias_id", "5"},
        {"product_code", "Red Hat OpenShift"},
        {"product_family", "Compute Instance"},
        {"currency_code", "USD"},
        {"source_uuid", kAwsSource},
        {"cost_category_id", kNull}};
  Costs(&s, 2, 2, 0, 2);
  ExpectRow(One(services, {{"product_code", "Red Hat OpenShift"}}), s);
}

// Q17: the same logical daily row split over two row_uuids (two parquet chunks) is shared out per row_uuid (k
// per row) and merges again in the project table: a 24/96 and Worker unallocated 72/96 of 6 + 4; two IN
// transfer rows give one network project row.
TEST_F(OcpAwsSqlTest, Q17SplitDailyRowsMergeInProjectTable) {
  Ocp(Pod("a", "{}", 24));
  Ocp(Pod("Worker unallocated", std::nullopt, 72));
  AwsRow part1{.uuid = "part1", .resource_id = "i-1", .usage = 10, .unblended = 6, .blended = 6};
  AwsRow part2 = part1;
  part2.uuid = "part2", part2.usage = 14, part2.unblended = 4, part2.blended = 4;
  AwsRow in1{.uuid = "in1",
             .resource_id = "i-1",
             .usage = 2,
             .unblended = 0.2,
             .blended = 0.2,
             .family = "Data Transfer",
             .instance_type = "",
             .unit = "GB",
             .usage_type = "USE1-DataTransfer-In-Bytes"};
  AwsRow in2 = in1;
  in2.uuid = "in2", in2.usage = 3, in2.unblended = 0.3, in2.blended = 0.3;
  for (const auto* r : {&part1, &part2, &in1, &in2}) Aws(*r);
  Run();
  Rows rows = Final();
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_DOUBLE_EQ(std::stod(One(rows, {{"row_uuid", "part1"}, {"namespace", "a"}}).at("unblended_cost")),
                   1.5);
  EXPECT_DOUBLE_EQ(std::stod(One(rows, {{"row_uuid", "part1"}, {"namespace", "a"}}).at("usage_amount")), 5);
  EXPECT_DOUBLE_EQ(std::stod(One(rows, {{"row_uuid", "part2"}, {"namespace", "a"}}).at("unblended_cost")), 1);
  EXPECT_DOUBLE_EQ(std::stod(One(rows, {{"row_uuid", "part2"}, {"namespace", "a"}}).at("usage_amount")), 7);

  Rows project = Project();
  ASSERT_EQ(project.size(), 3u);
  Row a = FinalOf(part1);
  a["namespace"] = "a";
  a["node"] = "n1";
  a["usage_amount"] = "12";  // 10 / 2 + 14 / 2
  Costs(&a, 2.5, 2.5, 0, 2.5);
  ExpectRow(One(project, {{"namespace", "a"}}), ProjectOf(a, "{}"));
  Row wu = a;
  wu["namespace"] = "Worker unallocated";
  Costs(&wu, 7.5, 7.5, 0, 7.5);
  ExpectRow(One(project, {{"namespace", "Worker unallocated"}}), ProjectOf(wu, kNull));
  Row net = FinalOf(in1);
  net["namespace"] = "Network unattributed";
  net["node"] = "n1";
  net["usage_amount"] = "5";
  net["data_transfer_direction"] = "IN";
  net["aws_cost_category"] = kNull;
  Costs(&net, 0.5, 0.5, 0, 0.5);
  Row p_net = ProjectOf(net, "{}");
  p_net["infrastructure_data_in_gigabytes"] = "5";
  ExpectRow(One(project, {{"namespace", "Network unattributed"}}), p_net);
}

// §4: the eight UI tables are sums of the final rows (unrounded) per day and their keys. Final rows here:
//   instance i-1 (account 1, us-east-1a, m5.large, 10/9): a 5/4.5 (usage 12), Worker unallocated 5/4.5 (12)
//   disk vol-d1 (account 1, us-east-1b, Storage GB-Mo, 2/2, capacity 20, PVC 10): a 1/1 (0.5), unattributed
//   1/1 RDS db-1 tagged openshift_project a (account 2, us-west-2a, db.t3.micro, 3/3): a/Pod 1.5 (12),
//   a/Storage 1.5 (12)
// Every row is Usage, so amortized = unblended, and Savings Plan costs are 0.
TEST_F(OcpAwsSqlTest, UiTablesSumTheFinalRows) {
  Ocp({.ns = "a",
       .pod_labels = "{}",
       .pod_cpu = 48,
       .pod_mem = 1,
       .node_cpu = 96,
       .node_mem = 384,
       .cost_category_id = 2});
  Ocp(Pod("Worker unallocated", std::nullopt, 48));
  Ocp({.data_source = "Storage",
       .ns = "a",
       .resource_id = std::nullopt,
       .volume_labels = "{}",
       .pvc = "claim",
       .pv = "pv-1",
       .storageclass = "gp3",
       .csi = "d1",
       .pvc_gb = 10,
       .cost_category_id = 2});
  Aws({.uuid = "instance", .resource_id = "i-1", .unblended = 10, .blended = 9});
  Aws({.uuid = "disk",
       .resource_id = "vol-d1",
       .usage = 0.5,
       .unblended = 2,
       .blended = 2,
       .family = "Storage",
       .instance_type = "",
       .unit = "GB-Mo",
       .zone = "us-east-1b"});
  Raw("vol-d1", "2025-10-01 00:00:00", 20, 744);
  Aws({.uuid = "rds",
       .resource_id = "db-1",
       .unblended = 3,
       .blended = 3,
       .tags = R"({"openshift_project": "a"})",
       .product_code = "AmazonRDS",
       .family = "Database Instance",
       .instance_type = "db.t3.micro",
       .account = "222222222222",
       .region = "us-west-2",
       .zone = "us-west-2a"});
  Run();
  ASSERT_EQ(Final().size(), 6u);

  auto base = [](Row extra, double unblended, double blended) {
    Row r{{"id", kAny},
          {"usage_start", kDay},
          {"usage_end", kDay},
          {"cluster_id", "c1"},
          {"cluster_alias", "alias1"},
          {"currency_code", "USD"},
          {"source_uuid", kAwsSource},
          {"cost_category_id", kNull}};
    Costs(&r, unblended, blended, 0, unblended);
    for (const auto& [k, v] : extra) r[k] = v;
    return r;
  };
  const Row one{{"usage_account_id", kAccount}, {"account_alias_id", "5"}};
  const Row two{{"usage_account_id", "222222222222"}, {"account_alias_id", "6"}};
  auto with = [](Row r, const Row& more) {
    for (const auto& [k, v] : more) r[k] = v;
    return r;
  };

  Rows cost = Table("reporting_ocpaws_cost_summary_p");
  ASSERT_EQ(cost.size(), 1u);
  ExpectRow(cost[0], base({{"cost_category_id", "2"}}, 15, 14));

  Rows account = Table("reporting_ocpaws_cost_summary_by_account_p");
  ASSERT_EQ(account.size(), 2u);
  ExpectRow(One(account, {{"account_alias_id", "5"}}), base(one, 12, 11));
  ExpectRow(One(account, {{"account_alias_id", "6"}}), base(two, 3, 3));

  Rows region = Table("reporting_ocpaws_cost_summary_by_region_p");
  ASSERT_EQ(region.size(), 3u);
  ExpectRow(One(region, {{"availability_zone", "us-east-1a"}}),
            base(with(one, {{"region", "us-east-1"}, {"availability_zone", "us-east-1a"}}), 10, 9));
  ExpectRow(One(region, {{"availability_zone", "us-east-1b"}}),
            base(with(one, {{"region", "us-east-1"}, {"availability_zone", "us-east-1b"}}), 2, 2));
  ExpectRow(One(region, {{"availability_zone", "us-west-2a"}}),
            base(with(two, {{"region", "us-west-2"}, {"availability_zone", "us-west-2a"}}), 3, 3));

  Rows service = Table("reporting_ocpaws_cost_summary_by_service_p");
  ASSERT_EQ(service.size(), 3u);
  ExpectRow(One(service, {{"product_family", "Compute Instance"}}),
            base(with(one, {{"product_code", "AmazonEC2"}, {"product_family", "Compute Instance"}}), 10, 9));
  ExpectRow(One(service, {{"product_family", "Storage"}}),
            base(with(one, {{"product_code", "AmazonEC2"}, {"product_family", "Storage"}}), 2, 2));
  ExpectRow(One(service, {{"product_family", "Database Instance"}}),
            base(with(two, {{"product_code", "AmazonRDS"}, {"product_family", "Database Instance"}}), 3, 3));

  Rows compute = Table("reporting_ocpaws_compute_summary_p");
  ASSERT_EQ(compute.size(), 2u);  // the disk has no instance type
  ExpectRow(One(compute, {{"resource_id", "i-1"}}), base(with(one, {{"instance_type", "m5.large"},
                                                                    {"resource_id", "i-1"},
                                                                    {"usage_amount", "24"},
                                                                    {"unit", "Hrs"}}),
                                                         10, 9));
  ExpectRow(One(compute, {{"resource_id", "db-1"}}), base(with(two, {{"instance_type", "db.t3.micro"},
                                                                     {"resource_id", "db-1"},
                                                                     {"usage_amount", "24"},
                                                                     {"unit", "Hrs"}}),
                                                          3, 3));

  Rows storage = Table("reporting_ocpaws_storage_summary_p");
  ASSERT_EQ(storage.size(), 1u);  // product family LIKE '%Storage%' AND unit = 'GB-Mo'
  ExpectRow(
      storage[0],
      base(with(one, {{"product_family", "Storage"}, {"usage_amount", "0.5"}, {"unit", "GB-Mo"}}), 2, 2));

  Rows database = Table("reporting_ocpaws_database_summary_p");
  ASSERT_EQ(database.size(), 1u);
  ExpectRow(database[0],
            base(with(two, {{"product_code", "AmazonRDS"}, {"usage_amount", "24"}, {"unit", "Hrs"}}), 3, 3));

  EXPECT_TRUE(Table("reporting_ocpaws_network_summary_p").empty());
}

// §3.10: 036's needle_labels (every needle found in one pass per distinct label text, RegisterTieNeedles)
// holds the same (needle, label) pairs as a join of the needles with the distinct label texts on contains():
// the empty needle (a matched tag with ",," splits into one) is in every text, a needle inside another counts
// for both, NULL labels give none, and texts with quotes, ':' and UTF-8 are byte-exact and case-sensitive.
TEST(OcpAwsNeedleLabelsTest, SamePairsAsAJoinOnContains) {
  Engine engine;
  DefineSqlMacros(engine);
  engine.Execute(
      "CREATE TEMP TABLE tie_needles AS SELECT * FROM (VALUES (''), ('\"app\":\"a\"'), ('\"app\":\"ab\"'),"
      " ('\"env\":\"prod\"'), ('\"k\":\"ü\"'), ('b\"')) AS t(needle);"
      // 200,000 rows over 2,003 distinct pod texts and 3 volume texts, NULLs among them.
      "CREATE TEMP TABLE chunk_ocp AS SELECT i AS ocp_row,"
      " CASE i % 7 WHEN 0 THEN NULL WHEN 1 THEN '{\"app\":\"ab\",\"env\":\"prod\"}'"
      "  WHEN 2 THEN '{\"APP\":\"A\"}' WHEN 3 THEN '{\"k\":\"ü\"}'"
      "  ELSE '{\"app\":\"' || (i % 2000) || '\"}' END AS pod_labels,"
      " CASE i % 4 WHEN 0 THEN NULL WHEN 1 THEN '{\"app\":\"a\"}' WHEN 2 THEN '{\"x\":\"b\"\"}' ELSE '{}' END"
      "  AS volume_labels"
      " FROM range(200000) r(i);"
      "CREATE TEMP TABLE daily_temp (tags VARCHAR, matched_tag VARCHAR, resource_id_matched BOOLEAN);"
      "CREATE TEMP TABLE tag_profiles (profile BIGINT, tags VARCHAR, matched_tag VARCHAR);",
      "test inputs");
  auto needles = RegisterTieNeedles(engine);
  RunSqlSteps(engine, "ocp_aws/", "036", "039", {});
  std::string joined =
      "SELECT n.needle, l.label FROM tie_needles AS n JOIN (SELECT pod_labels AS label FROM chunk_ocp WHERE"
      " pod_labels IS NOT NULL UNION SELECT volume_labels FROM chunk_ocp WHERE volume_labels IS NOT NULL)"
      " AS l ON contains(l.label, n.needle)";
  EXPECT_EQ(
      engine.QueryInt("SELECT count(*) FROM ((" + joined + ") EXCEPT ALL (FROM needle_labels))", "test"), 0);
  EXPECT_EQ(
      engine.QueryInt("SELECT count(*) FROM ((FROM needle_labels) EXCEPT ALL (" + joined + "))", "test"), 0);
  // Worked out from the texts: 2,006 distinct label texts (pod: the ab, APP and ü texts and 2,000 app texts,
  // every i % 2000 appearing with i % 7 in 4..6; volume: the a, b"" and {} texts), each holding the empty
  // needle. '"app":"a"' is only in the volume's a text (the ab text has '"app":"ab"'; "APP" differs in case);
  // '"app":"ab"' and '"env":"prod"' only in the ab text; '"k":"ü"' only in the ü text; 'b"' in the ab text
  // ('ab"') and the b"" text. 2,006 + 1 + 1 + 1 + 1 + 2 = 2,012 pairs.
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM needle_labels", "test"), 2012);
  EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM needle_labels WHERE needle = ''", "test"), 2006);
}

}  // namespace
}  // namespace costagg
