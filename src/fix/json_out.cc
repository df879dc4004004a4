// The corrected JSON and NDJSON claim (json_out.h).
#include "fix/json_out.h"

#include <algorithm>

#include "perdiem/writer.h"

namespace perdiem::fix {

namespace {

bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

size_t skip_blanks(std::string_view t, size_t p) {
  while (p < t.size() && blank(t[p])) ++p;
  return p;
}

// One past the string that begins at t[p] ('"').
size_t end_of_string(std::string_view t, size_t p) {
  for (++p; p < t.size(); ++p) {
    if (t[p] == '\\') ++p;
    else if (t[p] == '"') return p + 1;
  }
  return t.size();
}

// One past the value that begins at t[p].
size_t end_of_value(std::string_view t, size_t p) {
  if (p >= t.size()) return p;
  if (t[p] == '"') return end_of_string(t, p);
  if (t[p] == '{' || t[p] == '[') {
    int depth = 0;
    for (; p < t.size(); ++p) {
      const char c = t[p];
      if (c == '"') {
        p = end_of_string(t, p) - 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) return p + 1;
      }
    }
    return t.size();
  }
  while (p < t.size() && t[p] != ',' && t[p] != '}' && t[p] != ']' && !blank(t[p])) ++p;
  return p;
}

struct Replace {
  size_t begin, end;  // absolute offsets
  std::string text;
};

void splice(std::string_view input, size_t from, size_t to, std::vector<Replace>& reps, std::string& out) {
  std::stable_sort(reps.begin(), reps.end(), [](const Replace& a, const Replace& b) { return a.begin < b.begin; });
  size_t at = from;
  for (const Replace& r : reps) {
    if (r.begin < at || r.end > to) continue;
    out.append(input.substr(at, r.begin - at));
    out.append(r.text);
    at = r.end;
  }
  out.append(input.substr(at, to - at));
}

const Member* find(const std::vector<Member>& ms, std::string_view key) {
  for (const Member& m : ms)
    if (m.key == key) return &m;
  return nullptr;
}

// A money value in the form the sender used: a string when it was one.
std::string money_value(Money m, std::string_view was) {
  const std::string text = m.fixed_text();
  return !was.empty() && was.front() == '"' ? "\"" + text + "\"" : text;
}

std::string quantity_value(Quantity q, std::string_view was) {
  const std::string text = q.short_text();
  return !was.empty() && was.front() == '"' ? "\"" + text + "\"" : text;
}

std::string string_value(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string modifiers_value(const ServiceLine& x) {
  std::string out = "[";
  for (uint8_t m = 0; m < x.modifier_count; ++m) {
    if (m) out += ',';
    append_json_string(out, x.modifiers[m]);
  }
  return out + "]";
}

bool same_modifiers(const ServiceLine& a, const ServiceLine& b) {
  if (a.modifier_count != b.modifier_count) return false;
  for (uint8_t m = 0; m < a.modifier_count; ++m)
    if (a.modifiers[m] != b.modifiers[m]) return false;
  return true;
}

// The line object of `l` (bytes `obj`, at `base` in the input) as `x` bills it.
std::string line_object(std::string_view obj, const ServiceLine& l, const ServiceLine& x) {
  const std::vector<Member> ms = members(obj);
  std::vector<Replace> reps;
  std::string added;
  auto set = [&](std::string_view key, const std::string& value) {
    if (const Member* m = find(ms, key)) {
      reps.push_back({m->value_begin, m->value_end, value});
    } else {
      if (!ms.empty() || !added.empty()) added += ',';
      append_json_string(added, key);
      added += ':';
      added += value;
    }
  };
  auto was = [&](std::string_view key) -> std::string_view {
    const Member* m = find(ms, key);
    return m ? obj.substr(m->value_begin, m->value_end - m->value_begin) : std::string_view();
  };
  if (!same_modifiers(l, x)) set("modifiers", modifiers_value(x));
  if (x.units != l.units) set("units", quantity_value(x.units, was("units")));
  if (x.charge != l.charge) set("charge", money_value(x.charge, was("charge")));
  if (x.dates.from != l.dates.from) set("from", string_value(x.dates.from.iso()));
  if (x.dates.to != l.dates.to || (find(ms, "to") == nullptr && x.dates.to != x.dates.from))
    set("to", string_value(x.dates.to.iso()));
  if (x.place_of_service != l.place_of_service) set("place_of_service", string_value(x.place_of_service));
  if (find(ms, "number") && x.number != l.number) set("number", std::to_string(x.number));
  // Members added go after the last one.
  const size_t end = ms.empty() ? 1 : ms.back().value_end;
  if (!added.empty()) reps.push_back({end, end, added});
  std::string out;
  splice(obj, 0, obj.size(), reps, out);
  return out;
}

}  // namespace

std::vector<Member> members(std::string_view t) {
  std::vector<Member> out;
  size_t p = skip_blanks(t, 0);
  if (p >= t.size() || t[p] != '{') return out;
  p = skip_blanks(t, p + 1);
  while (p < t.size() && t[p] == '"') {
    const size_t key_end = end_of_string(t, p);
    Member m;
    m.key = t.substr(p + 1, key_end - p - 2);
    p = skip_blanks(t, key_end);
    if (p >= t.size() || t[p] != ':') break;
    p = skip_blanks(t, p + 1);
    m.value_begin = p;
    m.value_end = end_of_value(t, p);
    out.push_back(m);
    p = skip_blanks(t, m.value_end);
    if (p < t.size() && t[p] == ',') p = skip_blanks(t, p + 1);
    else break;
  }
  return out;
}

void write_json_claim(std::string_view input, const Claim& sent, const Corrected& fixed, std::string& out) {
  const Claim& c = fixed.claim;
  const auto& lines = sent.lines;
  if (lines.empty()) {
    out.append(sent.span.of(input));
    return;
  }
  const std::string_view claim_text = sent.span.of(input);
  const std::vector<Member> ms = members(claim_text);
  const size_t base = sent.span.begin;
  std::vector<Replace> reps;

  if (c.total_charge != sent.total_charge)
    if (const Member* m = find(ms, "total_charge"))
      reps.push_back({base + m->value_begin, base + m->value_end,
                      money_value(c.total_charge, claim_text.substr(m->value_begin, m->value_end - m->value_begin))});
  if (c.place_of_service != sent.place_of_service) {
    if (const Member* m = find(ms, "place_of_service")) {
      reps.push_back({base + m->value_begin, base + m->value_end, string_value(c.place_of_service)});
    } else {
      const size_t open = base + claim_text.find('{') + 1;
      reps.push_back({open, open, "\"place_of_service\":" + string_value(c.place_of_service) + ","});
    }
  }

  // The lines: each as corrected, joined as the first two were.
  const std::string_view sep =
      lines.size() > 1 ? input.substr(lines[0].span.end, lines[1].span.begin - lines[0].span.end) : ",";
  std::string joined;
  for (size_t j = 0; j < c.lines.size(); ++j) {
    const ServiceLine& l = lines[fixed.origin[j]];
    if (j) joined += sep;
    joined += line_object(l.span.of(input), l, c.lines[j]);
  }
  reps.push_back({lines.front().span.begin, lines.back().span.end, joined});
  splice(input, sent.span.begin, sent.span.end, reps, out);
}

}  // namespace perdiem::fix
