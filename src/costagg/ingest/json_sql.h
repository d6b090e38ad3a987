#pragma once
/// Python-compatible JSON text built inside DuckDB SQL, for the label and tag columns Koku stores as
/// `json.dumps(dict)` output (ocp.md §1.5, ocp_on_aws.md §1.2.4). Downstream SQL does substring matching on
/// that text, so the bytes must be exactly Python's: `{"k1": "v1", "k2": "v2"}` (", " and ": " separators),
/// `"` and `\` escaped, \n \r \t \b \f as short escapes, every other character outside ' '..'~' as \uXXXX
/// (lower-case hex; UTF-16 surrogate pairs above U+FFFF).
///
/// costagg_json_object and costagg_ocp_labels are SQL macros (list functions), and callers keep them cheap by
/// converting distinct values only; costagg_json_string, which the AWS tag columns call on every row, is C++.

#include <string>
#include <string_view>

#include "costagg/engine/engine.h"

namespace costagg {

/// Creates (or replaces) these TEMP macros on the engine's connection:
/// - `costagg_json_string(s)`: s as a JSON string literal, quotes included (json.dumps(s)); a C++ function
///   (PythonJsonString through Engine::RegisterTextFunction), not a macro.
/// - `costagg_json_object(keys, vals)`: a JSON object from two VARCHAR lists with Python dict semantics (a
///   repeated key keeps its first position and takes its last value); `{}` for empty lists.
/// - `costagg_ocp_labels(s)`: Koku's operator label conversion (`process_openshift_labels`): split on '|',
///   keep items with exactly one ':', remove every "label_" from the key; NULL or '' gives `{}`.
void InstallJsonMacros(Engine& engine);

/// json.dumps(text) computed in C++: for keys known when the SQL is built, and as costagg_json_string.
std::string PythonJsonString(std::string_view text);

/// Appends json.dumps(text) to `out`.
void AppendPythonJsonString(std::string_view text, std::string& out);

}  // namespace costagg
