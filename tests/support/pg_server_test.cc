#include "support/pg_server.h"

#include <gtest/gtest.h>

namespace costagg::testing {
namespace {

class PgServerFixtureTest : public PgServerTest {};

TEST_F(PgServerFixtureTest, GivesAConnectionAndAnEmptySchema) {
  EXPECT_EQ(uri().rfind("postgresql://postgres@127.0.0.1:", 0), 0u) << uri();
  EXPECT_EQ(schema(), "t_pgserverfixturetest_givesaconnectionandanemptyschema");
  EXPECT_EQ(
      conn().Query("SELECT count(*) FROM pg_tables WHERE schemaname = $1", {schema()}, "tables").Scalar(),
      "0");
  EXPECT_EQ(conn().Query("SELECT current_setting('server_version_num')::int / 10000").Scalar(), "15");
  EXPECT_GT(PgServer::Port(), 0);
}

TEST(PgServerSingletonTest, SharedWithinTheProcess) {
  COSTAGG_REQUIRE_PG_SERVER();
  EXPECT_EQ(PgServer::Get(), PgServer::Get());
}

}  // namespace
}  // namespace costagg::testing
