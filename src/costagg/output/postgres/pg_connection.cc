#include "costagg/output/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <memory>
#include <thread>

#include "costagg/error.h"
#include "costagg/output/postgres/pg_settings.h"

namespace costagg {
namespace {

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

/// libpq's multi-line messages as one line: "a\nb\n" -> "a; b".
std::string OneLine(std::string text) {
  std::string out;
  bool pending_break = false;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      pending_break = !out.empty();
      continue;
    }
    if (c == '\t') c = ' ';  // libpq indents continuation lines with tabs
    if (pending_break) out += "; ";
    pending_break = false;
    out += c;
  }
  return out;
}

/// Names a statement for messages when the caller gave no step: its first line, shortened.
std::string StepName(const std::string& step, const std::string& sql) {
  if (!step.empty()) return step;
  std::string first = sql.substr(0, sql.find('\n'));
  if (first.size() > 80) first = first.substr(0, 77) + "...";
  return first;
}

/// The server's words for a failed result: primary message, detail, hint, context and SQLSTATE.
std::string ServerMessage(const PGresult* result, PGconn* conn) {
  const char* primary = result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  if (primary == nullptr) {
    const char* text = result != nullptr ? PQresultErrorMessage(result) : "";
    if (text == nullptr || text[0] == '\0') text = PQerrorMessage(conn);
    std::string message = OneLine(text);
    return message.empty() ? "unknown error (no message from libpq)" : message;
  }
  std::string message = primary;
  const std::pair<int, const char*> extras[] = {
      {PG_DIAG_MESSAGE_DETAIL, "detail"}, {PG_DIAG_MESSAGE_HINT, "hint"}, {PG_DIAG_CONTEXT, "context"}};
  for (const auto& [field, label] : extras) {
    const char* value = PQresultErrorField(result, field);
    if (value != nullptr && value[0] != '\0') message += std::string("; ") + label + ": " + OneLine(value);
  }
  const char* sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  if (sqlstate != nullptr) message += std::string(" (SQLSTATE ") + sqlstate + ")";
  return message;
}

/// Server notices (NOTICE, WARNING, ...) go to costagg's log instead of stderr.
void LogNotice(void* /*arg*/, const PGresult* result) {
  const char* severity = PQresultErrorField(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  std::string message = primary != nullptr ? primary : OneLine(PQresultErrorMessage(result));
  std::string level = severity != nullptr ? severity : "NOTICE";
  if (level == "WARNING") {
    spdlog::warn("postgres {}: {}", level, message);
  } else if (level == "NOTICE" || level == "INFO") {
    spdlog::info("postgres {}: {}", level, message);
  } else {
    spdlog::debug("postgres {}: {}", level, message);
  }
}

int64_t AffectedRows(PGresult* result) {
  const char* tuples = PQcmdTuples(result);
  return (tuples != nullptr && tuples[0] != '\0') ? std::strtoll(tuples, nullptr, 10) : 0;
}

std::string Or(const char* value, const char* fallback) {
  return (value != nullptr && value[0] != '\0') ? value : fallback;
}

/// True when a failure means the session is gone: libpq found the socket closed (CONNECTION_BAD), or the
/// server said it is ending or refusing the session: SQLSTATE class 08 (connection exception), 57P01
/// admin_shutdown (pg_terminate_backend, a fast shutdown or restart), 57P02 crash_shutdown, 57P03
/// cannot_connect_now. The server has then rolled back the session's open transaction and freed its locks.
bool ConnectionLost(PGconn* conn, const PGresult* result) {
  if (PQstatus(conn) == CONNECTION_BAD) return true;
  const char* sqlstate = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (sqlstate == nullptr) return false;
  std::string_view code = sqlstate;
  return code.starts_with("08") || code == "57P01" || code == "57P02" || code == "57P03";
}

/// The error for a failed call: "PostgreSQL <step>: <message>", or, when the session is gone, a transient
/// error (exit 4) that also names the server. Nothing is retried here: the lost session took its transaction
/// and locks with it, so the only safe retry is a whole new run, which Koku makes (koku_integration.md §3.3)
/// and which replaces the same rows.
Error Failure(bool lost, const std::string& step, const std::string& message, const std::string& target,
              const std::string& password) {
  if (!lost) return RuntimeError(RedactPassword("PostgreSQL " + step + ": " + message, password));
  return Error(
      ErrorKind::kTransient,
      RedactPassword("PostgreSQL " + step + ": lost the connection to " + target + ": " + message, password));
}

/// Throws with the step and the server's message unless `result` has one of the expected statuses.
void Check(PGconn* conn, const PGresult* result, const std::string& step, ExecStatusType expected,
           const std::string& target, const std::string& password) {
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == expected) return;
  if (expected == PGRES_COMMAND_OK && status == PGRES_TUPLES_OK) return;
  std::string message = ServerMessage(result, conn);
  if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT) message = "unexpected COPY state";
  throw Failure(ConnectionLost(conn, result), step, message, target, password);
}

PgResult CopyOut(PGresult* result) {
  PgResult out;
  int fields = PQnfields(result);
  for (int f = 0; f < fields; ++f) out.columns.emplace_back(PQfname(result, f));
  int rows = PQntuples(result);
  out.rows.resize(rows);
  for (int r = 0; r < rows; ++r) {
    out.rows[r].reserve(fields);
    for (int f = 0; f < fields; ++f) {
      if (PQgetisnull(result, r, f)) {
        out.rows[r].emplace_back(std::nullopt);
      } else {
        out.rows[r].emplace_back(std::string(PQgetvalue(result, r, f), PQgetlength(result, r, f)));
      }
    }
  }
  out.affected_rows = AffectedRows(result);
  return out;
}

ResultPtr ExecParams(PGconn* conn, const std::string& sql, const PgParams& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  return ResultPtr(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                nullptr, nullptr, /*resultFormat=*/0));
}

}  // namespace

const std::string& PgResult::Scalar() const {
  if (rows.size() != 1 || rows[0].size() != 1 || !rows[0][0]) {
    throw RuntimeError("expected one non-NULL value from PostgreSQL, got " + std::to_string(rows.size()) +
                       " rows");
  }
  return *rows[0][0];
}

bool IsTransientConnectFailure(std::string_view libpq_message) {
  // libpq gives no SQLSTATE for a failed connect, only text: its own and the C library's words (English, as
  // costagg never calls setlocale) and the server's FATAL message. Nothing listening, a server that accepted
  // and never answered (connect_timeout), a network that does not get there, a server starting, stopping or
  // in recovery (57P03), no free connection slot (53300).
  static constexpr std::string_view kTransient[] = {
      "Connection refused",
      "timeout expired",
      "Connection timed out",
      "Connection reset by peer",
      "No route to host",
      "Network is unreachable",
      "server closed the connection unexpectedly",
      "could not receive data from server",
      "could not send data to server",
      "the database system is starting up",
      "the database system is shutting down",
      "the database system is in recovery mode",
      "the database system is not yet accepting connections",
      "the database system is not accepting connections",
      "too many clients already",
      "remaining connection slots are reserved",
  };
  auto has = [&](std::string_view marker) { return libpq_message.find(marker) != std::string_view::npos; };
  // A server that is down has no Unix socket file (but a missing certificate file is no transient fault).
  if (has("on socket") && has("No such file or directory")) return true;
  return std::any_of(std::begin(kTransient), std::end(kTransient), has);
}

PgConnection::PgConnection(const std::string& conninfo) {
  // connect_timeout comes before dbname so that a value in the URI or PGCONNECT_TIMEOUT wins: without any,
  // libpq waits forever on a server that accepts the connection and never answers. dbname is expanded (URI or
  // keyword=value); the keywords after it override it.
  const char* env_timeout = std::getenv("PGCONNECT_TIMEOUT");
  bool default_timeout = env_timeout == nullptr || *env_timeout == '\0';
  const char* keywords[] = {"connect_timeout", "dbname", "client_encoding", "application_name", nullptr};
  const char* values[] = {"30", conninfo.c_str(), "UTF8", "costagg", nullptr};
  const char* const* kw = default_timeout ? keywords : keywords + 1;
  const char* const* vals = default_timeout ? values : values + 1;
  conn_ = PQconnectdbParams(kw, vals, /*expand_dbname=*/1);
  if (conn_ == nullptr) throw RuntimeError("cannot connect to PostgreSQL: out of memory");
  password_ = Or(PQpass(conn_), "");
  target_ = Or(PQuser(conn_), "?") + "@" + Or(PQhost(conn_), "?") + ":" + Or(PQport(conn_), "?") + "/" +
            Or(PQdb(conn_), "?");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string reason = OneLine(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw Error(IsTransientConnectFailure(reason) ? ErrorKind::kTransient : ErrorKind::kRuntime,
                RedactPassword("cannot connect to PostgreSQL " + target_ + ": " + reason, password_));
  }
  PQsetNoticeReceiver(conn_, &LogNotice, nullptr);
  cancel_ = PQgetCancel(conn_);
}

PgConnection::~PgConnection() {
  if (cancel_ != nullptr) PQfreeCancel(cancel_);
  if (conn_ != nullptr) PQfinish(conn_);
}

PgConnection::PgConnection(PgConnection&& other) noexcept
    : conn_(other.conn_),
      cancel_(other.cancel_),
      target_(std::move(other.target_)),
      password_(std::move(other.password_)) {
  other.conn_ = nullptr;
  other.cancel_ = nullptr;
}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept {
  if (this != &other) {
    if (cancel_ != nullptr) PQfreeCancel(cancel_);
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = other.conn_;
    cancel_ = other.cancel_;
    other.conn_ = nullptr;
    other.cancel_ = nullptr;
    target_ = std::move(other.target_);
    password_ = std::move(other.password_);
  }
  return *this;
}

int64_t PgConnection::Execute(const std::string& sql, const std::string& step) {
  ResultPtr result(PQexec(conn_, sql.c_str()));
  Check(conn_, result.get(), StepName(step, sql), PGRES_COMMAND_OK, target_, password_);
  return AffectedRows(result.get());
}

int64_t PgConnection::Execute(const std::string& sql, const PgParams& params, const std::string& step) {
  ResultPtr result = ExecParams(conn_, sql, params);
  Check(conn_, result.get(), StepName(step, sql), PGRES_COMMAND_OK, target_, password_);
  return AffectedRows(result.get());
}

PgResult PgConnection::Query(const std::string& sql, const std::string& step) {
  ResultPtr result(PQexec(conn_, sql.c_str()));
  Check(conn_, result.get(), StepName(step, sql), PGRES_TUPLES_OK, target_, password_);
  return CopyOut(result.get());
}

PgResult PgConnection::Query(const std::string& sql, const PgParams& params, const std::string& step) {
  ResultPtr result = ExecParams(conn_, sql, params);
  Check(conn_, result.get(), StepName(step, sql), PGRES_TUPLES_OK, target_, password_);
  return CopyOut(result.get());
}

void PgConnection::BeginTransaction() { Execute("BEGIN", "begin transaction"); }
void PgConnection::Commit() { Execute("COMMIT", "commit"); }
void PgConnection::Rollback() { Execute("ROLLBACK", "rollback"); }

void PgConnection::RollbackQuietly() noexcept {
  if (conn_ == nullptr) return;
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  if (status != PQTRANS_INTRANS && status != PQTRANS_INERROR) return;
  ResultPtr result(PQexec(conn_, "ROLLBACK"));
  if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
    spdlog::warn("PostgreSQL rollback failed: {}", ServerMessage(result.get(), conn_));
  }
}

bool PgConnection::InTransaction() const {
  PGTransactionStatusType status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void PgConnection::StartCopyIn(const std::string& copy_sql, const std::string& step) {
  ResultPtr result(PQexec(conn_, copy_sql.c_str()));
  Check(conn_, result.get(), step, PGRES_COPY_IN, target_, password_);
}

void PgConnection::PutCopyData(std::string_view bytes, const std::string& step) {
  while (!bytes.empty()) {
    int n = static_cast<int>(std::min<size_t>(bytes.size(), INT_MAX / 2));
    if (PQputCopyData(conn_, bytes.data(), n) != 1) {
      throw Failure(ConnectionLost(conn_, nullptr), step,
                    "sending COPY data failed: " + OneLine(PQerrorMessage(conn_)), target_, password_);
    }
    bytes.remove_prefix(n);
  }
}

int64_t PgConnection::EndCopyIn(const std::string& step) {
  if (PQputCopyEnd(conn_, nullptr) != 1) {
    throw Failure(ConnectionLost(conn_, nullptr), step,
                  "ending COPY failed: " + OneLine(PQerrorMessage(conn_)), target_, password_);
  }
  // Read results until NULL, as libpq asks; the first failure wins.
  std::string failure;
  bool lost = false;
  int64_t rows = 0;
  for (int i = 0; i < 1000; ++i) {
    ResultPtr result(PQgetResult(conn_));
    if (result == nullptr) break;
    ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK) {
      rows += AffectedRows(result.get());
    } else if (failure.empty()) {
      failure = ServerMessage(result.get(), conn_);
      lost = ConnectionLost(conn_, result.get());
    }
    if (status == PGRES_COPY_IN) break;  // cannot happen after PQputCopyEnd; never spin
  }
  if (!failure.empty()) throw Failure(lost, step, failure, target_, password_);
  return rows;
}

void PgConnection::CopyOutTo(const std::string& copy_sql, const std::function<void(std::string_view)>& sink,
                             const std::string& step) {
  ResultPtr started(PQexec(conn_, copy_sql.c_str()));
  Check(conn_, started.get(), step, PGRES_COPY_OUT, target_, password_);
  for (;;) {
    char* buffer = nullptr;
    int n = PQgetCopyData(conn_, &buffer, 0);
    if (n == -1) break;  // the end of the data
    if (n < 0) {
      throw Failure(ConnectionLost(conn_, nullptr), step,
                    "reading COPY data failed: " + OneLine(PQerrorMessage(conn_)), target_, password_);
    }
    std::unique_ptr<char, void (*)(void*)> owned(buffer, PQfreemem);
    sink(std::string_view(buffer, static_cast<size_t>(n)));
  }
  // Read results until NULL, as libpq asks; the first failure wins.
  std::string failure;
  bool lost = false;
  for (int i = 0; i < 1000; ++i) {
    ResultPtr result(PQgetResult(conn_));
    if (result == nullptr) break;
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && failure.empty()) {
      failure = ServerMessage(result.get(), conn_);
      lost = ConnectionLost(conn_, result.get());
    }
  }
  if (!failure.empty()) throw Failure(lost, step, failure, target_, password_);
}

void PgConnection::AbortCopyIn(const std::string& reason) noexcept {
  if (conn_ == nullptr) return;
  PQputCopyEnd(conn_, reason.c_str());
  for (int i = 0; i < 1000; ++i) {
    ResultPtr result(PQgetResult(conn_));
    if (result == nullptr || PQresultStatus(result.get()) == PGRES_COPY_IN) break;
  }
}

void PgConnection::Cancel() noexcept {
  if (cancel_ == nullptr) return;
  char reason[256];
  if (PQcancel(cancel_, reason, sizeof reason) == 0)
    spdlog::debug("cancel on {}: {}", target_, OneLine(reason));
}

bool PgConnection::TryLockSource(const std::string& schema, const std::string& source) {
  return Query("SELECT pg_try_advisory_lock($1::int4, hashtext($2::text))",
               {std::to_string(kCostaggLockKey), schema + "/" + source}, "try lock source " + source)
             .Scalar() == "t";
}

bool PgConnection::LockSource(const std::string& schema, const std::string& source,
                              std::optional<std::chrono::milliseconds> wait) {
  if (!wait) {
    Query("SELECT pg_advisory_lock($1::int4, hashtext($2::text))",
          {std::to_string(kCostaggLockKey), schema + "/" + source}, "lock source " + source);
    return true;
  }
  auto deadline = std::chrono::steady_clock::now() + *wait;
  while (true) {
    if (TryLockSource(schema, source)) return true;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(200)));
  }
}

bool PgConnection::UnlockSource(const std::string& schema, const std::string& source) {
  return Query("SELECT pg_advisory_unlock($1::int4, hashtext($2::text))",
               {std::to_string(kCostaggLockKey), schema + "/" + source}, "unlock source " + source)
             .Scalar() == "t";
}

PgTransaction::PgTransaction(PgConnection& conn) : conn_(conn) { conn_.BeginTransaction(); }

PgTransaction::~PgTransaction() {
  if (!done_) conn_.RollbackQuietly();
}

void PgTransaction::Commit() {
  done_ = true;
  conn_.Commit();
}

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QualifiedName(const std::string& schema, const std::string& table) {
  return QuoteIdentifier(schema) + "." + QuoteIdentifier(table);
}

}  // namespace costagg
