#pragma once
/// One PostgreSQL connection (libpq wrapped once, as duckdb-postgres does): every status is checked where the
/// call is made and a failure becomes a costagg::Error carrying the step and the server's own words.
/// Only output/postgres/*.cc include libpq-fe.h; this header exposes costagg types only.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;    // libpq's PGconn, opaque here
struct pg_cancel;  // libpq's PGcancel

namespace costagg {

/// Text-format query parameters for $1, $2, ...; nullopt is SQL NULL. PostgreSQL infers their types.
using PgParams = std::vector<std::optional<std::string>>;

/// A small query result, copied out of libpq: column names and text values (nullopt = NULL).
struct PgResult {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t affected_rows = 0;  ///< PQcmdTuples: rows a DELETE/UPDATE/INSERT/COPY touched, else 0

  /// The value of row 0, column 0; throws RuntimeError when the result is not one row or the value is NULL.
  const std::string& Scalar() const;
};

/// The fixed first key of costagg's two-integer advisory locks (koku_integration.md §3.4): "cost" in ASCII.
/// Koku takes one-bigint keys only, so the two key spaces never overlap.
inline constexpr int32_t kCostaggLockKey = 0x636F7374;

/// A connection to PostgreSQL. Move-only; the destructor closes it (and the server rolls back any open
/// transaction and frees the session's advisory locks).
class PgConnection {
 public:
  /// Connects with a keyword=value conninfo or a libpq URI (see BuildConninfo), adding
  /// client_encoding=UTF8 and application_name=costagg. Server notices go to the log.
  /// Throws an Error naming the target (user@host:port/db, never the password) and libpq's message: transient
  /// when the server is not there or not taking connections yet (IsTransientConnectFailure), a runtime error
  /// otherwise (authentication, unknown database or host).
  explicit PgConnection(const std::string& conninfo);
  ~PgConnection();
  PgConnection(PgConnection&& other) noexcept;
  PgConnection& operator=(PgConnection&& other) noexcept;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  /// "user@host:port/dbname": safe to log.
  const std::string& target() const { return target_; }

  // Every call below throws ErrorKind::kTransient (exit 4) when it fails because the session is gone (the
  // socket closed, or SQLSTATE class 08, 57P01, 57P02, 57P03: a terminated backend, a server restart or
  // crash), with a message that names the server; other failures are RuntimeError. Nothing is retried on a
  // lost session: the server rolled back its open transaction, and only a new run can redo the work.

  /// Runs one or more statements that return no rows; returns the rows the last one touched. `step` names the
  /// work in errors; when empty, the SQL's first line does.
  int64_t Execute(const std::string& sql, const std::string& step = "");
  /// Runs one statement with $1.. bound to `params`; returns the rows it touched.
  int64_t Execute(const std::string& sql, const PgParams& params, const std::string& step);
  /// Runs a query and copies its (small) result out.
  PgResult Query(const std::string& sql, const std::string& step = "");
  PgResult Query(const std::string& sql, const PgParams& params, const std::string& step);

  /// Transaction control; see also PgTransaction, which rolls back when a failure unwinds past it.
  void BeginTransaction();
  void Commit();
  void Rollback();
  /// Rolls back if a transaction is open, ignoring failures: for failure paths and destructors.
  void RollbackQuietly() noexcept;
  /// True inside BEGIN ... COMMIT/ROLLBACK (including a failed transaction).
  bool InTransaction() const;

  /// Binary COPY FROM STDIN, driven by CopyRows: `copy_sql` must be a COPY ... FROM STDIN statement.
  void StartCopyIn(const std::string& copy_sql, const std::string& step);
  /// Sends bytes of the COPY stream (blocking).
  void PutCopyData(std::string_view bytes, const std::string& step);
  /// Ends the stream and reads every result; returns the rows the server stored.
  int64_t EndCopyIn(const std::string& step);
  /// Runs a COPY ... TO STDOUT statement and hands the server's data to `sink` chunk by chunk, in order.
  void CopyOutTo(const std::string& copy_sql, const std::function<void(std::string_view)>& sink,
                 const std::string& step);

  /// Ends the stream with an error so the server discards the COPY (its statement fails with `reason`).
  void AbortCopyIn(const std::string& reason) noexcept;

  /// Asks the server to cancel the statement this connection is running, if any (it then fails with SQLSTATE
  /// 57014). The one call that may be made from another thread while a call above runs; a no-op when the
  /// connection is idle.
  void Cancel() noexcept;

  /// costagg's per-source lock: pg_try_advisory_lock(kCostaggLockKey, hashtext(schema || '/' || source)),
  /// held by this session until UnlockSource or disconnect. True when taken.
  bool TryLockSource(const std::string& schema, const std::string& source);
  /// Waits up to `wait` for the lock (polling), or forever when `wait` is nullopt; true when taken.
  bool LockSource(const std::string& schema, const std::string& source,
                  std::optional<std::chrono::milliseconds> wait = std::nullopt);
  /// Releases a lock taken by TryLockSource/LockSource; false when this session did not hold it.
  bool UnlockSource(const std::string& schema, const std::string& source);

 private:
  pg_conn* conn_ = nullptr;
  pg_cancel* cancel_ = nullptr;  ///< made at connect, so that Cancel never reads conn_ from another thread
  std::string target_;
  std::string password_;  ///< kept only to redact it from messages
};

/// Scope guard for a transaction: BEGIN in the constructor, ROLLBACK in the destructor unless Commit() ran,
/// so an exception leaves the old rows in place.
class PgTransaction {
 public:
  explicit PgTransaction(PgConnection& conn);
  ~PgTransaction();
  PgTransaction(const PgTransaction&) = delete;
  PgTransaction& operator=(const PgTransaction&) = delete;

  void Commit();

 private:
  PgConnection& conn_;
  bool done_ = false;
};

/// True when libpq's message for a failed connect says the server is down, restarting, unreachable for now or
/// out of connection slots: worth a new run later (ErrorKind::kTransient), unlike a wrong password, database
/// or host name.
bool IsTransientConnectFailure(std::string_view libpq_message);

/// Quotes an SQL identifier: my"table -> "my""table".
std::string QuoteIdentifier(const std::string& name);
/// "schema"."table".
std::string QualifiedName(const std::string& schema, const std::string& table);

}  // namespace costagg
