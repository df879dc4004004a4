// The ClaimParser's value readers (json/claim_parser.h): problems and syntax
// errors, text, dates, and the validation walk over values the reader does
// not use (so that a document it accepts is valid JSON).
#include "json/claim_parser.h"

#include <algorithm>

namespace perdiem::json {

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

std::string ClaimParser::quoted(std::string_view s) const {
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

void ClaimParser::problem(const Path& p, std::string why, uint64_t offset) {
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

bool ClaimParser::fail(error_code e, const char* at, const Path& p) {
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

bool ClaimParser::skim(od::value v, const Path& p) {
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

bool ClaimParser::describe(od::value v, od::json_type t, bool quote_ok, const Path& p, std::string& out) {
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

bool ClaimParser::describe_root(od::json_type t, std::string& out) {
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

bool ClaimParser::text(od::value v, const Path& p, Norm norm, bool required, bool quote_ok,
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

bool ClaimParser::date(od::value v, const Path& p, bool required, std::optional<Date>& out) {
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

}  // namespace perdiem::json
