// The text of a pack.toml made safe for toml++ 3.3 before it parses it
// (see toml_text.cc for why). Private to src/policy/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "perdiem/pack.h"

namespace perdiem::policy {

// Copies `in` to `out`, with non-ASCII characters inside basic strings
// written as \uXXXX escapes; text that is not UTF-8, or non-ASCII outside
// strings and comments, is an error (appended to `errors`, naming `file` and
// the line) and returns false. Lines do not move.
bool safe_toml_text(std::string_view in, const std::string& file, std::string& out, std::vector<PackError>& errors);

}  // namespace perdiem::policy
