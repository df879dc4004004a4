// One claim object read out of one simdjson On-Demand document into the
// claim model (SPEC §2 "JSON claim"), private to src/json. The JSON reader
// (json/reader.cc) cuts claims apart and hands each to a ClaimParser.
//
// Its members are split by job: the value readers (a text, a decimal from a
// number's raw text, a date, validation of values not used) in values.cc;
// the claim's and each line's fields, what is required and what a field
// given twice means, in claim_fields.cc.
#pragma once

#include <simdjson.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "json/text.h"
#include "perdiem/input.h"

namespace perdiem::json {

namespace od = simdjson::ondemand;
using simdjson::error_code;

// Problems listed per claim; the rest are counted in one last problem.
constexpr size_t kMaxClaimProblems = 100;

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

// "an array", "a number", ...: a JSON type for a message.
const char* type_name(od::json_type t);

// How a text field is normalised before it is stored.
enum class Norm : uint8_t {
  kAsIs,       // description: kept exactly as given
  kTrim,       // ids, place of service, frequency: surrounding spaces removed
  kUpper,      // codes, modifiers, taxonomies: trimmed and upper-cased
  kDiagnosis,  // trimmed, ICD-10 dot removed, upper-cased
};

// Reads one claim object out of one simdjson document. A syntax error stops
// the claim (returns false, with err_ set); every other problem is recorded
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
  std::string quoted(std::string_view s) const;

  error_code error() const { return err_; }
  // Ends the claim: the count of problems beyond kMaxClaimProblems.
  void finish();
  uint64_t error_offset() const { return err_offset_; }
  const std::string& error_path() const { return err_path_; }

  // The root: a claim object, or else a problem naming what it is.
  bool read_root();

 private:
  // Byte offset into the input of a pointer into the parsed text.
  uint64_t off(const char* p) const {
    if (p < base_) return base_offset_;
    return base_offset_ + std::min<uint64_t>(static_cast<uint64_t>(p - base_), len_);
  }

  void problem(const Path& p, std::string why, uint64_t offset);

  // Records a syntax error. The offset is simdjson's current position when it
  // has one, else `at`.
  bool fail(error_code e, const char* at, const Path& p);

  std::string_view store(std::string_view s) { return claim_.arena.copy(s); }

  // ---- validation of values this reader does not use -------------------

  // Walks a value to its end, so that On-Demand validates it.
  bool skim(od::value v, const Path& p);

  // "a number 12", "a string \"abc\"" (text only when quote_ok), "an object",
  // "true", "null". Validates the value on the way.
  bool describe(od::value v, od::json_type t, bool quote_ok, const Path& p, std::string& out);

  bool describe_root(od::json_type t, std::string& out);

  // ---- typed field readers ----------------------------------------------
  // Each returns false only on a syntax error. A value of the wrong type is a
  // problem; null is "absent" (a problem only when the field is required).

  bool text(od::value v, const Path& p, Norm norm, bool required, bool quote_ok,
            std::optional<std::string_view>& out);

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

  bool date(od::value v, const Path& p, bool required, std::optional<Date>& out);

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

  bool read_claim(od::object obj);

  bool has_problem_at(std::string_view element) const;

  bool read_lines(od::value v);

  static constexpr std::array<std::string_view, 15> kLineFields = {
      "code", "qualifier", "modifiers", "from", "to", "units", "unit_basis", "charge", "ndc",
      "ndc_quantity", "ndc_unit", "description", "place_of_service", "rendering_taxonomy",
      "number"};

  bool read_line(od::value v, int64_t i);

  // One past the '}' of the object that begins at `open`, whose fields were
  // just read: the next token is after it, with only blanks between.
  uint64_t after_object(const char* open);

  // NDC: 11 digits, or the 10-digit 4-4-2, 5-3-2 and 5-4-1 hyphenated forms,
  // which are padded to 5-4-2. Returns the 11 digits (empty on a problem).
  std::string_view ndc(std::string_view s, const Path& p, uint64_t at);

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

}  // namespace perdiem::json
