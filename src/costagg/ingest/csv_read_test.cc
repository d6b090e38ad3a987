#include "costagg/ingest/csv_read.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "costagg/error.h"

namespace costagg {
namespace {
namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("costagg-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
  return path.string();
}

TEST(IngestCsvReadTest, SplitsQuotedRecords) {
  EXPECT_EQ(SplitCsvRecord(R"(a,"b,c","d""e",)"), (std::vector<std::string>{"a", "b,c", "d\"e", ""}));
  EXPECT_EQ(SplitCsvRecord(""), (std::vector<std::string>{""}));
}

TEST(IngestCsvReadTest, RepeatedNamesGetPandasSuffixes) {
  // pandas.io.common.dedup_names(["a", "b", "a", "a.1", "a"]) == ["a", "b", "a.1", "a.1.1", "a.2"]
  EXPECT_EQ(PandasColumnNames({"a", "b", "a", "a.1", "a"}),
            (std::vector<std::string>{"a", "b", "a.1", "a.1.1", "a.2"}));
}

TEST(IngestCsvReadTest, ReadsLikePandas) {
  fs::path dir = TempDir("csv-read");
  // A BOM, pandas' NA spellings (also quoted), a line with too many fields (skipped), a blank line
  // (skipped), a short line (padded) and a text that merely resembles NA.
  std::string path = WriteFile(dir / "t.csv",
                               "\xEF\xBB\xBF"
                               "a,b,c\r\n"
                               "1,NA,x\r\n"
                               "\"\",  ,\"None\"\r\n"
                               "4,5,6,7\r\n"
                               "\r\n"
                               "2,3\r\n"
                               "\"q,\"\"r\",n/a,NAN\r\n");
  Engine engine;
  std::vector<std::string> header = ReadCsvHeader(engine, path);
  EXPECT_EQ(header, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(LoadCsv(engine, path, header, "t"), 4);
  auto batches = engine.QueryAll("SELECT c0, c1, c2 FROM t ORDER BY rowid", "test");
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 4u);
  EXPECT_EQ(b.columns[0].texts[0], "1");
  EXPECT_TRUE(b.columns[1].IsNull(0));
  EXPECT_EQ(b.columns[2].texts[0], "x");
  EXPECT_TRUE(b.columns[0].IsNull(1));
  EXPECT_EQ(b.columns[1].texts[1], "  ");
  EXPECT_TRUE(b.columns[2].IsNull(1));
  EXPECT_EQ(b.columns[0].texts[2], "2");
  EXPECT_TRUE(b.columns[2].IsNull(2));
  EXPECT_EQ(b.columns[0].texts[3], "q,\"r");
  EXPECT_TRUE(b.columns[1].IsNull(3));
  EXPECT_EQ(b.columns[2].texts[3], "NAN");  // not one of pandas' spellings
  fs::remove_all(dir);
}

TEST(IngestCsvReadTest, KeepsALineLongerThanTheParallelReadAllows) {
  fs::path dir = TempDir("csv-long");
  // A 3 MB quoted field (over the short read's 2 MiB lines) between a line with too many fields and a normal
  // one: the long line is read in full, the bad one still skipped.
  std::string big(3000000, 'x');
  std::string path = WriteFile(dir / "t.csv", "a,b\n1,2\n3,4,5\n6,\"" + big + "\"\n7,8\n");
  Engine engine;
  std::vector<std::string> header = ReadCsvHeader(engine, path);
  EXPECT_EQ(LoadCsv(engine, path, header, "t"), 3);
  auto batches = engine.QueryAll("SELECT c0, length(c1) FROM t ORDER BY rowid", "test");
  const auto& b = batches.at(0);
  ASSERT_EQ(b.rows, 3u);
  EXPECT_EQ(b.columns[0].texts[1], "6");
  EXPECT_EQ(b.columns[1].ints[1], 3000000);
  EXPECT_EQ(b.columns[0].texts[2], "7");
  EXPECT_EQ(b.columns[1].ints[2], 1);
  // A header line that long is read too.
  std::string long_header = WriteFile(dir / "h.csv", "a," + big + "\n1,2\n");
  EXPECT_EQ(ReadCsvHeader(engine, long_header), (std::vector<std::string>{"a", big}));
  fs::remove_all(dir);
}

TEST(IngestCsvReadTest, ReadsGzipAndKeepsSelectedColumns) {
  fs::path dir = TempDir("csv-gz");
  std::string plain = WriteFile(dir / "t.csv", "Tag,tag,n\nx,y,3\n");
  std::string path = (dir / "t.csv.gz").string();
  Engine engine;
  // Gzip the file line by line through DuckDB (its CSV writer would rename the second "tag").
  engine.Execute("COPY (SELECT line FROM read_csv(" + SqlLiteral(plain) +
                     ", header = false, auto_detect = false, columns = {'line': 'VARCHAR'}, delim = '\x01',"
                     " quote = '', escape = '')) TO " +
                     SqlLiteral(path) + " (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x01'," +
                     " COMPRESSION gzip)",
                 "test");
  std::vector<std::string> header = ReadCsvHeader(engine, path);
  // Names that differ only in case stay two columns.
  EXPECT_EQ(header, (std::vector<std::string>{"Tag", "tag", "n"}));
  EXPECT_EQ(LoadCsv(engine, path, header, "t", {2, 1}), 1);
  auto batches = engine.QueryAll("SELECT * FROM t", "test");
  EXPECT_EQ(batches.at(0).columns.size(), 2u);
  EXPECT_EQ(batches.at(0).columns[0].texts[0], "3");
  EXPECT_EQ(batches.at(0).columns[1].texts[0], "y");
  fs::remove_all(dir);
}

TEST(IngestCsvReadTest, NulByteInAColumnNameIsRefusedNamingFileAndColumn) {
  fs::path dir = TempDir("csv-nul");
  Engine engine;
  std::string path = WriteFile(dir / "n.csv", std::string("a,b\0c\n1,2\n", 10));
  try {
    ReadCsvHeader(engine, path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kData);
    EXPECT_EQ(std::string(e.what()), "read CSV header of " + path + ": column 2 has a NUL byte in its name");
  }
  fs::remove_all(dir);
}

TEST(IngestCsvReadTest, EmptyFileHasNoHeader) {
  fs::path dir = TempDir("csv-empty");
  Engine engine;
  EXPECT_TRUE(ReadCsvHeader(engine, WriteFile(dir / "e.csv", "")).empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace costagg
