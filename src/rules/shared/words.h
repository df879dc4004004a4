// Small things several rules say and do: a fix that removes the line, a
// list or prefix test, the days two lines share as messages write them.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "rules/context.h"

namespace perdiem::rules {

inline Fix remove_line_fix() {
  Fix f;
  f.kind = Fix::Kind::kRemoveLine;
  return f;
}

inline bool in_list(std::string_view v, const std::vector<std::string>& list) {
  for (const auto& s : list)
    if (v == s) return true;
  return false;
}

inline bool has_prefix(std::string_view v, const std::vector<std::string>& prefixes) {
  for (const auto& p : prefixes)
    if (!p.empty() && v.substr(0, p.size()) == p) return true;
  return false;
}

// The days lines a and b share, as messages write them. REQUIRES: they overlap.
inline SpanText overlap_text(const Context& ctx, size_t a, size_t b) {
  const DateSpan& x = ctx.line(a).dates;
  const DateSpan& y = ctx.line(b).dates;
  return Context::span_text({std::max(x.from, y.from), std::min(x.to, y.to)});
}

}  // namespace perdiem::rules
