#pragma once
/// Python-compatible JSON text built inside DuckDB SQL, for the label and tag columns Koku stores as
/// `json.dumps(dict)` output (ocp.md §1.5, ocp_on_aws.md §1.2.4). Downstream SQL does substring matching on
/// that text, so the bytes must be exactly Python's: `{"k1": "v1", "k2": "v2"}` (", " and ": " separators),
/// `"` and `\` escaped, \n \r \t \b \f as short escapes, every other character outside ' '..'~' as \uXXXX
/// (lower-case hex; UTF-16 surrogate pairs above U+FFFF).
///
/// They are SQL macros (not C++ scalar functions) because the engine's connection is not exposed; the work is
/// list functions over code points, and callers keep it cheap by converting distinct values only.

#include <string>

#include "costagg/engine/engine.h"

namespace costagg {

/// Creates (or replaces) these TEMP macros on the engine's connection:
/// - `costagg_json_string(s)`: s as a JSON string literal, quotes included (json.dumps(s)).
/// - `costagg_json_object(keys, vals)`: a JSON object from two VARCHAR lists with Python dict semantics (a
///   repeated key keeps its first position and takes its last value); `{}` for empty lists.
/// - `costagg_ocp_labels(s)`: Koku's operator label conversion (`process_openshift_labels`): split on '|',
///   keep items with exactly one ':', remove every "label_" from the key; NULL or '' gives `{}`.
void InstallJsonMacros(Engine& engine);

/// json.dumps(text) computed in C++ (for keys known when the SQL is built, and for tests).
std::string PythonJsonString(const std::string& text);

}  // namespace costagg
