// JSON and NDJSON claim reader (SPEC §2 "JSON claim"): this file cuts a
// document, an array or NDJSON lines into claims, reports what cannot be
// read, and hands each claim's bytes to a ClaimParser (json/claim_parser.h),
// which maps it into the claim model; json/text.h has the text helpers.
//
// External interface: perdiem::read_json() in perdiem/input.h. Nothing else
// here is visible outside src/json.
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

#include "json/claim_parser.h"
#include "perdiem/input.h"

namespace perdiem::json {
namespace {

// Our own validation walk recurses once per nesting level; whatever the
// configured limit, nesting never goes deeper than this.
constexpr uint32_t kReaderMaxDepth = 512;

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
           invalid.path, false);
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
                         broken_at),
             {}, false);
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

  // The claim to fill, the value data_[b, e): one object, reset for each
  // claim, so that its vectors and arena are reused (the sink may hand back a
  // recycled claim instead).
  Claim& new_claim(size_t b, size_t e, uint64_t segment) {
    claim_.reset();
    claim_.file = claim_.arena.copy(file_);
    claim_.source = SourceRef{segment, b};
    claim_.span = {b, e};
    return claim_;
  }

  void emit(Claim& claim) {
    ++claims_;
    sink_.on_claim(std::move(claim));
  }

  // A claim that could not be read at all: rejected, with the claim_id when
  // it can still be found. `delimited`: data_[b, e) is the claim's value;
  // else it is only where the claim seems to be, and the claim has no span.
  void reject(size_t b, size_t e, uint64_t segment, const std::string& where, uint64_t at,
              std::string why, std::string path = {}, bool delimited = true) {
    Claim& claim = new_claim(b, e, segment);
    if (!delimited) claim.span = {};
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
    Claim& claim = new_claim(b, e, segment);
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

}  // namespace perdiem::json

namespace perdiem {

void read_json(std::string_view data, std::string_view file, ClaimSink& sink, bool ndjson,
               const ReadLimits& limits) {
  json::Reader reader(data, file, sink, limits);
  if (ndjson) reader.read_ndjson();
  else reader.read_document();
}

}  // namespace perdiem
