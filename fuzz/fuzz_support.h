#pragma once
/// Shared by the libFuzzer targets in fuzz/: a failed check that libFuzzer records as a crash, a strict UTF-8
/// decoder, and an independent model of Python's `json.dumps` for str (ensure_ascii=True), written from the
/// Python documentation rather than from costagg's code, so the targets compare two implementations.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace costagg_fuzz {

/// Prints what failed (with the input's relevant text) and aborts: libFuzzer saves the input as a crash.
[[noreturn]] inline void Fail(const std::string& what) {
  std::fprintf(stderr, "FUZZ CHECK FAILED: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

#define FUZZ_CHECK(cond, what)    \
  do {                            \
    if (!(cond)) {                \
      ::costagg_fuzz::Fail(what); \
    }                             \
  } while (0)

/// Decodes `s` as strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), as DuckDB's
/// VARCHAR validation and Python's str require. False (and a partial `out`) for anything else.
inline bool DecodeUtf8(std::string_view s, std::vector<uint32_t>* out) {
  out->clear();
  for (size_t i = 0; i < s.size();) {
    auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    uint32_t c = b(i);
    size_t extra = 0;
    uint32_t min = 0;
    if (c < 0x80) {
      extra = 0;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1, c &= 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2, c &= 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3, c &= 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (extra > 0 && i + extra >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= extra; ++k) {
      if ((b(i + k) & 0xC0) != 0x80) return false;
      c = (c << 6) | (b(i + k) & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return false;
    out->push_back(c);
    i += 1 + extra;
  }
  return true;
}

/// Python's json.dumps(str) with the default ensure_ascii=True, for a string of code points.
inline std::string PythonDumps(const std::vector<uint32_t>& code_points) {
  std::string out = "\"";
  char buf[16];
  for (uint32_t c : code_points) {
    if (c == '"') {
      out += "\\\"";
    } else if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\b') {
      out += "\\b";
    } else if (c == '\f') {
      out += "\\f";
    } else if (c >= 0x20 && c < 0x7F) {
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
  return out + "\"";
}

/// json.dumps of valid UTF-8 text (the caller has checked it with DecodeUtf8).
inline std::string PythonDumps(std::string_view utf8) {
  std::vector<uint32_t> cps;
  if (!DecodeUtf8(utf8, &cps)) Fail("PythonDumps called with invalid UTF-8");
  return PythonDumps(cps);
}

/// A Python dict of str -> str: insertion order kept, assigning an existing key replaces its value in place.
class PyDict {
 public:
  void Set(const std::string& key, const std::string& value) {
    for (auto& item : items_) {
      if (item.first == key) {
        item.second = value;
        return;
      }
    }
    items_.emplace_back(key, value);
  }
  /// json.dumps(dict) with the default separators (", " and ": ").
  std::string Dumps() const {
    std::string out = "{";
    for (size_t i = 0; i < items_.size(); ++i) {
      if (i) out += ", ";
      out += PythonDumps(items_[i].first) + ": " + PythonDumps(items_[i].second);
    }
    return out + "}";
  }
  const std::vector<std::pair<std::string, std::string>>& items() const { return items_; }

 private:
  std::vector<std::pair<std::string, std::string>> items_;
};

/// Python's str.replace(old, "") (every non-overlapping occurrence, left to right, in one pass).
inline std::string PythonRemoveAll(const std::string& s, const std::string& old) {
  std::string out;
  size_t from = 0;
  for (size_t at = s.find(old); at != std::string::npos; at = s.find(old, from)) {
    out.append(s, from, at - from);
    from = at + old.size();
  }
  out.append(s, from, std::string::npos);
  return out;
}

/// Python's str.split(sep) for a one-character separator.
inline std::vector<std::string> PythonSplit(const std::string& s, char sep) {
  std::vector<std::string> parts(1);
  for (char c : s) {
    if (c == sep) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

/// A private scratch directory under /tmp for this fuzzing process, removed at exit.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(std::filesystem::temp_directory_path() /
              ("costagg-fuzz-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace costagg_fuzz
