// Format detection and dispatch to the X12 and JSON readers; the total
// input limit; UTF-16 input, converted to UTF-8 before it is read.
#include "perdiem/input.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "input/duplicate_ids.h"
#include "x12/segments.h"

namespace perdiem {
namespace {

enum class Utf16 : uint8_t { kNo, kLittle, kBig };

// UTF-16 text: a byte order mark, or ASCII text with a NUL in every other
// byte (the first 32 code units are looked at).
Utf16 utf16_kind(std::string_view d, size_t& bom) {
  bom = 0;
  if (d.size() >= 2) {
    const auto a = static_cast<unsigned char>(d[0]), b = static_cast<unsigned char>(d[1]);
    if (a == 0xFF && b == 0xFE) { bom = 2; return Utf16::kLittle; }
    if (a == 0xFE && b == 0xFF) { bom = 2; return Utf16::kBig; }
  }
  const size_t units = std::min<size_t>(d.size() / 2, 32);
  if (units < 2) return Utf16::kNo;
  bool le = true, be = true;
  for (size_t i = 0; i < units; ++i) {
    const char x = d[2 * i], y = d[2 * i + 1];
    le = le && x != '\0' && y == '\0';
    be = be && x == '\0' && y != '\0';
  }
  return le ? Utf16::kLittle : be ? Utf16::kBig : Utf16::kNo;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// UTF-16 text converted to UTF-8, and how to find a byte of it in the file.
struct Converted {
  std::string text;
  // (offset in text, offset in the file) at code point starts, every 256 bytes or so.
  std::vector<std::pair<uint64_t, uint64_t>> marks;
  uint64_t file_size = 0;

  uint64_t to_file(uint64_t off) const {
    if (off >= text.size()) return file_size;
    auto it = std::upper_bound(marks.begin(), marks.end(), std::make_pair(off, UINT64_MAX));
    --it;  // marks[0] is (0, bom)
    uint64_t pos = it->first, f = it->second;
    while (pos < off) {
      const auto c = static_cast<unsigned char>(text[pos]);
      const uint64_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      f += len == 4 ? 4 : 2;  // a surrogate pair, else one code unit
      pos += len;
    }
    return std::min(f, file_size);
  }
};

// UTF-16 to UTF-8; a lone surrogate or an odd last byte becomes U+FFFD.
Converted utf16_to_utf8(std::string_view file, size_t bom, bool little) {
  Converted c;
  c.file_size = file.size();
  const std::string_view d = file.substr(bom);
  std::string& out = c.text;
  out.reserve(d.size() / 2 + 16);
  c.marks.emplace_back(0, bom);
  const size_t n = d.size() / 2;
  auto unit = [&](size_t i) -> uint32_t {
    const auto a = static_cast<unsigned char>(d[2 * i]), b = static_cast<unsigned char>(d[2 * i + 1]);
    return little ? (a | (b << 8)) : ((a << 8) | b);
  };
  for (size_t i = 0; i < n; ++i) {
    if (out.size() - c.marks.back().first >= 256) c.marks.emplace_back(out.size(), bom + 2 * i);
    const uint32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
      const uint32_t v = unit(i + 1);
      if (v >= 0xDC00 && v <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
        ++i;
        continue;
      }
    }
    append_utf8(out, (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u);
  }
  if (d.size() % 2 != 0) append_utf8(out, 0xFFFD);
  return c;
}

// Hands claims read from converted text on, with every text field copied
// into the claim's arena (the converted text does not outlive read_input)
// and every offset and byte span turned into one in the UTF-16 file.
class RehomingSink : public ClaimSink {
 public:
  RehomingSink(ClaimSink& next, const Converted& conv) : next_(next), conv_(conv), text_(conv.text) {}

  void on_claim(Claim&& c) override {
    c.source.offset = conv_.to_file(c.source.offset);
    for (auto& l : c.lines) l.source.offset = conv_.to_file(l.source.offset);
    auto span = [&](ByteSpan& s) {
      if (!s.empty()) s = {conv_.to_file(s.begin), conv_.to_file(s.end)};
    };
    span(c.span);
    span(c.x12.clm);
    if (c.x12.st_offset != 0) c.x12.st_offset = conv_.to_file(c.x12.st_offset);
    for (auto& l : c.lines) {
      span(l.span);
      span(l.x12.sv1);
      span(l.x12.dtp472);
    }
    for (auto& p : c.problems) p.offset = conv_.to_file(p.offset);
    auto fix = [&](std::string_view& v) {
      if (!v.empty() && v.data() >= text_.data() && v.data() < text_.data() + text_.size())
        v = c.arena.copy(v);
    };
    fix(c.claim_id);
    fix(c.member_id);
    fix(c.place_of_service);
    fix(c.frequency);
    for (auto& d : c.diagnoses) fix(d);
    fix(c.billing_taxonomy);
    fix(c.rendering_taxonomy);
    fix(c.file);
    for (auto& l : c.lines) {
      fix(l.qualifier);
      fix(l.code);
      for (auto& m : l.modifiers) fix(m);
      fix(l.description);
      fix(l.unit_basis);
      fix(l.place_of_service);
      fix(l.ndc);
      fix(l.ndc_unit);
      fix(l.rendering_taxonomy);
      fix(l.x12.control_number);
    }
    next_.on_claim(std::move(c));
  }
  void on_file_problem(const Problem& p) override {
    Problem q = p;
    q.offset = conv_.to_file(p.offset);
    next_.on_file_problem(q);
  }

 private:
  ClaimSink& next_;
  const Converted& conv_;
  std::string_view text_;
};

std::string_view skip_bom_and_space(std::string_view d) {
  if (d.size() >= 3 && static_cast<unsigned char>(d[0]) == 0xEF &&
      static_cast<unsigned char>(d[1]) == 0xBB && static_cast<unsigned char>(d[2]) == 0xBF)
    d.remove_prefix(3);
  size_t i = 0;
  while (i < d.size() && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n')) ++i;
  return d.substr(i);
}

// True when a second top-level JSON value starts on a later line and the
// first value is on one line: NDJSON. (Pretty-printed objects one after
// another are concatenated JSON, read by the JSON reader.) Scans the first
// value with a string-aware bracket counter.
bool has_second_value(std::string_view d) {
  int depth = 0;
  bool in_string = false, escaped = false;
  size_t i = 0;
  for (; i < d.size(); ++i) {
    const char c = d[i];
    if (c == '\n') return false;  // the first value spans lines: not NDJSON
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if ((c == '}' || c == ']') && --depth == 0) { ++i; break; }
  }
  for (; i < d.size(); ++i) {
    const char c = d[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

}  // namespace

const char* format_name(InputFormat f) {
  switch (f) {
    case InputFormat::kX12: return "x12";
    case InputFormat::kJson: return "json";
    case InputFormat::kNdjson: return "ndjson";
    case InputFormat::kUnknown: break;
  }
  return "unknown";
}

InputFormat detect_format(std::string_view data) {
  const std::string_view d = skip_bom_and_space(data);
  if (d.size() >= 3 && d.substr(0, 3) == "ISA") return InputFormat::kX12;
  if (d.empty()) return InputFormat::kUnknown;
  if (d[0] == '[') return InputFormat::kJson;
  if (d[0] == '{') return has_second_value(d) ? InputFormat::kNdjson : InputFormat::kJson;
  // Some senders put a banner before the interchange; X12 still starts at "ISA".
  const size_t isa = d.find("ISA");
  if (isa != std::string_view::npos && isa < 1024) return InputFormat::kX12;
  return InputFormat::kUnknown;
}

InputFormat read_input(std::string_view data, std::string_view file, ClaimSink& out,
                       const ReadLimits& limits_in) {
  // Duplicate claim ids: the caller's tracker (several inputs), else this input's.
  ClaimIdTracker local_ids;
  ReadLimits limits = limits_in;
  if (limits.claim_ids == nullptr) limits.claim_ids = &local_ids;
  DuplicateIdSink sink(out, *limits.claim_ids);
  if (limits.max_input_bytes != 0 && data.size() > limits.max_input_bytes) {
    Problem p;
    p.message = fmt::format(
        "the input is {} bytes, more than the {}-byte limit (max_input_bytes); it was not "
        "read. The limit is set with --max-input-bytes (0: no limit)",
        data.size(), limits.max_input_bytes);
    sink.on_file_problem(p);
    return InputFormat::kUnknown;
  }
  size_t bom = 0;
  if (const Utf16 u = utf16_kind(data, bom); u != Utf16::kNo) {
    const Converted conv = utf16_to_utf8(data, bom, u == Utf16::kLittle);
    const std::string& text = conv.text;
    Problem p;
    p.severity = Severity::kWarning;
    p.message = fmt::format(
        "the input is UTF-16{} text; it was converted to UTF-8 to be read (problem offsets "
        "are offsets in the UTF-16 file; a byte number inside a message counts the UTF-8 "
        "text)",
        u == Utf16::kLittle ? "LE" : "BE");
    sink.on_file_problem(p);
    if (utf16_kind(text, bom) != Utf16::kNo) {  // UTF-16 inside UTF-16: not text
      Problem q;
      q.message = "the input is UTF-16 text twice over; it was not read";
      sink.on_file_problem(q);
      return InputFormat::kUnknown;
    }
    RehomingSink rehome(out, conv);
    return read_input(text, file, rehome, limits);
  }
  limits.claim_ids->reserve_for_input(data.size());
  const InputFormat f = detect_format(data);
  switch (f) {
    case InputFormat::kX12: read_x12(data, file, sink, limits); break;
    case InputFormat::kJson: read_json(data, file, sink, false, limits); break;
    case InputFormat::kNdjson: read_json(data, file, sink, true, limits); break;
    case InputFormat::kUnknown: {
      // X12 without its ISA header: its claims are still reported, rejected.
      x12::ClmStart c;
      if (x12::next_clm_start(data, 0, data.size(), c)) {
        read_x12(data, file, sink, limits);
        break;
      }
      Problem p;
      p.message = skip_bom_and_space(data).empty() ? "the input is empty"
                               : "the input is not X12 (it does not begin with ISA), JSON or NDJSON";
      sink.on_file_problem(p);
      break;
    }
  }
  sink.flush();
  return f;
}

}  // namespace perdiem
