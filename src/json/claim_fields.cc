// The ClaimParser's claim and line fields (json/claim_parser.h): the root
// object, each known field of the claim and of its lines, what is required,
// defaults (total_charge, to, unit_basis), and NDC forms.
#include "json/claim_parser.h"

#include <algorithm>

namespace perdiem::json {

void ClaimParser::finish() {
  if (dropped_ == 0) return;
  Problem pr;
  pr.message = (where_.empty() ? std::string() : std::string(where_) + ": ") +
               fmt::format("{} more problems in this claim are not listed", dropped_);
  pr.segment = segment_;
  pr.offset = base_offset_;
  claim_.problems.push_back(std::move(pr));
}

bool ClaimParser::read_root() {
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

bool ClaimParser::read_claim(od::object obj) {
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

bool ClaimParser::has_problem_at(std::string_view element) const {
  return std::any_of(claim_.problems.begin(), claim_.problems.end(),
                     [&](const Problem& pr) { return pr.element == element; });
}

bool ClaimParser::read_lines(od::value v) {
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

uint64_t ClaimParser::after_object(const char* open) {
  const char* loc = nullptr;
  if (doc_.current_location().get(loc) == simdjson::SUCCESS && loc != nullptr && loc > open &&
      loc <= base_ + len_) {
    while (loc > open && is_space(loc[-1])) --loc;
    if (loc[-1] == '}') return off(loc);
  }
  // Not where it was expected: the bracket scan finds the object's end.
  return off(base_ + scan_value(std::string_view(base_, len_), static_cast<size_t>(open - base_),
                                0, UINT32_MAX).end);
}

bool ClaimParser::read_line(od::value v, int64_t i) {
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

  line.span = {line_offset, after_object(at)};

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

std::string_view ClaimParser::ndc(std::string_view s, const Path& p, uint64_t at) {
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

}  // namespace perdiem::json
