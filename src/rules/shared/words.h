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

namespace perdiem::rules {

// A line billed on line i's payable days that would have supported it
// (`wanted(j)`) but is not payable there because of an edit of its own:
// the first such, or npos. A message names it and its denial rather than
// say that none is billed (SPEC §4: "a message never says a line is missing
// when it is billed but denied").
template <class Wanted>
size_t denied_partner(const Context& ctx, size_t i, Wanted wanted) {
  for (size_t j = 0; j < ctx.size(); ++j) {
    if (j == i || ctx.results[j].edits.empty() || !ctx.billed(j).meets(ctx.live(i) - ctx.live(j))) continue;
    if (wanted(j)) return j;
  }
  return static_cast<size_t>(-1);
}

// "line 3 99601 (place-of-service-home, CO-5)": a denied line and its first
// denial, for messages.
inline std::string& denied_text(const Context& ctx, size_t j, std::string& out) {
  out.clear();
  out += "line ";
  append_number(out, ctx.line(j).number);
  out += ' ';
  out += ctx.line(j).code;
  const Edit& e = ctx.results[j].edits.front();
  out += " (";
  out += e.rule ? std::string_view(e.rule->id) : std::string_view("a rule");
  out += ", ";
  out += e.group;
  out += '-';
  out += e.carc;
  out += ')';
  return out;
}

}  // namespace perdiem::rules
