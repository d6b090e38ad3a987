#pragma once
/// Checks shared by the end-to-end fault tests: what a failed run printed, and whether it wrote anything.

#include <sstream>
#include <string>
#include <vector>

#include "costagg/output/postgres/pg_connection.h"

namespace costagg::testing {

/// The lines of `text` that start with "costagg: error: ".
inline std::vector<std::string> ErrorLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("costagg: error: ", 0) == 0) lines.push_back(line);
  }
  return lines;
}

/// Row count and checksum of whole rows (uuids included, so even a rewrite of identical values shows) of
/// every table `summarize ocp` writes in `schema`.
inline std::string OcpTablesSnapshot(PgConnection& conn, const std::string& schema) {
  std::string out;
  for (const char* table :
       {"reporting_ocpusagelineitem_daily_summary", "reporting_ocp_nodes", "reporting_ocp_pvcs",
        "reporting_ocp_projects", "reporting_ocpusagereportperiod"}) {
    out += table;
    out += ": " +
           conn.Query(
                   "SELECT count(*)::text || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), "
                   "'-') FROM " +
                   schema + "." + table + " t")
               .Scalar() +
           "\n";
  }
  return out;
}

}  // namespace costagg::testing
