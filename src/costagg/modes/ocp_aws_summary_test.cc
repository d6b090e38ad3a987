// The pieces of summarize ocp-aws outside the SQL: Koku's chunking of a window (ocp_on_aws.md, notation;
// koku@768be825 koku/masu/util/common.py date_range_pair), its matched tag strings (§3.1: Python's
// json.dumps of a one-member object, braces removed), and a whole month run chunk by chunk into the embedded
// output. Expected values are worked out by hand from those definitions.
#include "costagg/modes/ocp_aws_summary.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/input/koku_layout.h"
#include "costagg/output/duckdb/duckdb_koku_database.h"
#include "costagg/run.h"

namespace costagg {
namespace {

/// The chunks as "start..end" day-of-month pairs, e.g. "1..6".
std::vector<std::string> Chunks(const std::string& start, const std::string& end) {
  std::vector<std::string> out;
  for (const auto& c : KokuChunks({start, end})) {
    EXPECT_EQ(c.start.substr(0, 8), start.substr(0, 8)) << "a chunk never leaves the month";
    EXPECT_EQ(c.end.substr(0, 8), start.substr(0, 8));
    out.push_back(std::to_string(std::stoi(c.start.substr(8))) + ".." +
                  std::to_string(std::stoi(c.end.substr(8))));
  }
  return out;
}

using V = std::vector<std::string>;

// Cut points start + 5, start + 10, ... (while <= end); the first chunk ends at the first cut point (6 days),
// later ones run from the day after a cut point to the next; a last chunk to `end` when it is no cut point.
TEST(OcpAwsSummaryTest, KokuChunksOfFullMonths) {
  // 31 days: cut points 6, 11, 16, 21, 26, 31 (31 is one: no extra chunk).
  EXPECT_EQ(Chunks("2025-10-01", "2025-10-31"), (V{"1..6", "7..11", "12..16", "17..21", "22..26", "27..31"}));
  // 30 days: cut points up to 26, then the rest 27..30.
  EXPECT_EQ(Chunks("2025-09-01", "2025-09-30"), (V{"1..6", "7..11", "12..16", "17..21", "22..26", "27..30"}));
  // February, leap and not.
  EXPECT_EQ(Chunks("2024-02-01", "2024-02-29"), (V{"1..6", "7..11", "12..16", "17..21", "22..26", "27..29"}));
  EXPECT_EQ(Chunks("2025-02-01", "2025-02-28"), (V{"1..6", "7..11", "12..16", "17..21", "22..26", "27..28"}));
}

TEST(OcpAwsSummaryTest, KokuChunksOfPartialWindows) {
  EXPECT_EQ(Chunks("2025-10-15", "2025-10-15"), (V{"15..15"}));  // one day
  EXPECT_EQ(Chunks("2025-10-03", "2025-10-07"), (V{"3..7"}));    // end < start + 5: one chunk
  EXPECT_EQ(Chunks("2025-10-01", "2025-10-06"), (V{"1..6"}));    // end is the first cut point
  EXPECT_EQ(Chunks("2025-10-01", "2025-10-07"), (V{"1..6", "7..7"}));
  EXPECT_EQ(Chunks("2025-10-10", "2025-10-20"), (V{"10..15", "16..20"}));
  EXPECT_EQ(Chunks("2025-10-10", "2025-10-21"), (V{"10..15", "16..20", "21..21"}));
  EXPECT_EQ(Chunks("2025-10-28", "2025-10-31"), (V{"28..31"}));
}

// §3.1: `"key": "value"` as Python's json.dumps({key: value}) writes it (one space after the colon,
// ensure_ascii), with every brace removed.
TEST(OcpAwsSummaryTest, MatchedTagStringIsPythonJson) {
  EXPECT_EQ(MatchedTagString("app", "cost"), R"("app": "cost")");
  EXPECT_EQ(MatchedTagString("dashed-key-on-aws", "Some Value"), R"("dashed-key-on-aws": "Some Value")");
  EXPECT_EQ(MatchedTagString("k", ""), R"("k": "")");
  EXPECT_EQ(MatchedTagString("k", "a/b"), R"("k": "a/b")");  // '/' is not escaped
}

TEST(OcpAwsSummaryTest, MatchedTagStringEscapesQuotesAndBackslashes) {
  EXPECT_EQ(MatchedTagString("a\"b", "c\\d"), R"("a\"b": "c\\d")");
}

// Non-ASCII as \uXXXX with lower-case hex; above U+FFFF as a surrogate pair.
TEST(OcpAwsSummaryTest, MatchedTagStringEscapesNonAsciiLikePython) {
  EXPECT_EQ(MatchedTagString("caf\xC3\xA9", "\xE6\x97\xA5\xE6\x9C\xAC"), R"("caf\u00e9": "\u65e5\u672c")");
  EXPECT_EQ(MatchedTagString("k", "\xF0\x9F\x98\x80"), R"("k": "\ud83d\ude00")");
}

// Control characters: \b \f \n \r \t short, the others \u00XX.
TEST(OcpAwsSummaryTest, MatchedTagStringEscapesControlCharacters) {
  EXPECT_EQ(MatchedTagString("k", "a\tb\nc\x01\x1f\b\f\r"), R"("k": "a\tb\nc\u0001\u001f\b\f\r")");
}

// Python's json.dumps (ensure_ascii) escapes DEL too: only ' '..'~' stay as they are
// (json.dumps({"k": "a\x7fb"}) == '{"k": "a\\u007fb"}'), as in Koku's raw resourcetags text (§1.2 step 4).
TEST(OcpAwsSummaryTest, MatchedTagStringEscapesDelLikePython) {
  EXPECT_EQ(MatchedTagString("k",
                             "a\x7f"
                             "b"),
            R"("k": "a\u007fb")");
}

// A brace inside a key or value is removed with the object's own braces.
TEST(OcpAwsSummaryTest, MatchedTagStringDropsEveryBrace) {
  EXPECT_EQ(MatchedTagString("{k}", "v{1}"), R"("k": "v1")");
}

TEST(OcpAwsSummaryTest, MatchedTagStringOfInvalidUtf8IsEmpty) {
  EXPECT_EQ(MatchedTagString("k", "\xff"), "");
}

// §3.13: the markup is cast to decimal(24,9) before use: 9 decimals of its decimal text, half up.
TEST(OcpAwsSummaryTest, MarkupIsRoundedHalfUpToNineDecimals) {
  EXPECT_EQ(NineDecimalMarkup(0.1), 0.1);
  EXPECT_EQ(NineDecimalMarkup(0.3333333333333), 0.333333333);
  EXPECT_EQ(NineDecimalMarkup(0.1234567895), 0.12345679);  // the 10th decimal is a 5: up
  EXPECT_EQ(NineDecimalMarkup(0.1234567894999), 0.123456789);
  EXPECT_EQ(NineDecimalMarkup(0.0), 0.0);
}

constexpr const char* kSchema = "org1234567";
constexpr const char* kAwsSource = "0a000001-0000-4000-8000-0000000000c1";
constexpr const char* kOcpSource = "0c000001-0000-4000-8000-0000000000c1";

/// The nine tables summarize ocp-aws writes.
const std::vector<std::string> kTables = {"reporting_ocpawscostlineitem_project_daily_summary_p",
                                          "reporting_ocpaws_compute_summary_p",
                                          "reporting_ocpaws_cost_summary_by_account_p",
                                          "reporting_ocpaws_cost_summary_by_region_p",
                                          "reporting_ocpaws_cost_summary_by_service_p",
                                          "reporting_ocpaws_cost_summary_p",
                                          "reporting_ocpaws_database_summary_p",
                                          "reporting_ocpaws_network_summary_p",
                                          "reporting_ocpaws_storage_summary_p"};

/// A month (October 2025, Koku's six chunks 1..6, 7..11, ..., 27..31) of one cluster on one AWS account, the
/// same every day d: node node1 on instance i-0node1 (cost d a day, 24 core-hours) runs namespaces ns-a (6
/// core-hours) and ns-b (12); ns-a claims pvc-1 (5 GB) on PV pv-1, whose CSI handle is the EBS volume
/// vol-0disk1 (cost d / 2 a day; hourly cost 1 at rate 37.2: 1 / (37.2 / 744) = 20 GB); an S3 bucket tagged
/// openshift_project: ns-a costs d / 4, an RDS database tagged openshift_project: ns-b 2d, a VPN connection
/// tagged openshift_cluster: c1 d / 10; an untagged instance matches nothing. The parquet is written into a
/// directory in Koku's layout, the OpenShift summary rows straight into embedded outputs.
class OcpAwsMonthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("costagg-ocp-aws-month-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    KokuPartition aws{kSchema, kAwsSource, 2025, 10};
    KokuPartition ocp{kSchema, kOcpSource, 2025, 10};
    const char* days = " FROM range(1, 32) AS t(d)";
    const char* day = "TIMESTAMP '2025-10-01' + INTERVAL (d - 1) DAY";
    Parquet(
        AwsParquetPrefix(aws, ParquetDataset::kDaily),
        std::string("SELECT r.kind || '-' || d AS row_uuid, r.id AS lineitem_resourceid, ") + day +
            " AS lineitem_usagestartdate, '999999999999' AS bill_payeraccountid, 'AWS' AS bill_billingentity,"
            " 'Amazon' AS product_productname, r.code AS lineitem_productcode,"
            " '111111111111' AS lineitem_usageaccountid, 'us-east-1a' AS lineitem_availabilityzone,"
            " r.family AS product_productfamily, r.itype AS product_instancetype,"
            " 'us-east-1' AS product_region, r.unit AS pricing_unit, r.tags AS resourcetags,"
            " '{}' AS costcategory, 24.0 AS lineitem_usageamount, 'USD' AS lineitem_currencycode,"
            " 'Usage' AS lineitem_lineitemtype, r.cost * d AS lineitem_unblendedcost,"
            " r.cost * d AS lineitem_blendedcost, 0.0 AS savingsplan_savingsplaneffectivecost,"
            " r.usage_type AS lineitem_usagetype, 'RunInstances' AS lineitem_operation" +
            days +
            " CROSS JOIN (VALUES"
            " ('node', 'i-0node1', 'AmazonEC2', 'Compute Instance', 'm5.large', 'Hrs', '{}', 1.0, "
            "'BoxUsage'),"
            " ('disk', 'vol-0disk1', 'AmazonEC2', 'Storage', '', 'GB-Mo', '{}', 0.5, 'EBS:VolumeUsage'),"
            " ('s3', 'bucket-1', 'AmazonS3', 'Storage Snapshot', '', 'GB-Mo',"
            "  '{\"openshift_project\": \"ns-a\"}', 0.25, 'TimedStorage'),"
            " ('rds', 'db-1', 'AmazonRDS', 'Database Instance', 'db.t3.micro', 'Hrs',"
            "  '{\"openshift_project\": \"ns-b\"}', 2.0, 'InstanceUsage'),"
            " ('vpc', 'vpn-1', 'AmazonVPC', 'Cloud Connectivity', '', 'Hrs',"
            "  '{\"openshift_cluster\": \"c1\"}', 0.1, 'VPN-Usage-Hours'),"
            " ('other', 'i-0other', 'AmazonEC2', 'Compute Instance', 'm5.large', 'Hrs', '{}', 3.0,"
            "  'BoxUsage')) AS r(kind, id, code, family, itype, unit, tags, cost, usage_type)");
    Parquet(AwsParquetPrefix(aws, ParquetDataset::kRaw),
            std::string("SELECT 'vol-0disk1' AS lineitem_resourceid, ") + day +
                " + INTERVAL (h) HOUR AS lineitem_usagestartdate, 1.0 AS lineitem_unblendedcost,"
                " 37.2 AS lineitem_unblendedrate" +
                days + " CROSS JOIN range(0, 24) AS u(h)");
    Parquet(OcpParquetPrefix(ocp, "pod_usage", ParquetDataset::kDaily),
            std::string("SELECT ") + day +
                " AS interval_start, ns AS namespace, 'node1' AS node, 'i-0node1' AS resource_id" + days +
                " CROSS JOIN (VALUES ('ns-a'), ('ns-b')) AS n(ns)");
    Parquet(OcpParquetPrefix(ocp, "storage_usage", ParquetDataset::kDaily),
            std::string("SELECT ") + day +
                " AS interval_start, 'pv-1' AS persistentvolume, 'vol-0disk1' AS csi_volume_handle" + days);
  }

  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }

  /// Writes the rows of `select` as one parquet file under `prefix` of the input directory.
  void Parquet(const std::string& prefix, const std::string& select) {
    std::filesystem::path dir = root_ / "input" / prefix;
    std::filesystem::create_directories(dir);
    Engine engine;
    engine.Execute(
        "COPY (" + select + ") TO " + SqlLiteral((dir / "month_0.parquet").string()) + " (FORMAT parquet)",
        "write " + prefix);
  }

  /// A new embedded output `name` holding what summarize ocp leaves for the month: the report period, the
  /// cluster, the PVC with its CSI handle and the daily summary rows (two Pod rows and one Storage row a
  /// day).
  std::string Output(const std::string& name) {
    std::string file = (root_ / (name + ".duckdb")).string();
    Engine engine;
    InitDuckDbOutput(engine, file, kSchema);
    std::string t = std::string(kDuckDbOutputName) + "." + kSchema + ".";
    std::string ocp = SqlLiteral(kOcpSource);
    engine.Execute(
        "INSERT INTO " + t +
            "reporting_ocpusagereportperiod (id, cluster_id, cluster_alias, report_period_start,"
            " report_period_end, provider_id) VALUES (1, 'c1', 'alias1', TIMESTAMPTZ '2025-10-01 "
            "00:00:00+00',"
            " TIMESTAMPTZ '2025-11-01 00:00:00+00', " +
            ocp + ");" + "INSERT INTO " + t +
            "reporting_ocp_clusters (uuid, cluster_id, cluster_alias, provider_id) VALUES"
            " ('00000000-0000-4000-8000-0000000000c1', 'c1', 'alias1', " +
            ocp + ");" + "INSERT INTO " + t +
            "reporting_ocp_pvcs (uuid, persistent_volume_claim, persistent_volume, cluster_id,"
            " csi_volume_handle) VALUES ('00000000-0000-4000-8000-0000000000d1', 'pvc-1', 'pv-1',"
            " '00000000-0000-4000-8000-0000000000c1', 'vol-0disk1');" +
            "INSERT INTO " + t +
            "reporting_ocpusagelineitem_daily_summary (uuid, report_period_id, cluster_id, cluster_alias,"
            " data_source, namespace, node, resource_id, usage_start, usage_end, pod_labels, volume_labels,"
            " persistentvolumeclaim, persistentvolume, storageclass, persistentvolumeclaim_capacity_gigabyte,"
            " pod_effective_usage_cpu_core_hours, pod_effective_usage_memory_gigabyte_hours,"
            " node_capacity_cpu_core_hours, node_capacity_memory_gigabyte_hours, source_uuid)"
            " SELECT uuid(), 1, 'c1', 'alias1', r.data_source, r.ns, 'node1', 'i-0node1', day, day,"
            " r.pod_labels, r.volume_labels, r.pvc, r.pv, r.storageclass, r.pvc_gb, r.cpu, r.cpu, 24, 96, " +
            ocp +
            " FROM (SELECT DATE '2025-10-01' + INTERVAL (d - 1) DAY AS day FROM range(1, 32) AS t(d))"
            " CROSS JOIN (VALUES ('Pod', 'ns-a', '{\"app\": \"web\"}', NULL, NULL, NULL, NULL, NULL, 6.0),"
            " ('Pod', 'ns-b', '{\"app\": \"api\"}', NULL, NULL, NULL, NULL, NULL, 12.0),"
            " ('Storage', 'ns-a', NULL, '{}', 'pvc-1', 'pv-1', 'gp2', 5.0, NULL))"
            " AS r(data_source, ns, pod_labels, volume_labels, pvc, pv, storageclass, pvc_gb, cpu)",
        "seed the OpenShift summary");
    return file;
  }

  /// summarize ocp-aws of the pair from `start` to `end` into `file` (`part_rows` 0: the default).
  void Summarize(const std::string& file, const std::string& start, const std::string& end,
                 int64_t part_rows = 0) {
    Options options;
    options.command = Command::kSummarizeOcpAws;
    options.schema = kSchema;
    options.source = kOcpSource;
    options.aws_source = kAwsSource;
    options.year = 2025;
    options.month = 10;
    options.start_date = start;
    options.end_date = end;
    options.input = (root_ / "input").string();
    options.output = "duckdb:" + file;
    options.lock_wait_seconds = 0;
    options.part_rows = part_rows;
    RunReport report;
    costagg::Run(options, &report);
    ASSERT_EQ(report.status, "ok") << start << ".." << end;
  }

  /// Expects every table of the two outputs to hold the same rows (all columns but the ids).
  void ExpectSameRows(const std::string& a, const std::string& b) {
    Engine engine;
    engine.Execute(
        "ATTACH " + SqlLiteral(a) + " AS a (READ_ONLY); ATTACH " + SqlLiteral(b) + " AS b (READ_ONLY)",
        "open both outputs");
    for (const auto& table : kTables) {
      std::string id = table == kTables[0] ? "uuid" : "id";
      auto rows = [&](const char* db) {
        return std::string("SELECT * EXCLUDE (") + id + ") FROM " + db + "." + kSchema + "." + table;
      };
      int64_t count = engine.QueryInt("SELECT count(*) FROM (" + rows("a") + ")", table);
      EXPECT_GT(count, 0) << table;
      EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM (" + rows("b") + ")", table), count) << table;
      EXPECT_EQ(engine.QueryInt("SELECT count(*) FROM ((" + rows("a") + " EXCEPT ALL " + rows("b") +
                                    ") UNION ALL (" + rows("b") + " EXCEPT ALL " + rows("a") + "))",
                                table),
                0)
          << table << ": the rows of " << a << " and " << b << " differ";
    }
  }

  std::filesystem::path root_;
};

// Every chunk reads only its own days; the month's rows are those of its six chunks summarised one by one
// (a chunk is the unit Koku's SQL computes over), on every day, and each day's costs are that day's.
TEST_F(OcpAwsMonthTest, AMonthGivesTheRowsOfItsChunksRunOneByOne) {
  std::string month = Output("month"), chunks = Output("chunks");
  Summarize(month, "2025-10-01", "2025-10-31");
  for (const DayRange& chunk : KokuChunks({"2025-10-01", "2025-10-31"})) {
    Summarize(chunks, chunk.start, chunk.end);
  }
  ExpectSameRows(month, chunks);
  Engine engine;
  engine.Execute("ATTACH " + SqlLiteral(month) + " AS m (READ_ONLY)", "open the month's output");
  std::string project = std::string("m.") + kSchema + "." + kTables[0];
  EXPECT_EQ(engine.QueryInt("SELECT count(DISTINCT usage_start) FROM " + project, "days"), 31);
  // Day d (here 20, in the fourth chunk): ns-a's pod gets 6 / 24 of the node's d, ns-b's 12 / 24 (cpu
  // distribution); ns-a's claim 5 / 20 of the disk's d / 2 and 'Storage unattributed' the other 15 / 20; the
  // bucket's d / 4 is split evenly between ns-a's Pod and Storage rows (one row per namespace and data
  // source, §3.9), the database's 2d goes to ns-b, the VPN's d / 10 to every namespace and data source of the
  // cluster. In thousandths of a dollar, to compare exactly.
  auto cost = [&](const std::string& where) {
    return engine.QueryInt("SELECT round(sum(unblended_cost) * 1000) FROM " + project +
                               " WHERE usage_start = DATE '2025-10-20' AND " + where,
                           where);
  };
  EXPECT_EQ(cost("namespace = 'ns-a' AND data_source = 'Pod' AND resource_id = 'i-0node1'"), 5000);
  EXPECT_EQ(cost("namespace = 'ns-b' AND data_source = 'Pod' AND resource_id = 'i-0node1'"), 10000);
  EXPECT_EQ(cost("namespace = 'ns-a' AND data_source = 'Storage' AND resource_id = 'vol-0disk1'"), 2500);
  EXPECT_EQ(cost("namespace = 'Storage unattributed'"), 7500);
  EXPECT_EQ(cost("resource_id = 'bucket-1' AND namespace = 'ns-a'"), 5000);
  EXPECT_EQ(cost("resource_id = 'db-1' AND namespace = 'ns-b'"), 40000);
  EXPECT_EQ(cost("resource_id = 'vpn-1'"), 2000);  // ns-a Pod, ns-b Pod and ns-a Storage: a third each
  EXPECT_EQ(cost("resource_id = 'i-0other'"), 0);
}

// Each chunk's rows are computed in parts of whole days (--part-rows matched AWS rows a part): one day a part
// (--part-rows 1), the default, and a whole chunk a part give the same rows in every table.
TEST_F(OcpAwsMonthTest, AnySplitOfAChunkIntoPartsGivesTheSameRows) {
  std::string days = Output("days"), whole = Output("whole"), defaults = Output("defaults");
  Summarize(days, "2025-10-01", "2025-10-31", 1);
  Summarize(whole, "2025-10-01", "2025-10-31", 1000000000);
  Summarize(defaults, "2025-10-01", "2025-10-31");
  ExpectSameRows(days, whole);
  ExpectSameRows(days, defaults);
}

}  // namespace
}  // namespace costagg
