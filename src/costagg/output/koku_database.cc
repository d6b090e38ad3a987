#include "costagg/output/koku_database.h"

#include "costagg/output/duckdb/duckdb_koku_database.h"
#include "costagg/output/postgres/pg_koku_database.h"
#include "costagg/output/postgres/pg_settings.h"

namespace costagg {

std::unique_ptr<KokuDatabase> OpenKokuDatabase(const Options& options, Engine& engine) {
  if (options.output.rfind("duckdb:", 0) == 0) {
    return NewDuckDbKokuDatabase(engine, options.output.substr(7), options.schema);
  }
  PgConnection conn(BuildConninfo(options.output == "postgresql://" ? "" : options.output, options.postgres));
  return NewPgKokuDatabase(std::move(conn), options.schema);
}

}  // namespace costagg
