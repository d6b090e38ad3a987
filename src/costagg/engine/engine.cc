#include "costagg/engine/engine.h"

#include <duckdb.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>

#include "costagg/error.h"
#include "costagg/run_directory.h"

namespace costagg {
namespace {

/// DuckDB's messages span lines (the reason often on the second, a caret under the SQL, candidate lists):
/// costagg's errors are one line, so the lines are joined with "; ", dropping the SQL excerpt and its caret,
/// and the whole is kept to a readable length.
std::string OneLine(const char* message) {
  std::string text = message ? message : "unknown DuckDB error";
  std::string out;
  size_t pos = 0;
  bool skip_next = false;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (skip_next) {  // the raw input line a CSV error quotes: data, not the reason
      skip_next = false;
      continue;
    }
    if (line.rfind("Original Line:", 0) == 0) {
      // The quoted line follows on the same line or, when it starts with a line break, on the next.
      skip_next = line.find_first_not_of(' ', 14) == std::string::npos;
      continue;
    }
    bool caret = line.find_first_not_of(" ^") == std::string::npos;
    bool noise =
        line.rfind("LINE ", 0) == 0 || line.rfind("Possible Solution:", 0) == 0 || line.rfind("  ", 0) == 0;
    if (line.empty() || caret || noise) continue;
    out += (out.empty() ? "" : "; ") + line;
  }
  constexpr size_t kMax = 600;
  if (out.size() > kMax) out = out.substr(0, kMax) + "...";
  return out;
}

/// True when a DuckDB message reports an HTTP failure that httpfs retries itself (a 408, 429 or 5xx answer,
/// or a connection that could not be made or broke): when it reaches costagg, those retries are spent.
bool IsRetriedHttpFailure(const std::string& message) {
  // "HTTP GET error on '...' (HTTP 503)", "Request returned HTTP 503 for HTTP HEAD to '...'",
  // "Unable to connect to URL "...": 503 (Service Unavailable)."
  static const std::regex status(R"(HTTP (408|429|5\d\d)\b|: (408|429|5\d\d) \()");
  if (message.find("HTTP Error:") != std::string::npos) return std::regex_search(message, status);
  // "IO Error: Could not establish connection error for HTTP HEAD to '...'", "Failed to read connection ..."
  return message.find("IO Error:") != std::string::npos &&
         message.find(" error for HTTP ") != std::string::npos;
}

/// A failed DuckDB call as a costagg Error: transient (exit code 4, as for S3Client) when httpfs gave up on
/// a retryable HTTP failure, a runtime error otherwise (a 404 included).
Error DuckError(const std::string& step, const char* message) {
  std::string text = OneLine(message);
  return Error(IsRetriedHttpFailure(text) ? ErrorKind::kTransient : ErrorKind::kRuntime, step + ": " + text);
}

/// Owns a duckdb_result.
struct ResultHolder {
  duckdb_result result{};
  bool live = false;
  ~ResultHolder() {
    if (live) duckdb_destroy_result(&result);
  }
};

/// Owns a prepared statement.
struct PreparedHolder {
  duckdb_prepared_statement stmt = nullptr;
  ~PreparedHolder() { duckdb_destroy_prepare(&stmt); }
};

/// Owns extracted statements.
struct ExtractedHolder {
  duckdb_extracted_statements stmts = nullptr;
  ~ExtractedHolder() { duckdb_destroy_extracted(&stmts); }
};

/// Binds every parameter the statement names; ignores the rest.
void BindParams(duckdb_prepared_statement stmt, const SqlParams& params, const std::string& step) {
  for (const auto& [name, value] : params) {
    idx_t index = 0;
    if (duckdb_bind_parameter_index(stmt, &index, name.c_str()) != DuckDBSuccess) continue;
    duckdb_state state = DuckDBError;
    if (const auto* s = std::get_if<std::string>(&value)) {
      state = duckdb_bind_varchar_length(stmt, index, s->data(), s->size());
    } else if (const auto* i = std::get_if<int64_t>(&value)) {
      state = duckdb_bind_int64(stmt, index, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      state = duckdb_bind_double(stmt, index, *d);
    } else if (const auto* b = std::get_if<bool>(&value)) {
      state = duckdb_bind_boolean(stmt, index, *b);
    }
    if (state != DuckDBSuccess) throw RuntimeError(step + ": cannot bind parameter $" + name);
  }
}

ValueType MapType(duckdb_type type, const std::string& step, const std::string& column) {
  switch (type) {
    case DUCKDB_TYPE_BOOLEAN:
      return ValueType::kBool;
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_HUGEINT:
      return ValueType::kInt64;
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
      return ValueType::kDouble;
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_UUID:
      return ValueType::kText;
    case DUCKDB_TYPE_DATE:
      return ValueType::kDate;
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_TIMESTAMP_TZ:
    case DUCKDB_TYPE_TIMESTAMP_MS:
    case DUCKDB_TYPE_TIMESTAMP_S:
    case DUCKDB_TYPE_TIMESTAMP_NS:
      return ValueType::kTimestamp;
    default:
      throw RuntimeError(step + ": column " + column + " has a DuckDB type costagg cannot move (type id " +
                         std::to_string(static_cast<int>(type)) + "); cast it in the SQL");
  }
}

/// Streams a DuckDB result as RowBatches, converting each vector to costagg's in-memory types.
class DuckRowSource : public RowSource {
 public:
  DuckRowSource(std::unique_ptr<ResultHolder> result, std::string step, duckdb_connection conn)
      : result_(std::move(result)), step_(std::move(step)), conn_(conn) {
    idx_t n = duckdb_column_count(&result_->result);
    for (idx_t i = 0; i < n; ++i) {
      std::string name = duckdb_column_name(&result_->result, i);
      duckdb_logical_type lt = duckdb_column_logical_type(&result_->result, i);
      duckdb_type t = duckdb_get_type_id(lt);
      if (t == DUCKDB_TYPE_DECIMAL) {
        decimal_scale_.push_back(duckdb_decimal_scale(lt));
        decimal_internal_.push_back(duckdb_decimal_internal_type(lt));
      } else {
        decimal_scale_.push_back(0);
        decimal_internal_.push_back(DUCKDB_TYPE_INVALID);
      }
      duckdb_destroy_logical_type(&lt);
      raw_types_.push_back(t);
      columns_.push_back({name, MapType(t, step_, name)});
    }
  }

  /// A result left before its end (the reader failed, e.g. the COPY it fed lost its server) is interrupted
  /// and drained first: DuckDB's worker threads may still be running the query's tasks, and a result,
  /// connection or database freed under them crashes the process.
  ~DuckRowSource() override {
    if (finished_) return;
    duckdb_interrupt(conn_);
    for (int i = 0; i < 1000000; ++i) {
      duckdb_data_chunk chunk = duckdb_fetch_chunk(result_->result);
      if (!chunk) break;
      duckdb_destroy_data_chunk(&chunk);
    }
  }

  const std::vector<ColumnInfo>& columns() const override { return columns_; }

  bool Next(RowBatch* batch) override {
    batch->Reset(columns_);
    duckdb_data_chunk chunk = duckdb_fetch_chunk(result_->result);
    if (!chunk) {
      finished_ = true;
      const char* err = duckdb_result_error(&result_->result);
      if (err && *err) throw DuckError(step_, err);
      return false;
    }
    // The chunk is freed on every way out, also when a value does not convert.
    std::unique_ptr<duckdb_data_chunk, void (*)(duckdb_data_chunk*)> owned(&chunk, duckdb_destroy_data_chunk);
    idx_t rows = duckdb_data_chunk_get_size(chunk);
    for (idx_t c = 0; c < columns_.size(); ++c) {
      ReadVector(duckdb_data_chunk_get_vector(chunk, c), c, rows, &batch->columns[c]);
    }
    batch->rows = rows;
    return true;
  }

 private:
  void ReadVector(duckdb_vector vec, idx_t c, idx_t rows, ColumnData* out) {
    uint64_t* validity = duckdb_vector_get_validity(vec);
    void* data = duckdb_vector_get_data(vec);
    duckdb_type t = raw_types_[c];
    for (idx_t r = 0; r < rows; ++r) {
      if (validity && !duckdb_validity_row_is_valid(validity, r)) {
        out->AppendNull();
        continue;
      }
      switch (t) {
        case DUCKDB_TYPE_BOOLEAN:
          out->AppendInt(static_cast<bool*>(data)[r] ? 1 : 0);
          break;
        case DUCKDB_TYPE_TINYINT:
          out->AppendInt(static_cast<int8_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_SMALLINT:
          out->AppendInt(static_cast<int16_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_INTEGER:
          out->AppendInt(static_cast<int32_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_BIGINT:
          out->AppendInt(static_cast<int64_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_UTINYINT:
          out->AppendInt(static_cast<uint8_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_USMALLINT:
          out->AppendInt(static_cast<uint16_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_UINTEGER:
          out->AppendInt(static_cast<uint32_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_HUGEINT: {
          // sum() of BIGINT is HUGEINT in DuckDB; costagg's integers fit in 64 bits or it is a data error.
          duckdb_hugeint h = static_cast<duckdb_hugeint*>(data)[r];
          bool fits = (h.upper == 0 && h.lower <= uint64_t{INT64_MAX}) ||
                      (h.upper == -1 && h.lower >= uint64_t{1} << 63);
          if (!fits) throw RuntimeError(step_ + ": column " + columns_[c].name + " exceeds 64-bit integers");
          out->AppendInt(static_cast<int64_t>(h.lower));
          break;
        }
        case DUCKDB_TYPE_FLOAT:
          out->AppendDouble(static_cast<float*>(data)[r]);
          break;
        case DUCKDB_TYPE_DOUBLE:
          out->AppendDouble(static_cast<double*>(data)[r]);
          break;
        case DUCKDB_TYPE_DECIMAL:
          out->AppendDouble(DecimalAt(data, c, r));
          break;
        case DUCKDB_TYPE_VARCHAR: {
          auto* s = static_cast<duckdb_string_t*>(data) + r;
          out->AppendText(std::string(duckdb_string_t_data(s), duckdb_string_t_length(*s)));
          break;
        }
        case DUCKDB_TYPE_UUID:
          out->AppendText(UuidText(static_cast<duckdb_hugeint*>(data)[r]));
          break;
        case DUCKDB_TYPE_DATE:
          out->AppendInt(static_cast<int32_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_TIMESTAMP:
        case DUCKDB_TYPE_TIMESTAMP_TZ:
          out->AppendInt(static_cast<int64_t*>(data)[r]);
          break;
        case DUCKDB_TYPE_TIMESTAMP_MS:
          out->AppendInt(static_cast<int64_t*>(data)[r] * 1000);
          break;
        case DUCKDB_TYPE_TIMESTAMP_S:
          out->AppendInt(static_cast<int64_t*>(data)[r] * 1000000);
          break;
        case DUCKDB_TYPE_TIMESTAMP_NS:
          out->AppendInt(static_cast<int64_t*>(data)[r] / 1000);
          break;
        default:
          throw RuntimeError(step_ + ": unsupported column type");
      }
    }
  }

  double DecimalAt(void* data, idx_t c, idx_t r) const {
    double scale = 1;
    for (int i = 0; i < decimal_scale_[c]; ++i) scale *= 10;
    switch (decimal_internal_[c]) {
      case DUCKDB_TYPE_SMALLINT:
        return static_cast<int16_t*>(data)[r] / scale;
      case DUCKDB_TYPE_INTEGER:
        return static_cast<int32_t*>(data)[r] / scale;
      case DUCKDB_TYPE_BIGINT:
        return static_cast<double>(static_cast<int64_t*>(data)[r]) / scale;
      default: {
        duckdb_hugeint h = static_cast<duckdb_hugeint*>(data)[r];
        return duckdb_hugeint_to_double(h) / scale;
      }
    }
  }

  static std::string UuidText(duckdb_hugeint h) {
    // DuckDB stores UUIDs with the top bit flipped so that they sort as signed integers.
    uint64_t upper = static_cast<uint64_t>(h.upper) ^ (uint64_t{1} << 63);
    uint64_t lower = h.lower;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(upper >> 32),
                  static_cast<unsigned>((upper >> 16) & 0xffff), static_cast<unsigned>(upper & 0xffff),
                  static_cast<unsigned>(lower >> 48),
                  static_cast<unsigned long long>(lower & 0xffffffffffffULL));
    return buf;
  }

  std::unique_ptr<ResultHolder> result_;
  std::string step_;
  duckdb_connection conn_;
  bool finished_ = false;
  std::vector<ColumnInfo> columns_;
  std::vector<duckdb_type> raw_types_;
  std::vector<uint8_t> decimal_scale_;
  std::vector<duckdb_type> decimal_internal_;
};

}  // namespace

struct Engine::Impl {
  duckdb_database db = nullptr;
  duckdb_connection conn = nullptr;
  bool httpfs_loaded = false;
  bool owns_db = true;  ///< false for a reader (NewReader): the database belongs to the engine that made it
  std::string own_temp_directory;  ///< a spill directory this engine made, removed with it
  /// The table each RegisterTextLookup function reads, by function name.
  std::map<std::string, std::unique_ptr<const TextLookup*>> text_lookups;
  /// The function each RegisterTextFunction function calls, by function name.
  std::map<std::string, std::unique_ptr<const TextFunction*>> text_functions;

  /// Registers `name(VARCHAR) -> VARCHAR` as `body`, which reads `value` (a table or a function) through the
  /// name's slot in `slots`. DuckDB cannot replace a function: a second call for the name refills its slot.
  template <typename T>
  void RegisterVarcharFunction(std::map<std::string, std::unique_ptr<const T*>>& slots,
                               const std::string& name, const T* value, duckdb_scalar_function_t body) {
    auto& slot = slots[name];
    if (slot) {
      *slot = value;
      return;
    }
    slot = std::make_unique<const T*>(value);
    duckdb_scalar_function function = duckdb_create_scalar_function();
    duckdb_scalar_function_set_name(function, name.c_str());
    duckdb_logical_type text = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    duckdb_scalar_function_add_parameter(function, text);
    duckdb_scalar_function_set_return_type(function, text);
    duckdb_destroy_logical_type(&text);
    duckdb_scalar_function_set_extra_info(function, slot.get(), nullptr);
    duckdb_scalar_function_set_function(function, body);
    duckdb_state state = duckdb_register_scalar_function(conn, function);
    duckdb_destroy_scalar_function(&function);
    if (state != DuckDBSuccess) throw RuntimeError("duckdb: cannot register the function " + name);
  }

  ~Impl() {
    if (conn) duckdb_disconnect(&conn);
    if (db && owns_db) duckdb_close(&db);
    if (!own_temp_directory.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(own_temp_directory, ignored);
    }
  }

  /// Prepares each statement of `sql`; runs all but the last, returns the last prepared (not executed).
  std::unique_ptr<PreparedHolder> PrepareAll(const std::string& sql, const std::string& step,
                                             const SqlParams& params, bool run_last) {
    ExtractedHolder extracted;
    idx_t count = duckdb_extract_statements(conn, sql.c_str(), &extracted.stmts);
    if (count == 0) {
      const char* err = duckdb_extract_statements_error(extracted.stmts);
      throw DuckError(step, err ? err : "no SQL statement");
    }
    std::unique_ptr<PreparedHolder> last;
    for (idx_t i = 0; i < count; ++i) {
      auto prepared = std::make_unique<PreparedHolder>();
      if (duckdb_prepare_extracted_statement(conn, extracted.stmts, i, &prepared->stmt) != DuckDBSuccess) {
        throw DuckError(step, duckdb_prepare_error(prepared->stmt));
      }
      BindParams(prepared->stmt, params, step);
      if (i + 1 == count && !run_last) {
        last = std::move(prepared);
        break;
      }
      ResultHolder result;
      auto started = std::chrono::steady_clock::now();
      duckdb_state state = duckdb_execute_prepared(prepared->stmt, &result.result);
      result.live = true;
      if (state != DuckDBSuccess) throw DuckError(step, duckdb_result_error(&result.result));
      // --log-level trace: the time of every statement of a multi-statement step, for profiling.
      spdlog::trace("{} statement {} of {} took {:.3f} s", step, i + 1, count,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    return last;
  }
};

Engine::Engine(const EngineOptions& options) : impl_(std::make_unique<Impl>()) {
  // What does not fit the memory limit spills to a directory of its own in the run's directory (DuckDB's own
  // default for an in-memory database is .tmp in the working directory, which may not be writable). Found
  // before the config is made: RunDirectory may throw.
  std::string temp_directory = options.temp_directory;
  if (temp_directory.empty() && options.database_path.empty()) {
    static std::atomic<int> engines = 0;
    temp_directory = (RunDirectory() / ("spill-" + std::to_string(engines++))).string();
    impl_->own_temp_directory = temp_directory;
  }
  duckdb_config config;
  if (duckdb_create_config(&config) != DuckDBSuccess) throw RuntimeError("duckdb: cannot create config");
  auto set = [&](const char* key, const std::string& value) {
    if (!value.empty() && duckdb_set_config(config, key, value.c_str()) != DuckDBSuccess) {
      duckdb_destroy_config(&config);
      throw UsageError(std::string("duckdb: invalid value for ") + key + ": " + value);
    }
  };
  set("memory_limit", options.memory_limit);
  if (options.threads > 0) set("threads", std::to_string(options.threads));
  set("temp_directory", temp_directory);
  // No network fetches of extensions: httpfs is loaded from the file shipped with costagg.
  set("autoinstall_known_extensions", "false");
  set("autoload_known_extensions", "false");
  char* open_error = nullptr;
  const char* path = options.database_path.empty() ? nullptr : options.database_path.c_str();
  if (duckdb_open_ext(path, &impl_->db, config, &open_error) != DuckDBSuccess) {
    std::string message = open_error ? open_error : "unknown error";
    duckdb_free(open_error);
    duckdb_destroy_config(&config);
    throw RuntimeError("duckdb: cannot open " +
                       (path ? options.database_path : std::string("in-memory database")) + ": " + message);
  }
  duckdb_destroy_config(&config);
  if (duckdb_connect(impl_->db, &impl_->conn) != DuckDBSuccess) throw RuntimeError("duckdb: cannot connect");
  Execute("SET TimeZone = 'UTC'", "engine setup");
}

Engine::~Engine() = default;

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<Engine> Engine::NewReader() {
  auto impl = std::make_unique<Impl>();
  impl->db = impl_->db;
  impl->owns_db = false;
  if (duckdb_connect(impl->db, &impl->conn) != DuckDBSuccess) throw RuntimeError("duckdb: cannot connect");
  std::unique_ptr<Engine> reader(new Engine(std::move(impl)));
  reader->Execute("SET TimeZone = 'UTC'", "engine setup");
  return reader;
}

void Engine::Execute(const std::string& sql, const std::string& step, const SqlParams& params) {
  impl_->PrepareAll(sql, step, params, true);
}

std::unique_ptr<RowSource> Engine::Query(const std::string& sql, const std::string& step,
                                         const SqlParams& params) {
  auto prepared = impl_->PrepareAll(sql, step, params, false);
  auto result = std::make_unique<ResultHolder>();
  duckdb_state state = duckdb_execute_prepared_streaming(prepared->stmt, &result->result);
  result->live = true;
  if (state != DuckDBSuccess) throw DuckError(step, duckdb_result_error(&result->result));
  return std::make_unique<DuckRowSource>(std::move(result), step, impl_->conn);
}

std::vector<RowBatch> Engine::QueryAll(const std::string& sql, const std::string& step,
                                       const SqlParams& params) {
  auto source = Query(sql, step, params);
  std::vector<RowBatch> batches;
  RowBatch batch;
  while (source->Next(&batch)) batches.push_back(std::move(batch));
  return batches;
}

int64_t Engine::QueryInt(const std::string& sql, const std::string& step, const SqlParams& params,
                         int64_t if_null) {
  auto batches = QueryAll(sql, step, params);
  if (batches.empty() || batches[0].rows == 0 || batches[0].columns.empty()) {
    throw RuntimeError(step + ": query returned no row");
  }
  const ColumnData& col = batches[0].columns[0];
  if (col.IsNull(0)) return if_null;
  if (col.type == ValueType::kDouble) return static_cast<int64_t>(col.doubles[0]);
  if (col.type == ValueType::kText) throw RuntimeError(step + ": expected a number, got text");
  return col.ints[0];
}

namespace {

/// The rows of a VARCHAR -> VARCHAR scalar function (DuckDB hands the C API flat vectors): `apply(text)` of
/// every non-NULL row gives its value, or nullopt for NULL.
template <typename Apply>
void MapTexts(duckdb_data_chunk input, duckdb_vector output, Apply&& apply) {
  idx_t rows = duckdb_data_chunk_get_size(input);
  duckdb_vector texts = duckdb_data_chunk_get_vector(input, 0);
  auto* data = static_cast<duckdb_string_t*>(duckdb_vector_get_data(texts));
  uint64_t* valid = duckdb_vector_get_validity(texts);
  duckdb_vector_ensure_validity_writable(output);
  uint64_t* out_valid = duckdb_vector_get_validity(output);
  for (idx_t i = 0; i < rows; ++i) {
    std::optional<std::string_view> value;
    if (!valid || duckdb_validity_row_is_valid(valid, i)) {
      value = apply(std::string_view(duckdb_string_t_data(&data[i]), duckdb_string_t_length(data[i])));
    }
    if (value) {
      duckdb_vector_assign_string_element_len(output, i, value->data(), value->size());
    } else {
      duckdb_validity_set_row_invalid(out_valid, i);
    }
  }
}

/// The body of a RegisterTextLookup function: one hash lookup per row.
void TextLookupFunction(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
  const TextLookup* table = *static_cast<const TextLookup**>(duckdb_scalar_function_get_extra_info(info));
  if (table == nullptr) {
    duckdb_scalar_function_set_error(info, "this lookup function has no table now");
    return;
  }
  MapTexts(input, output, [table](std::string_view text) -> std::optional<std::string_view> {
    auto found = table->find(text);
    if (found == table->end() || !found->second) return std::nullopt;
    return *found->second;
  });
}

/// The body of a RegisterTextFunction function: the caller's function on every non-NULL row.
void TextFunctionBody(duckdb_function_info info, duckdb_data_chunk input, duckdb_vector output) {
  const TextFunction* function =
      *static_cast<const TextFunction**>(duckdb_scalar_function_get_extra_info(info));
  if (function == nullptr) {
    duckdb_scalar_function_set_error(info, "this text function has no function now");
    return;
  }
  std::string out;
  MapTexts(input, output, [function, &out](std::string_view text) -> std::optional<std::string_view> {
    out.clear();
    if (!(*function)(text, out)) return std::nullopt;
    return out;
  });
}

}  // namespace

void Engine::RegisterTextLookup(const std::string& name, const TextLookup* table) {
  impl_->RegisterVarcharFunction(impl_->text_lookups, name, table, TextLookupFunction);
}

void Engine::RegisterTextFunction(const std::string& name, const TextFunction* function) {
  impl_->RegisterVarcharFunction(impl_->text_functions, name, function, TextFunctionBody);
}

void Engine::RollbackQuietly() noexcept {
  duckdb_result result;
  duckdb_query(impl_->conn, "ROLLBACK", &result);
  duckdb_destroy_result(&result);
}

void Engine::EnableS3(const S3Settings& s3) {
  if (!impl_->httpfs_loaded) {
    std::string path = FindExtension("httpfs");
    Execute("LOAD " + SqlLiteral(path), "load httpfs extension");
    // httpfs retries 408, 429, 5xx and broken connections itself. Its defaults (3 retries, 100 ms x 4) give
    // up within half a second; these match S3Client's RetryPolicy: 6 attempts, 0.25, 0.5, 1 and 2 s apart
    // after an immediate first retry, so under 4 s of waiting per request. Each attempt is bounded by
    // http_timeout (30 s).
    Execute("SET http_retries = 5; SET http_retry_wait_ms = 250; SET http_retry_backoff = 2",
            "configure httpfs retries");
    impl_->httpfs_loaded = true;
  }
  std::string endpoint = s3.endpoint;
  bool use_ssl = true;
  if (endpoint.rfind("http://", 0) == 0) {
    use_ssl = false;
    endpoint = endpoint.substr(7);
  } else if (endpoint.rfind("https://", 0) == 0) {
    endpoint = endpoint.substr(8);
  }
  while (!endpoint.empty() && endpoint.back() == '/') endpoint.pop_back();
  std::string sql = "CREATE OR REPLACE SECRET costagg_s3 (TYPE s3, PROVIDER config";
  sql += ", KEY_ID " + SqlLiteral(s3.access_key);
  sql += ", SECRET " + SqlLiteral(s3.secret_key);
  sql += ", REGION " + SqlLiteral(s3.region);
  if (!endpoint.empty()) sql += ", ENDPOINT " + SqlLiteral(endpoint);
  sql += std::string(", USE_SSL ") + (use_ssl ? "true" : "false");
  sql += std::string(", URL_STYLE ") + (s3.url_style_path ? "'path'" : "'vhost'");
  sql += ")";
  // The statement holds the keys: its error text is replaced so that they can never reach a log.
  try {
    Execute(sql, "configure S3");
  } catch (const Error&) {
    throw UsageError("configure S3: DuckDB refused the S3 settings (endpoint " + endpoint + ", region " +
                     s3.region + ")");
  }
}

std::string SqlLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string SqlIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string FindExtension(const std::string& name) {
  namespace fs = std::filesystem;
  std::string file = name + ".duckdb_extension";
  std::string env_name = "COSTAGG_" + name + "_EXTENSION";
  for (auto& ch : env_name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (const char* env = std::getenv(env_name.c_str()); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (const fs::path& dir :
         {exe.parent_path(), exe.parent_path() / "lib", exe.parent_path() / ".." / "lib"}) {
      if (fs::exists(dir / file, ec)) return (dir / file).string();
    }
  }
  throw RuntimeError("cannot find " + file + " next to the costagg binary or in ../lib; set " + env_name);
}

}  // namespace costagg
