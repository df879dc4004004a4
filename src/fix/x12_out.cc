// The corrected 837P (x12_out.h).
#include "fix/x12_out.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "x12/writer.h"

namespace perdiem::fix {

namespace {

// The elements of one segment's bytes (id first), its terminator off.
std::vector<std::string_view> elements(std::string_view seg, const X12Delimiters& d) {
  if (!seg.empty() && seg.back() == d.segment) seg.remove_suffix(1);
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= seg.size(); ++i)
    if (i == seg.size() || seg[i] == d.element) {
      out.push_back(seg.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::vector<std::string_view> components(std::string_view e, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= e.size(); ++i)
    if (i == e.size() || e[i] == sep) {
      out.push_back(e.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

void date8(x12::Writer& w, Date d) {
  int y;
  unsigned m, day;
  d.ymd(y, m, day);
  w.append_number(static_cast<uint64_t>(y), 4).append_number(m, 2).append_number(day, 2);
}

// One segment rewritten: [begin, end) of the input replaced by `text`.
struct Replace {
  uint64_t begin, end;
  std::string text;
};

// Writes `w`'s segment as a replacement of `span`.
void take(x12::Writer& w, ByteSpan span, std::vector<Replace>& out) {
  out.push_back({span.begin, span.end, std::string(w.view())});
  w.clear();
}

// CLM with CLM02 = `total` and CLM05-1 = `place`.
void write_clm(x12::Writer& w, std::string_view seg, const X12Delimiters& d, Money total, std::string_view place,
               bool new_total, bool new_place) {
  const auto el = elements(seg, d);
  w.begin(el[0]);
  for (size_t i = 1; i < el.size(); ++i) {
    if (i == 2 && new_total) {
      w.amount(total);
    } else if (i == 5 && new_place) {
      auto comp = components(el[i], d.component);
      w.element(place);
      for (size_t k = 1; k < comp.size(); ++k) w.component(comp[k]);
    } else {
      w.raw_element(el[i]);
    }
  }
  w.end();
}

// SV1 as `x` bills it, from the line's SV1 `seg` (as `l` bills it).
void write_sv1(x12::Writer& w, std::string_view seg, const X12Delimiters& d, const ServiceLine& l,
               const ServiceLine& x) {
  auto el = elements(seg, d);
  while (el.size() < 6) el.emplace_back();
  w.begin(el[0]);
  // SV101: qualifier, code, four modifiers, then the rest (description) as it was.
  auto comp = components(el[1], d.component);
  w.element(comp.empty() ? std::string_view() : comp[0]);
  w.component(comp.size() > 1 ? comp[1] : std::string_view());
  for (uint8_t m = 0; m < 4; ++m) w.component(m < x.modifier_count ? x.modifiers[m] : std::string_view());
  for (size_t k = 6; k < comp.size(); ++k) w.component(comp[k]);
  if (x.charge == l.charge) w.raw_element(el[2]);
  else w.amount(x.charge);
  w.raw_element(el[3]);
  if (x.units == l.units) w.raw_element(el[4]);
  else w.quantity(x.units);
  if (x.place_of_service == l.place_of_service) w.raw_element(el[5]);
  else w.element(x.place_of_service);
  for (size_t i = 6; i < el.size(); ++i) w.raw_element(el[i]);
  w.end();
}

bool same_modifiers(const ServiceLine& a, const ServiceLine& b) {
  if (a.modifier_count != b.modifier_count) return false;
  for (uint8_t m = 0; m < a.modifier_count; ++m)
    if (a.modifiers[m] != b.modifiers[m]) return false;
  return true;
}

// The first segment of `span` (its terminator included).
ByteSpan first_segment(std::string_view input, ByteSpan span, char terminator) {
  const size_t t = input.find(terminator, span.begin);
  const uint64_t end = (t == std::string_view::npos || t >= span.end) ? span.end : t + 1;
  return {span.begin, end};
}

// Appends input[from, to) with the replacements that fall inside it (in order).
void splice(std::string_view input, uint64_t from, uint64_t to, std::vector<Replace>& reps, std::string& out) {
  std::sort(reps.begin(), reps.end(), [](const Replace& a, const Replace& b) { return a.begin < b.begin; });
  uint64_t at = from;
  for (const Replace& r : reps) {
    if (r.begin < at || r.end > to) continue;  // overlapping or outside: keep the bytes
    out.append(input.substr(at, r.begin - at));
    out.append(r.text);
    at = r.end;
  }
  out.append(input.substr(at, to - at));
}

}  // namespace

int64_t write_x12_claim(std::string_view input, const Claim& sent, const Corrected& fixed, std::string& out) {
  const X12Delimiters& d = sent.x12.delimiters;
  const Claim& c = fixed.claim;
  x12::Writer w(d, x12::LineBreak::kNone);
  const auto& lines = sent.lines;
  if (lines.empty() || sent.x12.clm.empty()) {
    out.append(sent.span.of(input));
    return 0;
  }

  // The claim's own segments: CLM rewritten when its total or place moved.
  {
    std::vector<Replace> reps;
    const bool new_total = c.total_charge != sent.total_charge;
    const bool new_place = c.place_of_service != sent.place_of_service;
    if (new_total || new_place) {
      write_clm(w, sent.x12.clm.of(input), d, c.total_charge, c.place_of_service, new_total, new_place);
      take(w, sent.x12.clm, reps);
    }
    splice(input, sent.span.begin, lines.front().span.begin, reps, out);
  }

  int64_t delta = 0;
  for (const ServiceLine& l : lines) delta -= static_cast<int64_t>(l.x12.segments);
  for (size_t j = 0; j < c.lines.size(); ++j) {
    const ServiceLine& x = c.lines[j];
    const uint32_t o = fixed.origin[j];
    const ServiceLine& l = lines[o];
    delta += static_cast<int64_t>(l.x12.segments);
    std::vector<Replace> reps;
    if (x.number != l.number) {
      w.begin("LX").number(x.number).end();
      take(w, first_segment(input, l.span, d.segment), reps);
    }
    const bool sv1 = !same_modifiers(x, l) || x.charge != l.charge || x.units != l.units ||
                     x.place_of_service != l.place_of_service;
    if (sv1 && !l.x12.sv1.empty()) {
      write_sv1(w, l.x12.sv1.of(input), d, l, x);
      take(w, l.x12.sv1, reps);
    }
    if ((x.dates.from != l.dates.from || x.dates.to != l.dates.to) && !l.x12.dtp472.empty()) {
      w.begin("DTP").element("472");
      if (x.dates.from == x.dates.to) {
        w.element("D8").element("");
        date8(w, x.dates.from);
      } else {
        w.element("RD8").element("");
        date8(w, x.dates.from);
        w.append("-");
        date8(w, x.dates.to);
      }
      w.end();
      take(w, l.x12.dtp472, reps);
    }
    splice(input, l.span.begin, l.span.end, reps, out);
    // The blanks between this line and the next as sent, once.
    const bool last_piece = j + 1 == c.lines.size() || fixed.origin[j + 1] != o;
    if (last_piece && o + 1 < lines.size()) out.append(input.substr(l.span.end, lines[o + 1].span.begin - l.span.end));
  }
  // What follows the last line as sent.
  out.append(input.substr(lines.back().span.end, sent.span.end - lines.back().span.end));
  return delta;
}

void SeRecount::changed(uint64_t st_offset, int64_t delta, const X12Delimiters& delims) {
  current_st_ = st_offset;
  delims_ = delims;
  if (delta != 0) owed_[st_offset] += delta;
  if (owed_.count(st_offset) && owed_[st_offset] == 0) owed_.erase(st_offset);
}

void SeRecount::copy(std::string_view input, uint64_t from, uint64_t to, std::string& out) {
  if (owed_.empty() || from >= to) {
    if (from < to) out.append(input.substr(from, to - from));
    return;
  }
  const char term = delims_.segment;
  uint64_t at = from;
  uint64_t p = from;
  while (p < to && !owed_.empty()) {
    while (p < to && input[p] != term && (input[p] == ' ' || input[p] == '\r' || input[p] == '\n' || input[p] == '\t'))
      ++p;
    if (p >= to) break;
    size_t e = input.find(term, p);
    if (e == std::string_view::npos || e >= to) e = to;
    const std::string_view seg = input.substr(p, e - p);
    const bool st = seg.size() > 2 && seg.substr(0, 2) == "ST" && seg[2] == delims_.element;
    const bool se = seg.size() > 2 && seg.substr(0, 2) == "SE" && seg[2] == delims_.element;
    if (st) current_st_ = p;
    if (se) {
      auto it = owed_.find(current_st_);
      const std::string_view rest = seg.substr(3);
      const size_t n = std::min(rest.find(delims_.element), rest.size());
      uint64_t count = 0;
      const auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + n, count);
      if (it != owed_.end() && ec == std::errc() && ptr == rest.data() + n) {
        out.append(input.substr(at, p + 3 - at));
        const int64_t now = static_cast<int64_t>(count) + it->second;
        out.append(std::to_string(now < 0 ? 0 : now));
        at = p + 3 + n;
        owed_.erase(it);
      }
    }
    p = e + 1;
  }
  out.append(input.substr(at, to - at));
}

}  // namespace perdiem::fix
