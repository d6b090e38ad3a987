#pragma once
/// KokuDatabase on the embedded output (--output duckdb:FILE): the file attached to the run's engine as
/// kDuckDbOutputName, the tenant's tables in one schema (sql/duckdb/). The file itself is the lock (DuckDB
/// lets one process write it at a time); ids are assigned as max(id) + 1; numbers are stored through their
/// shortest decimal text, rounded half up into the column's DECIMAL, as Trino's insert rounds.

#include <memory>
#include <string>

#include "costagg/output/koku_database.h"

namespace costagg {

/// The name the output file is attached under.
inline constexpr const char* kDuckDbOutputName = "costagg_output";

/// Creates (or opens) FILE and the tenant's tables in it (sql/duckdb/); harmless to run again (init-db
/// --output duckdb:FILE).
void InitDuckDbOutput(Engine& engine, const std::string& file, const std::string& schema);

/// Attaches FILE to the engine as kDuckDbOutputName (created when missing).
void AttachDuckDbOutput(Engine& engine, const std::string& file);

/// A transaction on the engine's connection that rolls back unless committed.
class DuckTransaction {
 public:
  explicit DuckTransaction(Engine& engine);
  ~DuckTransaction();
  DuckTransaction(const DuckTransaction&) = delete;
  DuckTransaction& operator=(const DuckTransaction&) = delete;
  void Commit();

 private:
  Engine& engine_;
  bool done_ = false;
};

/// The tenant schema `schema` in FILE, which init-db must have prepared.
std::unique_ptr<KokuDatabase> NewDuckDbKokuDatabase(Engine& engine, const std::string& file,
                                                    const std::string& schema);

}  // namespace costagg
