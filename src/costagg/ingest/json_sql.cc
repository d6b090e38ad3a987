#include "costagg/ingest/json_sql.h"

#include <algorithm>
#include <cstdio>

namespace costagg {
namespace {

// costagg_json_object: keys without repeats (the common case) are zipped with their values; only repeated
// keys take the Python-dict path (first position, last value), whose lambdas capture the key list and so run
// row by row: 15x slower on operator label sets. costagg_json_string is PythonJsonString (InstallJsonMacros).
constexpr const char* kMacros = R"sql(
CREATE OR REPLACE TEMP MACRO costagg_json_object(keys, vals) AS
  '{' || coalesce(array_to_string(CASE WHEN len(list_distinct(keys)) = len(keys)
    THEN list_transform(list_zip(keys, vals),
      lambda kv: costagg_json_string(kv[1]) || ': ' || costagg_json_string(kv[2]))
    ELSE list_transform(
      list_filter(range(1, len(keys) + 1), lambda i: list_position(keys, keys[i]) = i),
      lambda i: costagg_json_string(keys[i]) || ': ' ||
                costagg_json_string(vals[len(keys) + 1 - list_position(list_reverse(keys), keys[i])])) END,
    ', '), '') || '}';

CREATE OR REPLACE TEMP MACRO costagg_ocp_label_items(s) AS
  list_filter(string_split(coalesce(s, ''), '|'), lambda x: len(string_split(x, ':')) = 2);

CREATE OR REPLACE TEMP MACRO costagg_ocp_labels(s) AS
  costagg_json_object(
    list_transform(costagg_ocp_label_items(s), lambda x: replace(split_part(x, ':', 1), 'label_', '')),
    list_transform(costagg_ocp_label_items(s), lambda x: split_part(x, ':', 2)));
)sql";

/// Decodes one UTF-8 code point at `i` (advancing it); invalid bytes come back as themselves.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  uint32_t c = byte(*i);
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  if (*i + extra >= s.size()) extra = 0;  // truncated sequence: the lead byte alone
  if (extra > 0) c &= (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) c = (c << 6) | (byte(*i + k) & 0x3F);
  *i += 1 + extra;
  return c;
}

/// costagg_json_string(s): json.dumps(s) per row, where a macro over code points took a regexp test per
/// value.
const TextFunction kJsonString = [](std::string_view text, std::string& out) {
  AppendPythonJsonString(text, out);
  return true;
};

}  // namespace

void InstallJsonMacros(Engine& engine) {
  engine.RegisterTextFunction("costagg_json_string", &kJsonString);
  engine.Execute(kMacros, "ingest: JSON macros");
}

std::string PythonJsonString(std::string_view text) {
  std::string out;
  AppendPythonJsonString(text, out);
  return out;
}

void AppendPythonJsonString(std::string_view text, std::string& out) {
  // Most texts need no escape: printable ASCII without '"' or '\\'.
  if (std::all_of(text.begin(), text.end(), [](char ch) {
        auto c = static_cast<unsigned char>(ch);
        return c >= 0x20 && c <= 0x7E && c != '"' && c != '\\';
      })) {
    out += '"';
    out += text;
    out += '"';
    return;
  }
  out += '"';
  char buf[16];
  for (size_t i = 0; i < text.size();) {
    uint32_t c = NextCodePoint(text, &i);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c >= 0x20 && c <= 0x7E) {
          out += static_cast<char>(c);
        } else if (c < 0x10000) {
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          uint32_t v = c - 0x10000;
          std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (v >> 10), 0xDC00 + (v & 0x3FF));
          out += buf;
        }
    }
  }
  out += '"';
}

}  // namespace costagg
