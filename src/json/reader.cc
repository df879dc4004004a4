// JSON and NDJSON claim reader (SPEC §2 "JSON claim").
//
// External interface: perdiem::read_json() in perdiem/input.h. Nothing else
// here is visible outside this file.
//
//   read_json(data, file, sink, ndjson, limits)
//     JSON   (ndjson == false): one claim object, or an array of claim objects.
//     NDJSON (ndjson == true):  one claim object per line; blank lines are
//                               skipped, CRLF is accepted.
//   A UTF-8 byte order mark at the start is skipped in both modes.
//
// Every claim found is handed to sink.on_claim(), in input order. A claim
// with a problem is still handed over, with Problem(kError) entries in
// Claim::problems: Problem::element is the field path inside the claim
// ("lines[2].units"; indexes are 0-based like JSON), Problem::segment is the
// 1-based NDJSON line (0 for JSON), Problem::offset the byte offset into
// `data` of the value at fault. Messages start with the claim's place
// ("line 5: " in NDJSON, "array element 2: " in a JSON array) and never
// quote member data: only codes, dates and numbers are quoted.
//   - NDJSON line that is not valid JSON: a rejected claim (claim_id recovered
//     when it can be), and the next line is read.
//   - JSON document that is not valid: one sink.on_file_problem() with the byte
//     offset; array elements read before the error have been emitted already.
//   - Wrong top-level type, text after the document, more than
//     limits.max_claims claims: file problems.
//   - limits.max_json_depth, max_lines_per_claim and (NDJSON) max_segment_bytes
//     reject the claim and name the limit.
// Claims are self-contained: every text field (and Claim::file) is copied into
// Claim::arena, so nothing points into `data` or simdjson's buffers.
//
// Why simdjson On-Demand (not DOM): money and units must be read from the
// number's raw text (value::raw_json_token()) and never through a double, and
// On-Demand gives the position of every value for Problem::offset. DOM keeps
// neither. On-Demand is lazy, so this reader walks every value it does not
// use (unknown fields, values of the wrong type) to validate it; a document
// it accepts is valid JSON. Only simdjson's error-code API is used.
//
// Claims are cut apart before simdjson sees them (a string-aware bracket scan
// finds each array element or NDJSON line, and measures its nesting depth), so
// each claim is parsed on its own: memory stays bounded by the largest claim,
// offsets are exact, and an element nested too deeply is rejected by name
// before the parser meets it.
#include <simdjson.h>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "perdiem/input.h"

namespace perdiem {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Our own validation walk recurses once per nesting level; whatever the
// configured limit, nesting never goes deeper than this.
constexpr uint32_t kReaderMaxDepth = 512;
constexpr size_t kNpos = std::string_view::npos;
// Problems listed per claim; the rest are counted in one last problem.
constexpr size_t kMaxClaimProblems = 100;
// How much of a value echo_values quotes.
constexpr size_t kEchoBytes = 80;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// RFC 8259 number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool json_number_ok(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (is_digit(s[i])) {
    while (i < n && is_digit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    const size_t start = i;
    while (i < n && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  return i == n;
}

// Text in a string that is meant as a number: sign, digits, point, exponent.
bool looks_numeric(std::string_view s) {
  bool digit = false;
  for (char c : s) {
    if (is_digit(c)) digit = true;
    else if (c != '.' && c != '+' && c != '-' && c != 'e' && c != 'E') return false;
  }
  return digit;
}

// Quotes text for a message: at most 40 bytes (cut on a UTF-8 boundary),
// quotes, backslashes and control characters escaped.
std::string quoted_text(std::string_view s) {
  constexpr size_t kMax = 40;
  bool cut = false;
  if (s.size() > kMax) {
    size_t n = kMax;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    s = s.substr(0, n);
    cut = true;
  }
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  out += cut ? "...\"" : "\"";
  return out;
}

// Offset of the first byte that is not valid UTF-8, or npos.
size_t first_invalid_utf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (c < 0x80) { ++i; continue; }
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > s.size()) return i;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return i;
    i += len;
  }
  return kNpos;
}

// The end of the JSON value starting at d[i], found without validating it:
// strings are skipped honouring escapes, brackets are counted, and a scalar
// ends at ',', ']', '}' or whitespace. Also measures nesting: `outer` is the
// depth of the container holding the value.
struct ValueScan {
  size_t end = 0;
  size_t too_deep_at = kNpos;  // first bracket nested deeper than the limit
};

ValueScan scan_value(std::string_view d, size_t i, uint32_t outer, uint32_t max_depth) {
  ValueScan s;
  uint64_t depth = 0;
  for (; i < d.size(); ++i) {
    const char c = d[i];
    if (c == '"') {
      // Jump to the closing quote: the first one preceded by an even number
      // of backslashes.
      const size_t open = i;
      for (;;) {
        const void* q = std::memchr(d.data() + i + 1, '"', d.size() - i - 1);
        if (q == nullptr) {
          i = d.size();
          break;
        }
        i = static_cast<size_t>(static_cast<const char*>(q) - d.data());
        size_t k = i;
        while (k > open + 1 && d[k - 1] == '\\') --k;
        if ((i - k) % 2 == 0) break;
      }
      if (i >= d.size()) break;
      if (depth == 0) { ++i; break; }
    } else if (c == '{' || c == '[') {
      ++depth;
      if (outer + depth > max_depth && s.too_deep_at == kNpos) s.too_deep_at = i;
    } else if (c == '}' || c == ']') {
      if (depth == 0) break;
      if (--depth == 0) { ++i; break; }
    } else if (depth == 0 && (c == ',' || is_space(c))) {
      break;
    }
  }
  s.end = i;
  return s;
}

// echo_values (local debugging only): " [value: '...']", the raw text at
// text[at...], printable ASCII only.
std::string echo(std::string_view text, size_t at) {
  if (at >= text.size()) return {};
  std::string out = " [value: '";
  size_t i = at;
  for (; i < text.size() && i - at < kEchoBytes && text[i] != '\n'; ++i) {
    const auto u = static_cast<unsigned char>(text[i]);
    out += (u < 0x20 || u >= 0x7f) ? '?' : text[i];
  }
  out += i < text.size() && text[i] != '\n' ? "...']" : "']";
  return out;
}

// Best effort: the claim_id of a claim that could not be parsed, when it is a
// plain string ("claim_id" : "..." with printable ASCII and no escapes).
std::string_view sniff_claim_id(std::string_view text) {
  constexpr std::string_view kKey = "\"claim_id\"";
  for (size_t at = text.find(kKey); at != kNpos; at = text.find(kKey, at + 1)) {
    size_t i = at + kKey.size();
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || text[i] != ':') continue;
    ++i;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || text[i] != '"') continue;
    const size_t start = ++i;
    while (i < text.size() && i - start <= 80 && text[i] != '"' && text[i] != '\\' &&
           text[i] >= 0x20 && text[i] < 0x7F)
      ++i;
    if (i < text.size() && text[i] == '"' && i > start) return trim(text.substr(start, i - start));
  }
  return {};
}

// Where the next "claim_id" key (followed by ':') is in text at or after
// `from`: a claim that text which could not be delimited still holds.
size_t next_claim_key(std::string_view text, size_t from) {
  constexpr std::string_view kKey = "\"claim_id\"";
  for (size_t at = text.find(kKey, from); at != kNpos; at = text.find(kKey, at + 1)) {
    size_t i = at + kKey.size();
    while (i < text.size() && is_space(text[i])) ++i;
    if (i < text.size() && text[i] == ':') return at;
  }
  return kNpos;
}

// A place inside a claim, rendered only when a problem is reported:
// "claim_id", "diagnoses[1]", "lines[2]", "lines[2].units", "lines[2].modifiers[4]".
struct Path {
  int64_t line = -1;
  std::string_view field;
  int64_t item = -1;

  std::string str() const {
    std::string s;
    if (line >= 0) s = fmt::format("lines[{}]", line);
    if (!field.empty()) {
      if (!s.empty()) s += '.';
      s += field;
    }
    if (item >= 0) s += fmt::format("[{}]", item);
    return s;
  }
  Path at(int64_t i) const { Path p = *this; p.item = i; return p; }
};

const char* type_name(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "a value";
}

// How a text field is normalised before it is stored.
enum class Norm : uint8_t {
  kAsIs,       // description: kept exactly as given
  kTrim,       // ids, place of service, frequency: surrounding spaces removed
  kUpper,      // codes, modifiers, taxonomies: trimmed and upper-cased
  kDiagnosis,  // trimmed, ICD-10 dot removed, upper-cased
};

// Reads one claim object out of one simdjson document. A syntax error stops
// the claim (returns false, with err_ set); every other problem is recorded
// in the claim and reading goes on.
class ClaimParser {
 public:
  ClaimParser(Claim& claim, od::document& doc, std::string_view text, uint64_t base_offset,
              uint64_t segment, std::string_view where, const ReadLimits& limits)
      : claim_(claim), doc_(doc), base_(text.data()), len_(text.size()),
        base_offset_(base_offset), segment_(segment), where_(where), limits_(limits) {}

  // A value for a message: member data must never reach one, and a sender's
  // mapping mistake can put a name, an id or a birth date where a code, a
  // date or a number belongs, so only a plain number (a sign, digits, one
  // point) is quoted; anything else is described by its length, unless
  // echo_values (local debugging).
  std::string quoted(std::string_view s) const {
    if (limits_.echo_values) return quoted_text(s);
    std::string_view n = s;
    if (!n.empty() && (n[0] == '-' || n[0] == '+')) n.remove_prefix(1);
    bool digit = false, point = false, plain = true;
    for (char c : n) {
      if (c >= '0' && c <= '9') digit = true;
      else if (c == '.' && !point) point = true;
      else plain = false;
    }
    if (plain && digit) return quoted_text(s);
    return "[value of " + std::to_string(s.size()) + " bytes, not shown]";
  }

  error_code error() const { return err_; }
  // Ends the claim: the count of problems beyond kMaxClaimProblems.
  void finish() {
    if (dropped_ == 0) return;
    Problem pr;
    pr.message = (where_.empty() ? std::string() : std::string(where_) + ": ") +
                 fmt::format("{} more problems in this claim are not listed", dropped_);
    pr.segment = segment_;
    pr.offset = base_offset_;
    claim_.problems.push_back(std::move(pr));
  }
  uint64_t error_offset() const { return err_offset_; }
  const std::string& error_path() const { return err_path_; }

  // The root: a claim object, or else a problem naming what it is.
  bool read_root() {
    od::json_type t;
    if (auto e = doc_.type().get(t)) return fail(e, base_, Path{});
    if (t != od::json_type::object) {
      std::string found;
      if (!describe_root(t, found)) return false;
      problem(Path{}, "expected a claim object, found " + found, base_offset_);
      return true;
    }
    od::object obj;
    if (auto e = doc_.get_object().get(obj)) return fail(e, base_, Path{});
    return read_claim(obj);
  }

 private:
  // Byte offset into the input of a pointer into the parsed text.
  uint64_t off(const char* p) const {
    if (p < base_) return base_offset_;
    return base_offset_ + std::min<uint64_t>(static_cast<uint64_t>(p - base_), len_);
  }

  void problem(const Path& p, std::string why, uint64_t offset) {
    if (claim_.problems.size() >= kMaxClaimProblems) {
      ++dropped_;
      return;
    }
    if (limits_.echo_values && offset >= base_offset_)
      why += echo(std::string_view(base_, len_), offset - base_offset_);
    Problem pr;
    pr.severity = Severity::kError;
    pr.element = p.str();
    pr.message = where_.empty() ? std::string() : std::string(where_) + ": ";
    if (!pr.element.empty()) pr.message += pr.element + ": ";
    pr.message += why;
    pr.segment = segment_;
    pr.offset = offset;
    claim_.problems.push_back(std::move(pr));
  }

  // Records a syntax error. The offset is simdjson's current position when it
  // has one, else `at`.
  bool fail(error_code e, const char* at, const Path& p) {
    if (err_ != simdjson::SUCCESS) return false;
    err_ = e;
    err_path_ = p.str();
    const char* loc = nullptr;
    if (doc_.current_location().get(loc) == simdjson::SUCCESS && loc != nullptr && loc > at &&
        loc < base_ + len_)
      at = loc;
    err_offset_ = off(at);
    return false;
  }

  std::string_view store(std::string_view s) { return claim_.arena.copy(s); }

  // ---- validation of values this reader does not use -------------------

  // Walks a value to its end, so that On-Demand validates it.
  bool skim(od::value v, const Path& p) {
    const char* at = v.raw_json_token().data();
    od::json_type t;
    if (auto e = v.type().get(t)) return fail(e, at, p);
    switch (t) {
      case od::json_type::object: {
        od::object obj;
        if (auto e = v.get_object().get(obj)) return fail(e, at, p);
        for (auto field_result : obj) {
          od::field field;
          if (auto e = std::move(field_result).get(field)) return fail(e, at, p);
          std::string_view key;
          if (auto e = field.unescaped_key().get(key)) return fail(e, at, p);
          if (!skim(field.value(), p)) return false;
        }
        return true;
      }
      case od::json_type::array: {
        od::array arr;
        if (auto e = v.get_array().get(arr)) return fail(e, at, p);
        for (auto element : arr) {
          od::value ev;
          if (auto e = element.get(ev)) return fail(e, at, p);
          if (!skim(ev, p)) return false;
        }
        return true;
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto e = v.get_string().get(s)) return fail(e, at, p);
        return true;
      }
      case od::json_type::number:
        if (!json_number_ok(trim(v.raw_json_token()))) return fail(simdjson::NUMBER_ERROR, at, p);
        return true;
      case od::json_type::boolean: {
        bool b;
        if (auto e = v.get_bool().get(b)) return fail(e, at, p);
        return true;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = v.is_null().get(is_null)) return fail(e, at, p);
        if (!is_null) return fail(simdjson::N_ATOM_ERROR, at, p);
        return true;
      }
    }
    return fail(simdjson::TAPE_ERROR, at, p);
  }

  // "a number 12", "a string \"abc\"" (text only when quote_ok), "an object",
  // "true", "null". Validates the value on the way.
  bool describe(od::value v, od::json_type t, bool quote_ok, const Path& p, std::string& out) {
    switch (t) {
      case od::json_type::number: {
        const std::string_view tok = trim(v.raw_json_token());
        if (!json_number_ok(tok)) return fail(simdjson::NUMBER_ERROR, tok.data(), p);
        out = quote_ok ? "a number " + std::string(tok) : "a number";
        return true;
      }
      case od::json_type::string: {
        const char* at = v.raw_json_token().data();
        std::string_view s;
        if (auto e = v.get_string().get(s)) return fail(e, at, p);
        out = quote_ok ? "a string " + quoted(s) : "a string";
        return true;
      }
      case od::json_type::boolean: {
        const char* at = v.raw_json_token().data();
        bool b;
        if (auto e = v.get_bool().get(b)) return fail(e, at, p);
        out = b ? "true" : "false";
        return true;
      }
      case od::json_type::null:
      case od::json_type::object:
      case od::json_type::array:
        out = type_name(t);
        return skim(v, p);
    }
    out = type_name(t);
    return true;
  }

  bool describe_root(od::json_type t, std::string& out) {
    switch (t) {
      case od::json_type::number: {
        std::string_view tok;
        if (auto e = doc_.raw_json_token().get(tok)) return fail(e, base_, Path{});
        if (!json_number_ok(trim(tok))) return fail(simdjson::NUMBER_ERROR, base_, Path{});
        out = "a number";
        break;
      }
      case od::json_type::string: {
        std::string_view s;
        if (auto e = doc_.get_string().get(s)) return fail(e, base_, Path{});
        out = "a string";
        break;
      }
      case od::json_type::boolean: {
        bool b;
        if (auto e = doc_.get_bool().get(b)) return fail(e, base_, Path{});
        out = b ? "true" : "false";
        break;
      }
      case od::json_type::null: {
        bool is_null = false;
        if (auto e = doc_.is_null().get(is_null)) return fail(e, base_, Path{});
        if (!is_null) return fail(simdjson::N_ATOM_ERROR, base_, Path{});
        out = "null";
        break;
      }
      case od::json_type::array: {
        od::array arr;
        if (auto e = doc_.get_array().get(arr)) return fail(e, base_, Path{});
        for (auto element : arr) {
          od::value ev;
          if (auto e = element.get(ev)) return fail(e, base_, Path{});
          if (!skim(ev, Path{})) return false;
        }
        out = "an array";
        break;
      }
      case od::json_type::object:
        out = "an object";
        break;
    }
    return true;
  }

  // ---- typed field readers ----------------------------------------------
  // Each returns false only on a syntax error. A value of the wrong type is a
  // problem; null is "absent" (a problem only when the field is required).

  bool text(od::value v, const Path& p, Norm norm, bool required, bool quote_ok,
            std::optional<std::string_view>& out) {
    const char* at = v.raw_json_token().data();
    od::json_type t;
    if (auto e = v.type().get(t)) return fail(e, at, p);
    if (t != od::json_type::string) {
      std::string found;
      if (!describe(v, t, quote_ok, p, found)) return false;
      if (t != od::json_type::null || required)
        problem(p, "expected a string, found " + found, off(at));
      return true;
    }
    std::string_view s;
    if (auto e = v.get_string().get(s)) return fail(e, at, p);
    if (norm == Norm::kAsIs) {
      out = store(s);
      return true;
    }
    s = trim(s);
    if (norm == Norm::kTrim) {
      out = store(s);
      return true;
    }
    scratch_.clear();
    for (char c : s) {
      if (norm == Norm::kDiagnosis && c == '.') continue;
      scratch_ += upper(c);
    }
    out = store(scratch_);
    return true;
  }

  // A decimal given as a JSON number (its raw text is parsed, never a double)
  // or as a numeric string. `inexact` says what too many decimals means.
  template <int Scale>
  bool decimal(od::value v, const Path& p, bool required, const char* inexact,
               std::optional<Fixed<Scale>>& out) {
    const char* at = v.raw_json_token().data();
    od::json_type t;
    if (auto e = v.type().get(t)) return fail(e, at, p);
    std::string_view num;
    if (t == od::json_type::number) {
      num = trim(v.raw_json_token());
      if (!json_number_ok(num)) return fail(simdjson::NUMBER_ERROR, at, p);
    } else if (t == od::json_type::string) {
      std::string_view s;
      if (auto e = v.get_string().get(s)) return fail(e, at, p);
      num = trim(s);
      if (!looks_numeric(num)) {
        problem(p, "expected a number, found a string " + quoted(s), off(at));
        return true;
      }
    } else {
      std::string found;
      if (!describe(v, t, true, p, found)) return false;
      if (t != od::json_type::null || required)
        problem(p, "expected a number, found " + found, off(at));
      return true;
    }
    if (num.find_first_of("eE") != kNpos) {
      problem(p, quoted(num) + " has an exponent; give a plain decimal number", off(at));
      return true;
    }
    out = Fixed<Scale>::parse(num);
    if (out) return true;
    // Why it failed: a malformed string, too many digits, or too much precision.
    if (!json_number_ok(num) && !json_number_ok(num.substr(num[0] == '+' ? 1 : 0))) {
      problem(p, quoted(num) + " is not a number", off(at));
      return true;
    }
    const size_t point = num.find('.');
    const std::string_view frac = point == kNpos ? std::string_view() : num.substr(point + 1);
    const bool too_precise =
        frac.size() > static_cast<size_t>(Scale) &&
        frac.substr(Scale).find_first_not_of('0') != kNpos;
    problem(p, std::string(num) + (too_precise ? inexact : " is too large"), off(at));
    return true;
  }

  bool date(od::value v, const Path& p, bool required, std::optional<Date>& out) {
    const char* at = v.raw_json_token().data();
    od::json_type t;
    if (auto e = v.type().get(t)) return fail(e, at, p);
    if (t != od::json_type::string) {
      std::string found;
      if (!describe(v, t, true, p, found)) return false;
      if (t != od::json_type::null || required)
        problem(p, "expected a date \"YYYY-MM-DD\", found " + found, off(at));
      return true;
    }
    std::string_view s;
    if (auto e = v.get_string().get(s)) return fail(e, at, p);
    s = trim(s);
    out = Date::parse_iso(s);
    if (out) return true;
    const bool shaped = s.size() == 10 && s[4] == '-' && s[7] == '-' &&
                        std::all_of(s.begin(), s.end(), [](char c) { return c == '-' || is_digit(c); });
    problem(p, quoted(s) + (shaped ? " is not a real date" : " is not an ISO date (YYYY-MM-DD)"),
            off(at));
    return true;
  }

  // An array of strings; `each` is called with the index and the normalised
  // text of each element.
  template <typename Each>
  bool string_array(od::value v, const Path& p, Norm norm, Each each) {
    const char* at = v.raw_json_token().data();
    od::json_type t;
    if (auto e = v.type().get(t)) return fail(e, at, p);
    if (t == od::json_type::null) return true;
    if (t != od::json_type::array) {
      std::string found;
      if (!describe(v, t, false, p, found)) return false;
      problem(p, "expected an array of strings, found " + found, off(at));
      return true;
    }
    od::array arr;
    if (auto e = v.get_array().get(arr)) return fail(e, at, p);
    int64_t i = 0;
    for (auto element : arr) {
      od::value ev;
      if (auto e = element.get(ev)) return fail(e, at, p);
      std::optional<std::string_view> s;
      const Path ip = p.at(i);
      const uint64_t item_offset = off(ev.raw_json_token().data());
      if (!text(ev, ip, norm, true, true, s)) return false;
      if (s) each(i, *s, ip, item_offset);
      ++i;
    }
    return true;
  }

  // ---- the claim ---------------------------------------------------------

  // Which known field a key is; the position in the table is its bit in the
  // "seen" mask (to find a field given twice).
  template <size_t N>
  static int field_index(const std::array<std::string_view, N>& names, std::string_view key) {
    for (size_t i = 0; i < N; ++i)
      if (names[i] == key) return static_cast<int>(i);
    return -1;
  }

  // Unknown keys are skimmed; a key given twice is a problem and the second
  // value is skimmed.
  template <size_t N>
  bool check_key(const std::array<std::string_view, N>& names, std::string_view key,
                 uint32_t& seen, int64_t line, od::value v, int& index) {
    index = field_index(names, key);
    if (index >= 0 && (seen & (1u << index)) == 0) {
      seen |= 1u << index;
      return true;
    }
    Path p{line, index >= 0 ? names[static_cast<size_t>(index)] : std::string_view{}};
    if (index >= 0) problem(p, "the field is given more than once", off(v.raw_json_token().data()));
    index = -1;
    return skim(v, p);
  }

  static constexpr std::array<std::string_view, 9> kClaimFields = {
      "claim_id", "member_id", "place_of_service", "frequency", "diagnoses",
      "billing_taxonomy", "rendering_taxonomy", "total_charge", "lines"};

  bool read_claim(od::object obj) {
    uint32_t seen = 0;
    bool lines_given = false;
    std::optional<Money> total;
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return fail(e, base_, Path{});
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return fail(e, base_, Path{});
      od::value v = field.value();
      int index;
      if (!check_key(kClaimFields, key, seen, -1, v, index)) return false;
      if (index < 0) continue;
      const Path p{-1, kClaimFields[static_cast<size_t>(index)]};
      std::optional<std::string_view> s;
      bool ok = true;
      switch (index) {
        case 0:
          ok = text(v, p, Norm::kTrim, true, false, s);
          if (s) claim_.claim_id = *s;
          break;
        case 1:
          // Member data: never quoted.
          ok = text(v, p, Norm::kTrim, false, false, s);
          if (s) claim_.member_id = *s;
          break;
        case 2:
          ok = text(v, p, Norm::kTrim, false, true, s);
          if (s) claim_.place_of_service = *s;
          break;
        case 3:
          ok = text(v, p, Norm::kTrim, false, true, s);
          if (s) claim_.frequency = *s;
          break;
        case 4:
          ok = string_array(v, p, Norm::kDiagnosis,
                            [&](int64_t, std::string_view d, const Path& ip, uint64_t at) {
                              if (d.empty()) {
                                problem(ip, "the diagnosis code is empty", at);
                              } else if (!std::all_of(d.begin(), d.end(), is_alnum)) {
                                problem(ip, quoted(d) + " is not an ICD-10 code", at);
                              }
                              claim_.diagnoses.push_back(d);
                            });
          break;
        case 5:
          ok = text(v, p, Norm::kUpper, false, true, s);
          if (s) claim_.billing_taxonomy = *s;
          break;
        case 6:
          ok = text(v, p, Norm::kUpper, false, true, s);
          if (s) claim_.rendering_taxonomy = *s;
          break;
        case 7: {
          const uint64_t at = off(v.raw_json_token().data());
          ok = decimal(v, p, false, " is not an exact amount in cents", total);
          if (total && total->raw() < 0) problem(p, "total_charge is negative", at);
          break;
        }
        case 8:
          lines_given = true;
          ok = read_lines(v);
          break;
        default:
          break;
      }
      if (!ok) return false;
    }

    const Path id{-1, "claim_id"}, lines{-1, "lines"};
    if ((seen & 1u) == 0) problem(id, "claim_id is missing", base_offset_);
    else if (claim_.claim_id.empty() && !has_problem_at("claim_id"))
      problem(id, "claim_id is empty", base_offset_);
    if (!lines_given) problem(lines, "lines is missing", base_offset_);

    if (total) {
      claim_.total_charge = *total;
    } else {
      // Absent: the sum of the line charges, as the 837 would carry.
      int64_t sum = 0;
      bool overflow = false;
      for (const auto& l : claim_.lines)
        overflow = overflow || __builtin_add_overflow(sum, l.charge.raw(), &sum);
      if (overflow) problem(Path{-1, "total_charge"}, "the sum of the line charges is too large", base_offset_);
      else claim_.total_charge = Money::from_raw(sum);
    }
    return true;
  }

  bool has_problem_at(std::string_view element) const {
    return std::any_of(claim_.problems.begin(), claim_.problems.end(),
                       [&](const Problem& pr) { return pr.element == element; });
  }

  bool read_lines(od::value v) {
    const Path p{-1, "lines"};
    const char* at = v.raw_json_token().data();
    od::json_type t;
    if (auto e = v.type().get(t)) return fail(e, at, p);
    if (t != od::json_type::array) {
      std::string found;
      if (!describe(v, t, false, p, found)) return false;
      problem(p, "expected an array of service lines, found " + found, off(at));
      return true;
    }
    od::array arr;
    if (auto e = v.get_array().get(arr)) return fail(e, at, p);
    int64_t i = 0;
    for (auto element : arr) {
      od::value lv;
      if (auto e = element.get(lv)) return fail(e, at, p);
      if (limits_.max_lines_per_claim != 0 && i >= int64_t{limits_.max_lines_per_claim}) {
        // The rest of the array is left unread; On-Demand skips it.
        problem(p,
                fmt::format("the claim has more than max_lines_per_claim ({}) lines; the limit "
                            "is set with --max-lines-per-claim",
                            limits_.max_lines_per_claim),
                off(lv.raw_json_token().data()));
        break;
      }
      if (!read_line(lv, i)) return false;
      ++i;
    }
    if (i == 0) problem(p, "lines is empty", off(at));
    return true;
  }

  static constexpr std::array<std::string_view, 15> kLineFields = {
      "code", "qualifier", "modifiers", "from", "to", "units", "unit_basis", "charge", "ndc",
      "ndc_quantity", "ndc_unit", "description", "place_of_service", "rendering_taxonomy",
      "number"};

  bool read_line(od::value v, int64_t i) {
    const Path lp{i, {}};
    const char* at = v.raw_json_token().data();
    const uint64_t line_offset = off(at);
    od::json_type t;
    if (auto e = v.type().get(t)) return fail(e, at, lp);
    if (t != od::json_type::object) {
      std::string found;
      if (!describe(v, t, false, lp, found)) return false;
      problem(lp, "expected a service line object, found " + found, line_offset);
      return true;
    }
    od::object obj;
    if (auto e = v.get_object().get(obj)) return fail(e, at, lp);

    ServiceLine line;
    line.number = static_cast<uint32_t>(i + 1);
    line.source = SourceRef{segment_, line_offset};
    std::optional<Date> from, to;
    std::optional<Quantity> units, ndc_quantity;
    std::optional<Money> charge;
    uint64_t to_offset = line_offset, units_offset = line_offset, charge_offset = line_offset;
    uint32_t seen = 0;
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return fail(e, at, lp);
      std::string_view key;
      if (auto e = field.unescaped_key().get(key)) return fail(e, at, lp);
      od::value fv = field.value();
      int index;
      if (!check_key(kLineFields, key, seen, i, fv, index)) return false;
      if (index < 0) continue;
      const Path p{i, kLineFields[static_cast<size_t>(index)]};
      const uint64_t value_offset = off(fv.raw_json_token().data());
      std::optional<std::string_view> s;
      bool ok = true;
      switch (index) {
        case 0:
          ok = text(fv, p, Norm::kUpper, true, true, s);
          if (s) {
            line.code = *s;
            if (s->empty()) problem(p, "code is empty", value_offset);
          }
          break;
        case 1:
          ok = text(fv, p, Norm::kUpper, false, true, s);
          if (s) line.qualifier = *s;
          break;
        case 2: {
          size_t count = 0;
          ok = string_array(fv, p, Norm::kUpper,
                            [&](int64_t, std::string_view m, const Path&, uint64_t) {
                              if (m.empty()) return;  // "" carries nothing (fixed-width exports)
                              if (count < line.modifiers.size()) line.modifiers[count] = m;
                              ++count;
                            });
          line.modifier_count = static_cast<uint8_t>(std::min<size_t>(count, line.modifiers.size()));
          if (count > line.modifiers.size())
            problem(p, fmt::format("{} modifiers given; at most 4 are allowed", count), value_offset);
          break;
        }
        case 3:
          ok = date(fv, p, true, from);
          break;
        case 4:
          to_offset = value_offset;
          ok = date(fv, p, false, to);
          break;
        case 5:
          units_offset = value_offset;
          ok = decimal(fv, p, true, " has more than 3 decimal places", units);
          break;
        case 6:
          ok = text(fv, p, Norm::kUpper, false, true, s);
          if (s) line.unit_basis = *s;
          break;
        case 7:
          charge_offset = value_offset;
          ok = decimal(fv, p, false, " is not an exact amount in cents", charge);
          break;
        case 8:
          ok = text(fv, p, Norm::kTrim, false, true, s);
          if (s && !s->empty()) line.ndc = ndc(*s, p, value_offset);
          break;
        case 9:
          ok = decimal(fv, p, false, " has more than 3 decimal places", ndc_quantity);
          if (ndc_quantity) {
            if (ndc_quantity->raw() < 0) problem(p, "ndc_quantity is negative", value_offset);
            line.ndc_quantity = *ndc_quantity;
          }
          break;
        case 10:
          ok = text(fv, p, Norm::kUpper, false, true, s);
          if (s) line.ndc_unit = *s;
          break;
        case 11:
          ok = text(fv, p, Norm::kAsIs, false, false, s);
          if (s) line.description = *s;
          break;
        case 12:
          ok = text(fv, p, Norm::kTrim, false, true, s);
          if (s) line.place_of_service = *s;
          break;
        case 13:
          ok = text(fv, p, Norm::kUpper, false, true, s);
          if (s) line.rendering_taxonomy = *s;
          break;
        default:
          // "number": the position is what counts; the given value is only validated.
          ok = skim(fv, p);
          break;
      }
      if (!ok) return false;
    }

    auto missing = [&](uint32_t bit, std::string_view name) {
      if ((seen & (1u << bit)) == 0)
        problem(Path{i, name}, std::string(name) + " is missing", line_offset);
    };
    missing(0, "code");
    missing(3, "from");
    missing(5, "units");

    if (units) {
      line.units = *units;
      if (units->raw() < 0) problem(Path{i, "units"}, "units is negative", units_offset);
    }
    if (charge) {
      line.charge = *charge;
      if (charge->raw() < 0) problem(Path{i, "charge"}, "charge is negative", charge_offset);
    }
    if (line.unit_basis.empty()) line.unit_basis = "UN";  // JSON units are units
    if (from) {
      line.dates.from = line.dates.to = *from;
      if (to) {
        if (*to < *from) problem(Path{i, "to"}, "to is before from", to_offset);
        else line.dates.to = *to;  // a span is never reversed, even in a rejected claim
      }
    } else if (to) {
      line.dates.from = line.dates.to = *to;
    }
    claim_.lines.push_back(line);
    return true;
  }

  // NDC: 11 digits, or the 10-digit 4-4-2, 5-3-2 and 5-4-1 hyphenated forms,
  // which are padded to 5-4-2. Returns the 11 digits (empty on a problem).
  std::string_view ndc(std::string_view s, const Path& p, uint64_t at) {
    scratch_.clear();
    if (s.find('-') == kNpos) {
      if (s.size() == 11 && std::all_of(s.begin(), s.end(), is_digit)) return store(s);
    } else {
      std::array<std::string_view, 3> part;
      size_t n = 0, start = 0;
      bool ok = true;
      for (size_t k = 0; k <= s.size() && ok; ++k) {
        if (k == s.size() || s[k] == '-') {
          if (n == 3) { ok = false; break; }
          part[n++] = s.substr(start, k - start);
          start = k + 1;
        }
      }
      constexpr std::array<size_t, 3> kWidth = {5, 4, 2};
      size_t digits = 0;
      for (size_t k = 0; ok && k < 3; ++k) {
        ok = k < n && !part[k].empty() && part[k].size() <= kWidth[k] &&
             std::all_of(part[k].begin(), part[k].end(), is_digit);
        if (ok) digits += part[k].size();
      }
      if (ok && (digits == 10 || digits == 11)) {
        for (size_t k = 0; k < 3; ++k) {
          scratch_.append(kWidth[k] - part[k].size(), '0');
          scratch_ += part[k];
        }
        return store(scratch_);
      }
    }
    problem(p, quoted(s) + " is not an NDC (11 digits, or 10 digits with hyphens)", at);
    return {};
  }

  Claim& claim_;
  od::document& doc_;
  const char* base_;
  size_t len_;
  uint64_t base_offset_;
  uint64_t segment_;
  std::string_view where_;
  const ReadLimits& limits_;
  std::string scratch_;
  error_code err_ = simdjson::SUCCESS;
  uint64_t err_offset_ = 0;
  std::string err_path_;
  size_t dropped_ = 0;
};

class Reader {
 public:
  Reader(std::string_view data, std::string_view file, ClaimSink& sink, const ReadLimits& limits)
      : data_(data), file_(file), sink_(sink), limits_(limits) {
    max_depth_ = limits.max_json_depth == 0 || limits.max_json_depth > kReaderMaxDepth
                     ? kReaderMaxDepth
                     : limits.max_json_depth;
    depth_name_ = max_depth_ == limits.max_json_depth
                      ? fmt::format("max_json_depth ({}), set with --max-json-depth", max_depth_)
                      : fmt::format("the reader's maximum depth ({})", max_depth_);
    if (data_.size() >= 3 && static_cast<unsigned char>(data_[0]) == 0xEF &&
        static_cast<unsigned char>(data_[1]) == 0xBB && static_cast<unsigned char>(data_[2]) == 0xBF)
      start_ = 3;
  }

  void read_ndjson() {
    size_t pos = start_;
    uint64_t line_no = 0;
    while (pos < data_.size()) {
      const size_t nl = data_.find('\n', pos);
      const size_t end = nl == kNpos ? data_.size() : nl;
      const size_t next = nl == kNpos ? data_.size() : nl + 1;
      ++line_no;
      size_t b = pos, e = end;
      while (b < e && is_space(data_[b])) ++b;
      while (e > b && is_space(data_[e - 1])) --e;
      const size_t line_start = pos;
      pos = next;
      if (b == e) continue;
      if (!claim_allowed(b)) return;
      const std::string where = fmt::format("line {}", line_no);
      if (limits_.max_segment_bytes != 0 && end - line_start > limits_.max_segment_bytes) {
        reject(b, e, line_no, where, b,
               fmt::format("the line is longer than max_segment_bytes ({}); the limit is set "
                           "with --max-segment-bytes",
                           limits_.max_segment_bytes));
        continue;
      }
      // The line alone is scanned: an unclosed bracket must not run on into the next line.
      const ValueScan scan = scan_value(data_.substr(0, e), b, 0, max_depth_);
      if (scan.too_deep_at != kNpos) {
        reject(b, e, line_no, where, scan.too_deep_at,
               fmt::format("the JSON nests deeper than {}", depth_name_));
        continue;
      }
      const size_t rest = skip_space(scan.end);
      if (rest < e) {
        reject(b, e, line_no, where, rest,
               fmt::format("not valid JSON: text follows the claim object at byte {}", rest));
        continue;
      }
      Invalid invalid;
      if (!read_claim(b, scan.end, line_no, where, invalid)) {
        std::string why = "not valid JSON: " + invalid.what;
        reject(b, e, line_no, where, invalid.offset, std::move(why), invalid.path);
      }
    }
  }

  void read_document() {
    size_t i = skip_space(start_);
    if (i >= data_.size()) {
      file_problem(i, "the input is empty: no JSON claim object or array");
      return;
    }
    const char c = data_[i];
    if (c == '{') {
      // One claim object, or several one after another (concatenated JSON:
      // each is read as a claim, with a warning).
      for (uint64_t index = 0;; ++index) {
        const ValueScan scan = scan_value(data_, i, 0, max_depth_);
        const size_t after = skip_space(scan.end);
        const bool next = after < data_.size() && data_[after] == '{';
        const std::string where = index > 0 || next ? fmt::format("object {}", index) : "";
        if (!element(i, scan, where, next)) return;
        if (!next) {
          if (after < data_.size()) {
            file_problem(after,
                         fmt::format("text follows the claim object at byte {}; several claims "
                                     "go in an array or in NDJSON (one per line)",
                                     after));
            rescue(after, after);
          }
          return;
        }
        if (index == 0)
          file_problem(after,
                       fmt::format("text follows the claim object at byte {}: more claim "
                                   "objects, not in an array; each was read as a claim (several "
                                   "claims go in an array or in NDJSON, one per line)",
                                   after),
                       Severity::kWarning);
        i = after;
        if (!claim_allowed(i)) return;
      }
    }
    if (c != '[') {
      const char* what = c == '"' ? "a string"
                         : c == '-' || is_digit(c) ? "a number"
                         : c == 't' || c == 'f' ? "a boolean"
                         : c == 'n' ? "null"
                                    : "not JSON";
      file_problem(i, fmt::format("the JSON document is {}, not a claim object or an array of "
                                  "claim objects",
                                  what));
      return;
    }
    read_array(i);
  }

 private:
  struct Invalid {
    uint64_t offset = 0;
    std::string what;
    std::string path;
  };

  size_t skip_space(size_t i) const {
    while (i < data_.size() && is_space(data_[i])) ++i;
    return i;
  }

  void read_array(size_t open) {
    size_t i = open + 1;
    uint64_t index = 0;
    for (;;) {
      i = skip_space(i);
      if (i >= data_.size()) {
        file_problem(i, fmt::format("the JSON array that begins at byte {} is not closed", open));
        return;
      }
      if (data_[i] == ']') {
        if (index > 0) {
          // Only reached after a comma: "[a, b, ]".
          file_problem(i, fmt::format("a comma before the ] at byte {} (not valid JSON)", i));
          return;
        }
        ++i;
        break;
      }
      if (!claim_allowed(i)) return;
      const ValueScan scan = scan_value(data_, i, 1, max_depth_);
      if (scan.end == i) {
        file_problem(i, fmt::format("the JSON is not valid at byte {}: expected a value in the "
                                    "array",
                                    i));
        rescue(i, i);
        return;
      }
      const size_t after = skip_space(scan.end);
      // The element is delimited when a , or ] follows it: damage inside it
      // then rejects this claim only.
      const bool delimited = after < data_.size() && (data_[after] == ',' || data_[after] == ']');
      if (!element(i, scan, fmt::format("array element {}", index), delimited)) return;
      ++index;
      i = after;
      if (i < data_.size() && data_[i] == ']') {
        ++i;
        break;
      }
      if (i >= data_.size()) continue;  // reported as "not closed" above
      if (data_[i] != ',') {
        if (data_[i] == '{') {
          // "} {": a missing comma; the next claim is read all the same.
          file_problem(i, fmt::format("the JSON is not valid at byte {}: expected , or ] after "
                                      "array element {} (a comma is missing; the next claim "
                                      "was read all the same)",
                                      i, index - 1));
          continue;
        }
        file_problem(i, fmt::format("the JSON is not valid at byte {}: expected , or ] after "
                                    "array element {}",
                                    i, index - 1));
        rescue(i, i);
        return;
      }
      ++i;
    }
    i = skip_space(i);
    if (i < data_.size())
      file_problem(i, fmt::format("text follows the end of the JSON array at byte {}", i));
  }

  // One claim element of a JSON document. A claim that is not valid JSON is a
  // file problem (the document is not valid JSON) and a rejected claim; the
  // next element is read when this one is `delimited` (a , or ] follows it).
  // Otherwise the structure of the document is broken here: false, and the
  // claims after it are reported by rescue().
  bool element(size_t b, const ValueScan& scan, const std::string& where, bool delimited) {
    size_t e = scan.end;
    while (e > b && is_space(data_[e - 1])) --e;
    if (scan.too_deep_at != kNpos) {
      reject(b, e, 0, where, scan.too_deep_at,
             fmt::format("the JSON nests deeper than {}", depth_name_));
      return true;
    }
    Invalid invalid;
    if (read_claim(b, e, 0, where, invalid)) return true;
    Problem p;
    p.offset = invalid.offset;
    p.element = invalid.path;
    p.message = fmt::format("the JSON is not valid at byte {}{}: {}", invalid.offset,
                            where.empty() ? std::string() : " (" + where + ")", invalid.what);
    if (limits_.echo_values) p.message += echo(data_, invalid.offset);
    sink_.on_file_problem(p);
    if (delimited) {
      reject(b, e, 0, where, invalid.offset, "not valid JSON: " + invalid.what, invalid.path);
      return true;
    }
    reject(b, e, 0, where, invalid.offset,
           fmt::format("not valid JSON: {}; the claim could not be delimited", invalid.what),
           invalid.path);
    const size_t first = next_claim_key(data_, b);
    rescue(b, first == kNpos ? e : first + 1);
    return false;
  }

  // The document's structure is broken before `end`, so the claims from
  // `from` on cannot be delimited; each "claim_id" key found there is still
  // reported, as a rejected claim.
  void rescue(size_t broken_at, size_t from) {
    for (size_t at = next_claim_key(data_, from); at != kNpos; at = next_claim_key(data_, at + 1)) {
      if (!claim_allowed(at)) return;
      size_t b = at;  // the claim's '{', when it is near
      for (size_t k = at; k > from && at - k < 64; --k)
        if (data_[k - 1] == '{') { b = k - 1; break; }
      const size_t next = next_claim_key(data_, at + 1);
      const size_t e = next == kNpos ? data_.size() : next;
      reject(b, e, 0, "after byte " + std::to_string(broken_at), at,
             fmt::format("this claim follows the place (byte {}) where the JSON document is "
                         "broken, so it could not be read",
                         broken_at));
    }
  }

  // max_claims: false (after a file problem) when no more claims may be read.
  bool claim_allowed(size_t at) {
    if (limits_.max_claims == 0 || claims_ < limits_.max_claims) return true;
    file_problem(at, fmt::format("the input has more than max_claims ({}) claims (--max-claims); the rest from "
                                 "byte {} are not read",
                                 limits_.max_claims, at));
    return false;
  }

  void file_problem(size_t at, std::string message, Severity severity = Severity::kError) {
    Problem p;
    p.severity = severity;
    p.offset = at;
    p.message = std::move(message);
    sink_.on_file_problem(p);
  }

  // The claim to fill: one object, reset for each claim, so that its vectors
  // and arena are reused (the sink may hand back a recycled claim instead).
  Claim& new_claim(size_t b, uint64_t segment) {
    claim_.reset();
    claim_.file = claim_.arena.copy(file_);
    claim_.source = SourceRef{segment, b};
    return claim_;
  }

  void emit(Claim& claim) {
    ++claims_;
    sink_.on_claim(std::move(claim));
  }

  // A claim that could not be read at all: rejected, with the claim_id when
  // it can still be found.
  void reject(size_t b, size_t e, uint64_t segment, const std::string& where, uint64_t at,
              std::string why, std::string path = {}) {
    Claim& claim = new_claim(b, segment);
    claim.claim_id = claim.arena.copy(sniff_claim_id(data_.substr(b, e - b)));
    Problem p;
    if (!where.empty()) p.message = where + ": ";
    if (!path.empty()) p.message += path + ": ";
    p.message += why;
    if (limits_.echo_values) p.message += echo(data_, at);
    p.segment = segment;
    p.offset = at;
    p.element = std::move(path);
    claim.problems.push_back(std::move(p));
    emit(claim);
  }

  // Parses data_[b, e) as one claim and emits it; false (nothing emitted) when
  // it is not valid JSON.
  bool read_claim(size_t b, size_t e, uint64_t segment, const std::string& where,
                  Invalid& invalid) {
    const size_t len = e - b;
    const char* base;
    size_t capacity;
    if (data_.size() - e >= simdjson::SIMDJSON_PADDING) {
      // Enough readable bytes follow: parse in place (their content does not matter).
      base = data_.data() + b;
      capacity = data_.size() - b;
    } else {
      pad_.assign(len + simdjson::SIMDJSON_PADDING, ' ');
      std::memcpy(pad_.data(), data_.data() + b, len);
      base = pad_.data();
      capacity = pad_.size();
    }
    od::document doc;
    if (auto err = parser_.iterate(base, len, capacity).get(doc)) {
      set_invalid(invalid, err, b, b, e, "");
      return false;
    }
    Claim& claim = new_claim(b, segment);
    ClaimParser cp(claim, doc, std::string_view(base, len), b, segment, where, limits_);
    if (!cp.read_root()) {
      set_invalid(invalid, cp.error(), cp.error_offset(), b, e, cp.error_path());
      return false;
    }
    cp.finish();
    emit(claim);
    return true;
  }

  void set_invalid(Invalid& invalid, error_code err, uint64_t at, size_t b, size_t e,
                   std::string path) {
    invalid.offset = at;
    invalid.path = std::move(path);
    if (err == simdjson::UTF8_ERROR) {
      const size_t bad = first_invalid_utf8(data_.substr(b, e - b));
      if (bad != kNpos) invalid.offset = b + bad;
    }
    invalid.what = simdjson::error_message(err);
  }

  std::string_view data_;
  std::string_view file_;
  ClaimSink& sink_;
  const ReadLimits& limits_;
  uint32_t max_depth_ = kReaderMaxDepth;
  std::string depth_name_;
  size_t start_ = 0;
  uint64_t claims_ = 0;
  od::parser parser_;
  std::vector<char> pad_;
  Claim claim_;  // see new_claim()
};

}  // namespace

void read_json(std::string_view data, std::string_view file, ClaimSink& sink, bool ndjson,
               const ReadLimits& limits) {
  Reader reader(data, file, sink, limits);
  if (ndjson) reader.read_ndjson();
  else reader.read_document();
}

}  // namespace perdiem
