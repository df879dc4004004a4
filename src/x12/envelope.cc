// The X12 envelope as the reader keeps it (x12/reader.h): GS/GE, ST/SE and
// IEA, their counts and control numbers (warnings only), and envelopes that
// end without their closing segment.
#include "x12/reader.h"

#include <fmt/format.h>

namespace perdiem::x12 {

// --------------------------------------------------------------- envelopes

void Reader::on_gs(const Segment& s) {
  if (in_transaction_) end_transaction_without_se(s);
  if (st_.in_group) end_group_without_ge(s);
  st_.in_group = true;
  ++st_.groups;
  st_.gs_number = s.number;
  st_.gs_control = s.at(6);
  st_.gs_version = s.at(8);
  st_.sets = 0;
  st_.gap_reported = false;
}

void Reader::on_ge(const Segment& s) {
  if (in_transaction_) end_transaction_without_se(s);
  end_claim(s.number, s.offset);
  if (!st_.in_group) {
    file_problem(Severity::kWarning, s.number, s.offset, "GE without a GS before it");
    return;
  }
  const auto count = parse_count(s.at(1));
  if (!count || *count != st_.sets)
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("GE01 says {} transaction sets but the group has {}",
                             quote(s.at(1)), st_.sets),
                 "GE01");
  if (!same_control(s.at(2), st_.gs_control))
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("GE02 control number {} does not match GS06 {} (segment {})",
                             quote(s.at(2)), quote(st_.gs_control), st_.gs_number),
                 "GE02");
  st_.in_group = false;
  st_.gap_reported = false;
}

void Reader::on_st(const Segment& s) {
  if (in_transaction_) end_transaction_without_se(s);
  end_claim(s.number, s.offset);
  if (!st_.in_group)
    file_problem(Severity::kWarning, s.number, s.offset,
                 "this transaction set is not inside a GS/GE functional group");
  else
    ++st_.sets;
  in_transaction_ = true;
  st_number_ = s.number;
  st_offset_ = s.offset;
  st_control_ = s.at(2);
  transaction_segments_ = 1;
  transaction_claims_ = 0;
  clear_hl_context();
  claims_transaction_ = is(s.at(1), "837");
  const std::string_view version = !s.at(3).empty() ? s.at(3) : st_.gs_version;
  if (!claims_transaction_) {
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("transaction set {} is a {}, not an 837 claim; it was skipped",
                             quote(st_control_), quote(s.at(1))),
                 "ST01");
  } else if (version.find("X222") != std::string_view::npos) {
    // 837P: what this reader is for.
  } else if (version.find("X223") != std::string_view::npos) {
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("transaction set {} is an institutional 837 ({}); its claims are "
                             "read as professional claims and SV2 lines are not read",
                             quote(st_control_), quote(version)),
                 "ST03");
  } else {
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("transaction set {} declares implementation guide {}, not "
                             "005010X222 (837P); it is read as 837P",
                             quote(st_control_), quote(version)),
                 "ST03");
  }
}

void Reader::on_se(const Segment& s) {
  end_claim(s.number, s.offset);
  if (!in_transaction_) {
    file_problem(Severity::kWarning, s.number, s.offset, "SE without an ST before it");
    return;
  }
  if (claims_transaction_ && transaction_claims_ == 0)
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("transaction set {} (ST at segment {}) holds no claims (CLM)",
                             quote(st_control_), st_number_));
  const auto count = parse_count(s.at(1));
  if (!count || *count != transaction_segments_)
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("SE01 says {} segments but the transaction set (ST at segment {}) "
                             "has {}",
                             quote(s.at(1)), st_number_, transaction_segments_),
                 "SE01");
  if (!same_control(s.at(2), st_control_))
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("SE02 control number {} does not match ST02 {} (segment {})",
                             quote(s.at(2)), quote(st_control_), st_number_),
                 "SE02");
  in_transaction_ = false;
  clear_hl_context();
  st_.gap_reported = false;
}

void Reader::on_iea(const Segment& s) {
  if (in_transaction_) end_transaction_without_se(s);
  if (st_.in_group) end_group_without_ge(s);
  end_claim(s.number, s.offset);
  const auto count = parse_count(s.at(1));
  if (!count || *count != st_.groups)
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("IEA01 says {} functional groups but the interchange has {}",
                             quote(s.at(1)), st_.groups),
                 "IEA01");
  if (!same_control(s.at(2), st_.isa_control))
    file_problem(Severity::kWarning, s.number, s.offset,
                 fmt::format("IEA02 control number {} does not match ISA13 {} (segment {})",
                             quote(s.at(2)), quote(st_.isa_control), st_.isa_number),
                 "IEA02");
  st_.in_interchange = false;
}

void Reader::end_transaction_without_se(const Segment& s) {
  end_claim(s.number, s.offset);
  if (claims_transaction_ && transaction_claims_ == 0)
    file_problem(Severity::kWarning, st_number_, 0,
                 fmt::format("transaction set {} (ST at segment {}) holds no claims (CLM)",
                             quote(st_control_), st_number_));
  file_problem(Severity::kWarning, s.number, s.offset,
               fmt::format("the transaction set that starts at segment {} has no SE before this "
                           "{}",
                           st_number_, s.id()));
  in_transaction_ = false;
  clear_hl_context();
}

void Reader::end_group_without_ge(const Segment& s) {
  file_problem(Severity::kWarning, s.number, s.offset,
               fmt::format("the functional group that starts at segment {} has no GE before "
                           "this {}",
                           st_.gs_number, s.id()));
  st_.in_group = false;
}

void Reader::end_interchange_without_iea(uint64_t number, uint64_t offset) {
  end_claim(number, offset);
  std::string missing;
  if (in_transaction_) missing += "SE, ";
  if (st_.in_group) missing += "GE, ";
  missing += "IEA";
  file_problem(Severity::kWarning, number, offset,
               fmt::format("a new ISA begins before the interchange that starts at segment {} "
                           "is closed (no {})",
                           st_.isa_number, missing));
  in_transaction_ = st_.in_group = st_.in_interchange = false;
  clear_hl_context();
}


}  // namespace perdiem::x12
