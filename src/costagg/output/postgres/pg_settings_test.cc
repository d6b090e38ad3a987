#include "costagg/output/postgres/pg_settings.h"

#include <gtest/gtest.h>

#include "costagg/error.h"

namespace costagg {
namespace {

TEST(PgSettingsTest, UriBeatsPiecesAndPiecesFillTheRest) {
  PostgresOptions pieces;
  pieces.host = "pieces-host";
  pieces.port = "5433";
  pieces.database = "koku";
  pieces.user = "koku";
  pieces.password = "from-env";
  EXPECT_EQ(BuildConninfo("postgresql://costagg@db.example:6432/other", pieces),
            "dbname='other' host='db.example' password='from-env' port='6432' user='costagg'");
  // The POC's default: POSTGRES_HOST given, --output left as a bare scheme.
  EXPECT_EQ(BuildConninfo("postgresql://", pieces),
            "dbname='koku' host='pieces-host' password='from-env' port='5433' user='koku'");
}

TEST(PgSettingsTest, UnsetPartsAreLeftToLibpq) {
  // Nothing given: libpq's own PGHOST, PGUSER, PGPASSWORD, ... apply at connect time.
  EXPECT_EQ(BuildConninfo("", PostgresOptions{}), "");
  EXPECT_EQ(BuildConninfo("host=/tmp sslmode=disable", PostgresOptions{}), "host='/tmp' sslmode='disable'");
}

TEST(PgSettingsTest, QuotesValues) {
  PostgresOptions pieces;
  pieces.password = R"(it's a \secret)";
  EXPECT_EQ(BuildConninfo("", pieces), R"(password='it\'s a \\secret')");
  EXPECT_EQ(QuoteConninfoValue(""), "''");
}

TEST(PgSettingsTest, InvalidUriDoesNotRepeatThePassword) {
  try {
    BuildConninfo("postgresql://koku:Hunter2-secret@host:notaport/db?bogus=1", PostgresOptions{});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kUsage);
    EXPECT_EQ(std::string(e.what()).find("Hunter2"), std::string::npos) << e.what();
  }
}

TEST(PgSettingsTest, RedactsPasswords) {
  EXPECT_EQ(RedactPassword("auth failed for pw s3cret!", "s3cret!"), "auth failed for pw ***");
  EXPECT_EQ(RedactPassword(R"(bad URI: "postgresql://koku:p@ss:word@db:5432/koku")", ""),
            R"(bad URI: "postgresql://koku:***@db:5432/koku")");
  EXPECT_EQ(RedactPassword("postgres://u@db/x and postgres://db/y", ""),
            "postgres://u@db/x and postgres://db/y");
  EXPECT_EQ(RedactPassword("host=db password=abc user=u", ""), "host=db password=*** user=u");
  EXPECT_EQ(RedactPassword(R"(host=db password='a b\'c' user=u)", ""), "host=db password=*** user=u");
  EXPECT_EQ(RedactPassword("nothing secret", ""), "nothing secret");
}

}  // namespace
}  // namespace costagg
