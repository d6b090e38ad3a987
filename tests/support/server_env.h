#pragma once
/// Where the tests find their servers: the environment, or the file the CTest fixture wrote
/// (tests/support/test_servers.sh; its path in COSTAGG_TEST_SERVERS_FILE).

#include <optional>
#include <string>

namespace costagg::testing {

/// The value of `name` (e.g. COSTAGG_TEST_PG_URI) from the environment or the fixture's file.
std::optional<std::string> TestServerValue(const std::string& name);

}  // namespace costagg::testing
