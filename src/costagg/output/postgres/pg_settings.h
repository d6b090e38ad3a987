#pragma once
/// Where costagg's PostgreSQL connection goes. The config layer resolves flags, config.yaml and the
/// POSTGRES_* / DATABASE_* variables into an --output URI and PostgresOptions; this file merges them into one
/// libpq conninfo string and keeps secrets out of every message built from it.

#include <string>

#include "costagg/config/options.h"

namespace costagg {

/// Builds a keyword=value conninfo for PgConnection. Per keyword, a value in `uri` (postgresql://... or
/// keyword=value text) beats the same piece in `pieces`; anything still unset is left to libpq, which reads
/// its own PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, ~/.pgpass at connect time.
/// Throws UsageError when `uri` does not parse; the message never repeats the password.
std::string BuildConninfo(const std::string& uri, const PostgresOptions& pieces);

/// Quotes a conninfo value: 'it''s' becomes 'it\'s' (libpq's keyword=value syntax).
std::string QuoteConninfoValue(const std::string& value);

/// Replaces every occurrence of `password` (when not empty), the password part of any
/// scheme://user:password@host in `text`, and the value of any password=... keyword by "***".
/// Applied to every libpq message that might echo a connection string.
std::string RedactPassword(const std::string& text, const std::string& password);

}  // namespace costagg
