// X12 lexical helpers: ISA delimiter discovery and segment/composite splitting.
#include "x12/segments.h"

#include <algorithm>
#include <cstring>

namespace perdiem::x12 {
namespace {

constexpr size_t kIsaElements = 16;
// A standard ISA is 106 bytes; counting elements tolerates padding mistakes
// up to this many bytes before the header is called unreadable.
constexpr size_t kIsaScanBytes = 256;

// The segment terminator may also be a line break (CR or LF).
bool usable_terminator(char c) { return !is_alnum(c) && c != ' ' && c != '\t' && c != '\0'; }

std::string describe(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (c == '\r') return "CR";
  if (c == '\n') return "LF";
  if (u < 0x20 || u >= 0x7f) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 15];
  }
  return std::string("'") + c + "'";
}

}  // namespace

size_t find_isa(std::string_view data, size_t pos) {
  while (pos < data.size()) {
    const size_t i = data.find("ISA", pos);
    if (i == std::string_view::npos) return i;
    if ((i == 0 || !is_alnum(data[i - 1])) && starts_isa(data, i)) return i;
    pos = i + 1;
  }
  return std::string_view::npos;
}

bool parse_isa(std::string_view data, size_t pos, IsaHeader& out, std::string* why) {
  const size_t n = data.size();
  if (pos + 4 > n) {
    *why = "the ISA header is cut off";
    return false;
  }
  const char e = data[pos + 3];
  if (!usable_separator(e)) {
    *why = "the element separator (the byte after ISA) is " + describe(e) +
           ", which cannot be a separator";
    return false;
  }
  const size_t limit = std::min(n, pos + kIsaScanBytes);
  size_t count = 0, i = pos + 3;
  for (; i < limit; ++i)
    if (data[i] == e && ++count == kIsaElements) break;
  if (count < kIsaElements || i + 2 >= n) {
    *why = limit == n ? "the ISA header is cut off (the input ends before ISA16 and the "
                        "segment terminator)"
                      : "the ISA header does not have 16 elements";
    return false;
  }
  Delimiters d;
  d.element = e;
  d.component = data[i + 1];
  d.segment = data[i + 2];
  if (!usable_separator(d.component) || d.component == e) {
    *why = "the component separator (ISA16) is " + describe(d.component) +
           ", which cannot be a separator";
    return false;
  }
  if (!usable_terminator(d.segment) || d.segment == e || d.segment == d.component) {
    *why = "the segment terminator (the byte after ISA16) is " + describe(d.segment) +
           ", which cannot be a terminator";
    return false;
  }
  // ISA11 is the repetition separator in 5010 and a standards code ('U') before.
  const std::string_view header = data.substr(pos, i + 1 - pos);
  size_t field = 0, start = 0;
  std::string_view isa11, isa13;
  for (size_t k = 0; k <= header.size(); ++k) {
    if (k < header.size() && header[k] != e) continue;
    if (field == 11) isa11 = header.substr(start, k - start);
    if (field == 13) isa13 = header.substr(start, k - start);
    ++field;
    start = k + 1;
  }
  if (isa11.size() == 1 && usable_separator(isa11[0])) {
    const char r = isa11[0];
    if (r == e || r == d.component || r == d.segment) {
      *why = "the repetition separator (ISA11) " + describe(r) +
             " is also used as another delimiter";
      return false;
    }
    d.repetition = r;
  }
  out.delims = d;
  out.length = i + 3 - pos;
  out.standard_length = (i == pos + 103);
  out.control = isa13;
  return true;
}

void Elements::set_delimiters(char element, char terminator) {
  std::memset(separator_.bytes, element, 16);
  std::memset(stop_a_.bytes, terminator, 16);
  // A line break that is the terminator is the only stop byte: CR and LF
  // inside such segments are ordinary bytes.
  const bool line_breaks = terminator == '\n' || terminator == '\r';
  std::memset(stop_b_.bytes, line_breaks ? terminator : '\r', 16);
  std::memset(stop_c_.bytes, line_breaks ? terminator : '\n', 16);
}

void Elements::split(std::string_view segment) {
  const char e = separator_.bytes[0];
  const char* p = segment.data();
  const char* const end = p + segment.size();
  begin_ = p;
  count_ = 0;
  for (; p != end && count_ < kMax - 1; ++p)
    if (*p == e) ends_[count_++] = p;
  ends_[count_++] = end;
}

bool next_clm_start(std::string_view data, size_t pos, size_t end, ClmStart& out) {
  end = std::min(end, data.size());
  while (pos + 4 <= end) {
    const size_t i = data.substr(0, end).find("CLM", pos);
    if (i == std::string_view::npos || i + 4 > end) return false;
    pos = i + 1;
    const char sep = data[i + 3];
    if (!usable_separator(sep)) continue;
    size_t k = i;
    while (k > 0 && (data[k - 1] == ' ' || data[k - 1] == '\t')) --k;
    if (k > 0) {
      const char before = data[k - 1];
      if (is_alnum(before) || before == sep || before == '\0') continue;
    }
    out.offset = i;
    size_t j = i + 4;
    while (j < end && j - (i + 4) < 38 && data[j] != sep) {
      const auto u = static_cast<unsigned char>(data[j]);
      if (u < 0x20 || u >= 0x7f || data[j] == '~') break;
      ++j;
    }
    out.claim_id = data.substr(i + 4, j - (i + 4));
    return true;
  }
  return false;
}

bool starts_known_segment(std::string_view text, char element) {
  static constexpr std::string_view kIds[] = {
      "ST",  "SE",  "GS",  "GE",  "IEA", "BHT", "NM1", "N3",  "N4",  "REF", "PER", "HL",
      "PRV", "SBR", "PAT", "DMG", "CLM", "DTP", "HI",  "LX",  "SV1", "SV2", "SV5", "LIN",
      "CTP", "NTE", "PWK", "AMT", "CAS", "OI",  "MOA", "SVD", "CR1", "CR2", "CRC", "K3",
      "CN1", "HCP", "QTY", "MEA", "PS1", "FRM", "LQ",  "TA1", "MIA", "CL1", "SV3", "TOO"};
  for (std::string_view id : kIds)
    if (text.size() > id.size() && text.compare(0, id.size(), id) == 0 && text[id.size()] == element)
      return true;
  return false;
}

std::string quote(std::string_view value) {
  constexpr size_t kMax = 40;
  std::string out = "'";
  for (size_t i = 0; i < value.size() && i < kMax; ++i) {
    const auto u = static_cast<unsigned char>(value[i]);
    out += (u < 0x20 || u >= 0x7f) ? '?' : value[i];
  }
  if (value.size() > kMax) out += "...";
  out += '\'';
  return out;
}

bool plain_number(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool digit = false, point = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') digit = true;
    else if (c == '.' && !point) point = true;
    else return false;
  }
  return digit;
}

std::string quote_value(std::string_view value, bool echo) {
  if (echo || plain_number(value)) return quote(value);
  return "[value of " + std::to_string(value.size()) + " bytes, not shown]";
}

}  // namespace perdiem::x12
