#include "costagg/output/postgres/pg_settings.h"

#include <libpq-fe.h>

#include <map>
#include <memory>

#include "costagg/error.h"

namespace costagg {
namespace {

/// The keywords set explicitly in `conninfo` (no defaults, no environment).
std::map<std::string, std::string> ParseConninfo(const std::string& conninfo) {
  std::map<std::string, std::string> values;
  if (conninfo.empty()) return values;
  char* errmsg = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &errmsg);
  if (options == nullptr) {
    std::string message = errmsg != nullptr ? errmsg : "out of memory";
    PQfreemem(errmsg);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
    // libpq may quote the whole URI in its message; the password it may hold must not leak.
    throw UsageError("invalid PostgreSQL connection string: " + RedactPassword(message, ""));
  }
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> owner(options, &PQconninfoFree);
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val != nullptr && o->val[0] != '\0') values[o->keyword] = o->val;
  }
  return values;
}

}  // namespace

std::string QuoteConninfoValue(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string BuildConninfo(const std::string& uri, const PostgresOptions& pieces) {
  std::map<std::string, std::string> values = ParseConninfo(uri);
  const std::pair<const char*, const std::string*> fallbacks[] = {{"host", &pieces.host},
                                                                  {"port", &pieces.port},
                                                                  {"dbname", &pieces.database},
                                                                  {"user", &pieces.user},
                                                                  {"password", &pieces.password}};
  for (const auto& [keyword, piece] : fallbacks) {
    if (!piece->empty() && values.find(keyword) == values.end()) values[keyword] = *piece;
  }
  std::string conninfo;
  for (const auto& [keyword, value] : values) {
    if (!conninfo.empty()) conninfo += ' ';
    conninfo += keyword + "=" + QuoteConninfoValue(value);
  }
  return conninfo;
}

std::string RedactPassword(const std::string& text, const std::string& password) {
  std::string out = text;
  if (!password.empty()) {
    for (size_t at = out.find(password); at != std::string::npos; at = out.find(password, at + 3)) {
      out.replace(at, password.size(), "***");
    }
  }
  // scheme://user:secret@host -> scheme://user:***@host (the last '@' before whitespace or a quote).
  for (size_t scheme = out.find("://"); scheme != std::string::npos; scheme = out.find("://", scheme + 3)) {
    size_t begin = scheme + 3;
    size_t end = out.find_first_of(" \t\n\"'", begin);
    if (end == std::string::npos) end = out.size();
    size_t at = out.rfind('@', end == 0 ? 0 : end - 1);
    if (at == std::string::npos || at < begin) continue;
    size_t colon = out.find(':', begin);
    if (colon == std::string::npos || colon > at) continue;
    out.replace(colon + 1, at - colon - 1, "***");
  }
  // password=secret or password='se cret' in keyword=value text.
  for (size_t key = out.find("password="); key != std::string::npos; key = out.find("password=", key + 1)) {
    size_t begin = key + 9;
    size_t end = begin;
    if (end < out.size() && out[end] == '\'') {
      for (++end; end < out.size() && out[end] != '\''; ++end) {
        if (out[end] == '\\') ++end;
      }
      if (end < out.size()) ++end;
    } else {
      while (end < out.size() && out[end] != ' ' && out[end] != '\n' && out[end] != '"') ++end;
    }
    out.replace(begin, std::min(end, out.size()) - begin, "***");
  }
  return out;
}

}  // namespace costagg
