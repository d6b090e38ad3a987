// libFuzzer target: the OCP label conversion (operator `label_k:v|...` text -> Python json.dumps of Koku's
// process_openshift_labels dict, ocp.md §1.5), i.e. the `costagg_ocp_labels` SQL macro of
// src/costagg/ingest/json_sql.cc run by costagg's Engine, and the C++ PythonJsonString beside it.
//
// Checks, for every input that is valid UTF-8 (the only text DuckDB's CSV reader lets through):
// - the macro's output is byte for byte the model below (Python's split / replace / dict / json.dumps);
// - it parses as a JSON object of strings whose members are the model's dict;
// - PythonJsonString(input) is json.dumps(input).
// Invalid UTF-8 must be refused with a one-line costagg::Error (binding the parameter) and must not crash
// PythonJsonString. Note that a key may still contain "label_" after the conversion ("lalabel_bel_" ->
// "label_"): Python's str.replace is a single pass, and so is DuckDB's replace.

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "costagg/engine/engine.h"
#include "costagg/error.h"
#include "costagg/ingest/json_sql.h"
#include "fuzz_support.h"

namespace {

using costagg_fuzz::Fail;

/// Koku's process_openshift_labels, then the dict it returns.
costagg_fuzz::PyDict KokuLabels(const std::string& text) {
  costagg_fuzz::PyDict labels;
  if (text.empty()) return labels;
  for (const auto& item : costagg_fuzz::PythonSplit(text, '|')) {
    if (item.find(':') == std::string::npos) continue;
    std::vector<std::string> parts = costagg_fuzz::PythonSplit(item, ':');
    if (parts.size() != 2) continue;  // `key, value = label.split(":")` raises; Koku skips the item
    labels.Set(costagg_fuzz::PythonRemoveAll(parts[0], "label_"), parts[1]);
  }
  return labels;
}

costagg::Engine& TheEngine() {
  static costagg::Engine* engine = [] {
    costagg::EngineOptions options;
    options.threads = 1;
    options.memory_limit = "512MB";
    auto* e = new costagg::Engine(options);  // lives for the whole process (reachable, not a leak)
    costagg::InstallJsonMacros(*e);
    return e;
  }();
  return *engine;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<uint32_t> code_points;
  bool utf8 = costagg_fuzz::DecodeUtf8(text, &code_points);

  std::string cpp = costagg::PythonJsonString(text);  // any bytes: must not crash
  if (utf8) {
    std::string expected = costagg_fuzz::PythonDumps(code_points);
    FUZZ_CHECK(cpp == expected, "PythonJsonString: got " + cpp + ", json.dumps gives " + expected);
  }

  std::vector<costagg::RowBatch> batches;
  try {
    batches = TheEngine().QueryAll("SELECT costagg_ocp_labels($labels)", "fuzz labels", {{"labels", text}});
  } catch (const costagg::Error& e) {
    std::string what = e.what();
    FUZZ_CHECK(what.find('\n') == std::string::npos, "error message is not one line: " + what);
    FUZZ_CHECK(!utf8, "valid UTF-8 labels failed: " + what);
    return 0;
  }
  FUZZ_CHECK(utf8, "invalid UTF-8 was accepted as a label string");
  FUZZ_CHECK(batches.size() == 1 && batches[0].rows == 1 && !batches[0].columns.at(0).IsNull(0),
             "costagg_ocp_labels did not return one non-NULL value");
  const std::string& json_text = batches[0].columns[0].texts[0];

  costagg_fuzz::PyDict model = KokuLabels(text);
  std::string expected = model.Dumps();
  FUZZ_CHECK(json_text == expected, "costagg_ocp_labels(" + costagg_fuzz::PythonDumps(code_points) +
                                        ") = " + json_text + ", Python gives " + expected);

  nlohmann::json parsed = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(!parsed.is_discarded() && parsed.is_object(), "not a JSON object: " + json_text);
  FUZZ_CHECK(parsed.size() == model.items().size(), "member count differs: " + json_text);
  for (const auto& [key, value] : model.items()) {
    auto it = parsed.find(key);
    FUZZ_CHECK(it != parsed.end() && it->is_string() && it->get<std::string>() == value,
               "member " + costagg_fuzz::PythonDumps(key) + " lost or changed in " + json_text);
  }
  return 0;
}
