// The 837P mapping (x12/reader.h): the HL context (billing provider,
// subscriber, patient), CLM, HI, LX, SV1, DTP*472, LIN, CTP and REF*6R into
// the claim model, the checks that reject a claim, normalised text, and the
// byte spans of claims and lines (perdiem/claim.h).
#include "x12/reader.h"

#include <fmt/format.h>

namespace perdiem::x12 {

// ------------------------------------------------------------ 837P content

void Reader::on_hl(const Segment& s) {
  end_claim(s.number, s.offset);
  level_ = s.at(3);
  entity_ = {};
  if (is(level_, "20")) {
    billing_taxonomy_ = subscriber_id_ = patient_id_ = {};
    billing_lower_ = false;
  } else if (is(level_, "22")) {
    subscriber_id_ = patient_id_ = {};
  } else if (is(level_, "23")) {
    patient_id_ = {};
  }
}

void Reader::on_nm1(const Segment& s) {
  entity_ = s.at(1);
  if (in_claim_) return;  // 2330 other-subscriber NM1*IL etc. are not the member
  if (is(entity_, "IL") && is(level_, "22")) subscriber_id_ = s.at(9);
  else if (is(entity_, "QC") && is(level_, "23")) patient_id_ = s.at(9);
}

void Reader::on_prv(const Segment& s) {
  const std::string_view role = s.at(1);
  if (!in_claim_) {
    if (is(role, "BI") && is(level_, "20")) {
      billing_taxonomy_ = s.at(3);
      billing_lower_ = has_lower(billing_taxonomy_);
    }
    return;
  }
  if (!is(role, "PE") || !is(entity_, "82")) return;  // only the rendering provider's PRV
  if (in_line_) line_->rendering_taxonomy = upper(s.at(3));
  else if (claim_.lines.empty()) claim_.rendering_taxonomy = upper(s.at(3));
}

// Starts a claim with its context; false when max_claims stops reading.
bool Reader::begin_claim(uint64_t number, uint64_t offset) {
  if (limits_.max_claims != 0 && st_.counts.claims_started >= limits_.max_claims) {
    file_problem(Severity::kError, number, offset,
                 fmt::format("the input has more than {} claims (max_claims; --max-claims); the "
                             "rest of it was not read",
                             limits_.max_claims));
    stopped_ = true;
    return false;
  }
  ++st_.counts.claims_started;
  ++transaction_claims_;
  claim_.reset();  // the sink may have kept it, moved from it or swapped in a used one
  in_claim_ = true;
  rescued_ = false;
  problems_dropped_ = 0;
  dropped_error_ = false;
  claim_.file = file_;
  claim_.source = {number, offset};
  claim_.span = {offset, offset};
  claim_.x12.st_offset = st_offset_;
  claim_.x12.st_segment = st_number_;
  claim_.x12.delimiters = st_.delims;
  claim_.billing_taxonomy = billing_lower_ ? upper_copy(billing_taxonomy_) : billing_taxonomy_;
  claim_.member_id = !patient_id_.empty() ? patient_id_ : subscriber_id_;
  entity_ = {};
  principal_seen_ = lines_over_limit_ = in_line_ = false;
  line_ = nullptr;
  return true;
}

void Reader::on_clm(const Segment& s) {
  end_claim(s.number, s.offset);
  if (!begin_claim(s.number, s.offset)) return;
  claim_.x12.clm = {s.offset, segment_end(s)};
  claim_.claim_id = s.at(1);
  if (claim_.claim_id.empty())
    claim_error(s.number, s.offset, "CLM01", "CLM01 (the claim id) is missing");
  const std::string_view charge = s.at(2);
  const auto money = parse_decimal<2>(charge);
  if (charge.empty())
    claim_error(s.number, s.offset, "CLM02", "CLM02 (the total charge) is missing");
  else if (!money || money->raw() < 0)
    claim_error(s.number, s.offset, "CLM02",
                fmt::format("CLM02 total charge {}{}", shown(charge),
                            money ? " is not an amount" : number_trouble(charge, " is not an amount")));
  else
    claim_.total_charge = *money;
  const Composite<3> clm05(s.at(5), st_.delims.component);
  claim_.place_of_service = clm05.part(1);
  claim_.frequency = clm05.part(3);
}

void Reader::on_hi(const Segment& s) {
  if (!in_claim_ || in_line_) return;
  const char c = st_.delims.component;
  std::string not_composite;  // elements without a qualifier:code shape, e.g. "HI01, HI02"
  for (size_t i = 1; i < s.size(); ++i) {
    const std::string_view el = s.at(i);
    if (el.empty()) continue;
    const Composite<2> parts(el, c);
    if (parts.count() == 1) {
      not_composite += fmt::format("{}HI{:02}", not_composite.empty() ? "" : ", ", i);
      continue;
    }
    const std::string_view qualifier = parts.part(1);
    const bool principal = is(qualifier, "ABK") || is(qualifier, "BK");
    if (!principal && !is(qualifier, "ABF") && !is(qualifier, "BF")) continue;  // not a diagnosis
    const std::string_view code = parts.part(2);
    if (code.empty()) {
      claim_warning(s.number, s.offset, fmt::format("HI{:02}", i),
                    fmt::format("HI{:02} has qualifier {} but no code; it was ignored", i,
                                shown(qualifier)));
      continue;
    }
    const std::string_view normal = diagnosis_code(code);
    if (principal && !principal_seen_) {
      claim_.diagnoses.insert(claim_.diagnoses.begin(), normal);
      principal_seen_ = true;
    } else {
      claim_.diagnoses.push_back(normal);
    }
  }
  if (!not_composite.empty()) {
    const bool several = not_composite.size() > 4;
    claim_warning(s.number, s.offset, not_composite.substr(0, 4),
                  fmt::format("{} {} not {}qualifier{}code composite{} (the component separator is "
                              "{}); ignored",
                              not_composite, several ? "are" : "is", several ? "" : "a ", c,
                              several ? "s" : "", quote(std::string_view(&c, 1))));
  }
}

// Service lines with no CLM before them in their HL loop: the CLM is missing
// or damaged. The lines are still reported, as a rejected claim without an id.
void Reader::headless_claim(const Segment& s) {
  if (!begin_claim(s.number, s.offset)) return;
  claim_error(s.number, s.offset, "CLM",
              fmt::format("{} at segment {} has no claim (CLM) before it in its HL loop; the "
                          "CLM segment is missing or damaged, so these service lines were "
                          "not checked",
                          s.id(), s.number));
}

void Reader::on_lx(const Segment& s) {
  if (!in_claim_) headless_claim(s);
  if (!in_claim_) return;
  if (in_line_) end_line(s.number, span_end(s.offset));
  in_line_ = true;
  line_has_sv1_ = line_has_date_ = line_in_drug_ = false;
  line_other_service_ = {};
  entity_ = {};
  const uint32_t max = limits_.max_lines_per_claim;
  if (max != 0 && claim_.lines.size() >= max) {
    if (!lines_over_limit_)
      claim_error(s.number, s.offset, "",
                  fmt::format("the claim has more than {} service lines (max_lines_per_claim; "
                              "--max-lines-per-claim)",
                              max));
    lines_over_limit_ = true;
    scratch_ = ServiceLine{};
    line_ = &scratch_;
  } else {
    claim_.lines.emplace_back();
    line_ = &claim_.lines.back();
  }
  line_->number = static_cast<uint32_t>(claim_.lines.size());
  line_->source = {s.number, s.offset};
}

void Reader::on_sv1(const Segment& s) {
  if (!in_claim_) headless_claim(s);
  if (!in_claim_) return;
  if (!in_line_)
    return claim_error(s.number, s.offset, "", "SV1 without an LX (service line number) before it");
  if (line_has_sv1_)
    return claim_error(s.number, s.offset, "",
                       fmt::format("{} has a second SV1", line_label()));
  line_has_sv1_ = true;
  ServiceLine& line = *line_;
  line.x12.sv1 = {s.offset, segment_end(s)};
  const char c = st_.delims.component;
  const std::string_view sv101 = s.at(1);
  // qualifier:code:modifier 1-4:description
  const Composite<7> parts(sv101, c);
  const std::string_view qualifier = parts.part(1);
  const std::string_view code = parts.part(2);
  const unsigned code_classes = classes(code);  // one pass for the check and upper()
  if (sv101.empty()) {
    claim_error(s.number, s.offset, "SV101",
                fmt::format("{}: SV101 (the procedure code) is missing", line_label()));
  } else if (qualifier.empty()) {
    claim_error(s.number, s.offset, "SV101-1",
                fmt::format("{}: SV101 {} has no qualifier before the code", line_label(),
                            shown(sv101)));
  } else if (code.empty()) {
    claim_error(s.number, s.offset, "SV101-2",
                fmt::format("{}: SV101 {} has no procedure code after the qualifier (the "
                            "component separator declared in ISA16 is '{}')",
                            line_label(), shown(sv101), c));
  } else if (code_classes & kNotAlnum) {
    claim_error(s.number, s.offset, "SV101-2",
                fmt::format("{}: SV101-2 {} is not a procedure code (HCPCS/CPT codes are letters "
                            "and digits)",
                            line_label(), shown(code)));
  }
  line.qualifier = qualifier;
  line.code = (code_classes & kLower) ? upper_copy(code) : code;
  for (size_t k = 3; k <= 6; ++k) {
    const std::string_view m = parts.part(k);
    if (!m.empty()) line.modifiers[line.modifier_count++] = upper(m);
  }
  line.description = parts.part(7);

  const std::string_view charge = s.at(2);
  const auto money = parse_decimal<2>(charge);
  if (charge.empty())
    claim_error(s.number, s.offset, "SV102",
                fmt::format("{}: SV102 (the line charge) is missing", line_label()));
  else if (!money || money->raw() < 0)
    claim_error(s.number, s.offset, "SV102",
                fmt::format("{}: SV102 charge {}{}", line_label(), shown(charge),
                            money ? " is not an amount" : number_trouble(charge, " is not an amount")));
  else
    line.charge = *money;

  line.unit_basis = s.at(3);
  const std::string_view units = s.at(4);
  const auto qty = parse_decimal<3>(units);
  if (units.empty())
    claim_error(s.number, s.offset, "SV104",
                fmt::format("{}: SV104 (the units) is missing", line_label()));
  else if (!qty)
    claim_error(s.number, s.offset, "SV104",
                fmt::format("{}: SV104 units {}{}", line_label(), shown(units),
                            number_trouble(units, " are not a number")));
  else if (qty->raw() < 0)
    claim_error(s.number, s.offset, "SV104",
                fmt::format("{}: SV104 units {} are negative", line_label(), shown(units)));
  else
    line.units = *qty;
  line.place_of_service = s.at(5);
}

void Reader::on_dtp(const Segment& s) {
  if (!in_line_ || !is(s.at(1), "472")) return;  // other dates (471, 573, ...) are not read
  if (line_has_date_)
    return claim_error(s.number, s.offset, "DTP01",
                       fmt::format("{} has a second DTP*472 service date", line_label()));
  line_has_date_ = true;
  line_->x12.dtp472 = {s.offset, segment_end(s)};
  const std::string_view format = s.at(2), value = s.at(3);
  const bool d8 = is(format, "D8"), rd8 = !d8 && is(format, "RD8");
  // The lines of a claim mostly share their dates: the same text read again
  // gets the dates read last, without parsing it again.
  if ((d8 || rd8) && rd8 == last_dates_.range && !value.empty() &&
      same_text(value, last_dates_.text)) {
    line_->dates = last_dates_.dates;
    return;
  }
  if (d8) {
    const auto d = Date::parse_compact(value);
    if (!d)
      return claim_error(s.number, s.offset, "DTP03",
                         fmt::format("{}: DTP*472 date {} is not a CCYYMMDD date", line_label(),
                                     shown(value)));
    line_->dates = {*d, *d};
  } else if (rd8) {
    const size_t dash = value.find('-');
    const auto from = Date::parse_compact(value.substr(0, dash));
    const auto to = dash == std::string_view::npos ? std::nullopt
                                                   : Date::parse_compact(value.substr(dash + 1));
    if (!from || !to)
      return claim_error(s.number, s.offset, "DTP03",
                         fmt::format("{}: DTP*472 range {} is not CCYYMMDD-CCYYMMDD",
                                     line_label(), shown(value)));
    if (*to < *from)
      return claim_error(s.number, s.offset, "DTP03",
                         fmt::format("{}: DTP*472 range {} ends before it begins", line_label(),
                                     shown(value)));
    line_->dates = {*from, *to};
  } else {
    return claim_error(s.number, s.offset, "DTP02",
                       fmt::format("{}: DTP*472 date format {} is not D8 or RD8", line_label(),
                                   shown(format)));
  }
  last_dates_ = {value, rd8, line_->dates};
}

void Reader::on_lin(const Segment& s) {
  if (!in_line_) return;
  line_in_drug_ = true;
  if (is(s.at(2), "N4")) line_->ndc = digits_only(s.at(3));
}

void Reader::on_ctp(const Segment& s) {
  if (!in_line_ || !line_in_drug_) return;
  const std::string_view quantity = s.at(4);
  if (!quantity.empty()) {
    const auto q = parse_decimal<3>(quantity);
    if (!q || q->raw() < 0)
      claim_error(s.number, s.offset, "CTP04",
                  fmt::format("{}: CTP04 drug quantity {} is not a number", line_label(),
                              shown(quantity)));
    else
      line_->ndc_quantity = *q;
  }
  line_->ndc_unit = Composite<1>(s.at(5), st_.delims.component).part(1);
}

// REF*6R, the line item control number, is a 2400 segment: other REFs of
// the line's loops (2410 prescription numbers, 2420x provider ids) have
// other qualifiers.
void Reader::on_ref(const Segment& s) {
  if (!in_line_ || !is(s.at(1), "6R") || !line_->x12.control_number.empty()) return;
  line_->x12.control_number = s.at(2);
}

void Reader::incomplete_line() {
  const SourceRef at = line_->source;
  if (!line_has_sv1_) {
    if (!line_other_service_.empty())
      claim_error(at.segment, at.offset, "",
                  fmt::format("{} has {} instead of SV1; only professional (837P) service lines "
                              "are read",
                              line_label(), line_other_service_));
    else
      claim_error(at.segment, at.offset, "", fmt::format("{} has no SV1", line_label()));
  } else if (!line_has_date_) {
    claim_error(at.segment, at.offset, "",
                fmt::format("{} has no DTP*472 service date", line_label()));
  }
}

void Reader::end_claim(uint64_t next_number, size_t next_offset) {
  if (!in_claim_) return;
  if (!rescued_) {
    claim_.span.end = span_end(next_offset);
    claim_.x12.segments = next_number - claim_.source.segment;
  }
  end_line(next_number, claim_.span.end);
  if (problems_dropped_ > 0) {
    Problem p{dropped_error_ ? Severity::kError : Severity::kWarning,
              fmt::format("{} more problems in this claim are not listed", problems_dropped_),
              claim_.source.segment, claim_.source.offset, ""};
    claim_.problems.push_back(std::move(p));
  }
  if (claim_.lines.empty() && !rescued_)
    claim_error(claim_.source.segment, claim_.source.offset, "",
                "the claim has no service lines (LX/SV1)");
  in_claim_ = false;
  line_ = nullptr;
  sink_.on_claim(std::move(claim_));
}

// ------------------------------------------------------------------ spans

size_t Reader::span_end(size_t next) const {
  const char* const d = data_.data();
  const size_t n = data_.size();
  const char t = st_.delims.segment;
  auto between = [&](char c) { return is_space(c) || c == t; };
  // The usual cases: the terminator and a line feed, or the terminator
  // alone, right before the next segment.
  if (next >= 3 && d[next - 1] == '\n' && d[next - 2] == t && t != '\n' &&
      !between(d[next - 3]))
    return next;
  if (next >= 2 && d[next - 1] == t && !between(d[next - 2])) return next;
  // Back over the blanks and terminators between the two segments (and any
  // blanks the segment ends with), then forward to the first terminator.
  size_t e = next;
  while (e > 0 && between(d[e - 1])) --e;
  const size_t limit = std::min(next + 1, n);
  while (e < limit && d[e] != t) ++e;
  if (e >= limit) return next;
  ++e;
  // One line break after it: CR LF, LF or CR; after a CR terminator, LF.
  if (t != '\n' && e < n) {
    if (t != '\r' && d[e] == '\r') {
      ++e;
      if (e < n && d[e] == '\n') ++e;
    } else if (d[e] == '\n') {
      ++e;
    }
  }
  return e;
}

std::string Reader::line_label() const {
  return fmt::format("line {} (LX at segment {})", line_ ? line_->number : 0,
                     line_ ? line_->source.segment : 0);
}

// ------------------------------------------------------------ normalising

std::string_view Reader::upper_copy(std::string_view s) {
  std::string tmp(s);
  for (char& ch : tmp)
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
  return claim_.arena.copy(tmp);
}

std::string_view Reader::diagnosis_code(std::string_view s) {
  if ((classes(s) & (kLower | kDot)) == 0) return s;
  std::string tmp;
  for (char ch : s) {
    if (ch == '.') continue;
    tmp += (ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch;
  }
  return claim_.arena.copy(tmp);
}

std::string_view Reader::digits_only(std::string_view s) {
  bool clean = true;
  for (char ch : s) clean = clean && ch >= '0' && ch <= '9';
  if (clean) return s;
  std::string tmp;
  for (char ch : s)
    if (ch >= '0' && ch <= '9') tmp += ch;
  return claim_.arena.copy(tmp);
}


}  // namespace perdiem::x12
