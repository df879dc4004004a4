// The csv writer (SPEC §3): one row per service line, with the claim id.
//
// Choices the SPEC leaves open (docs/formats.md): RFC 4180 quoting, LF line
// ends; the "carc" column holds group-CARC ("CO-151"); with several edits
// the rules, carc, rarc and messages columns list one item per edit, in the
// same order, joined by "; " (an edit's own RARCs are joined by ","). An
// out_of_scope line's messages column holds the reason; a rejected claim's
// row holds its problems with their place ("... (segment 64, offset 3120,
// SV104)"). File problems are not written (the CLI puts them on stderr).
// Text is valid UTF-8; controls are kept (cells are data, not a terminal).
#include <algorithm>
#include <array>

#include "line_view.h"
#include "names.h"
#include "problems.h"
#include "text_out.h"
#include "writers.h"

namespace perdiem::output {

namespace {

// The bytes a field can hold as they are: ASCII other than those that make
// it quoted (RFC 4180). Controls are kept (cells are data, not a terminal).
constexpr auto kCsvPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x80; ++c) t[static_cast<size_t>(c)] = c != ',' && c != '"' && c != '\r' && c != '\n';
  return t;
}();

void csv_field(OutBuffer& out, std::string_view s) {
  size_t plain = 0;
  while (plain < s.size() && kCsvPlain[static_cast<unsigned char>(s[plain])]) ++plain;
  if (plain == s.size()) {  // the usual case
    out.write(s);
    return;
  }
  const bool quote = std::any_of(s.begin() + static_cast<ptrdiff_t>(plain), s.end(),
                                 [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
  if (!quote) {
    output::write_clean(out, s, true);
    return;
  }
  out.put('"');
  size_t start = 0;
  for (size_t q = s.find('"'); q != std::string_view::npos; q = s.find('"', start)) {
    output::write_clean(out, s.substr(start, q + 1 - start), true);
    out.put('"');
    start = q + 1;
  }
  output::write_clean(out, s.substr(start), true);
  out.put('"');
}

class CsvWriter final : public ResultWriter {
 public:
  void begin(std::string& out) override {
    out += "claim_id,status,line,code,modifiers,from,to,units,allowed_units,charge,decision,rules,carc,rarc,messages\n";
  }

  void write_claim(std::string& out, const Claim& claim, const ClaimResult& r, bool) const override {
    OutBuffer buf(out);
    std::string scratch;  // local: write_claim is const and thread-safe
    if (r.status == ClaimStatus::kRejected || claim.lines.empty()) {
      for (const Problem& p : claim.problems) {
        if (!scratch.empty()) scratch += "; ";
        scratch += p.message;
        append_problem_location(scratch, p);
      }
      if (r.status == ClaimStatus::kOutOfScope && scratch.empty()) scratch = r.reason;
      csv_field(buf, claim.claim_id);
      buf.put(',');
      buf.write(status_text(r.status));
      buf.write(",,,,,,,,,,,,,");
      csv_field(buf, scratch);
      buf.put('\n');
      return;
    }
    for (size_t i = 0; i < claim.lines.size(); ++i) {
      const LineView v = line_view(claim, r, i);
      const ServiceLine& l = v.line;
      csv_field(buf, claim.claim_id);
      buf.put(',');
      buf.write(status_text(r.status));
      buf.put(',');
      output::write_uint(buf, v.number);
      buf.put(',');
      csv_field(buf, l.code);
      buf.put(',');
      scratch.clear();
      for (uint8_t m = 0; m < l.modifier_count && m < l.modifiers.size(); ++m) {
        if (m) scratch += ':';
        scratch += l.modifiers[m];
      }
      csv_field(buf, scratch);
      buf.put(',');
      output::write_date(buf, l.dates.from);
      buf.put(',');
      output::write_date(buf, l.dates.to);
      buf.put(',');
      output::write_quantity(buf, l.units);
      buf.put(',');
      if (v.decision != Decision::kNotChecked) output::write_quantity(buf, v.allowed);  // empty: not judged
      buf.put(',');
      output::write_money(buf, l.charge);
      buf.put(',');
      buf.write(decision_text(v.decision));
      buf.put(',');
      joined(buf, scratch, v, [](std::string& s, const Edit& e) {
        if (e.rule) s += e.rule->id;
      });
      buf.put(',');
      joined(buf, scratch, v, [](std::string& s, const Edit& e) {
        s += e.group;
        if (!e.group.empty() && !e.carc.empty()) s += '-';
        s += e.carc;
      });
      buf.put(',');
      joined(buf, scratch, v, [](std::string& s, const Edit& e) {
        for (size_t k = 0; k < e.rarc.size(); ++k) {
          if (k) s += ',';
          s += e.rarc[k];
        }
      });
      buf.put(',');
      if (r.status == ClaimStatus::kOutOfScope) {
        csv_field(buf, r.reason);
      } else {
        joined(buf, scratch, v, [](std::string& s, const Edit& e) { s += e.message; });
      }
      buf.put('\n');
    }
  }

  void file_problem(std::string&, std::string_view, const Problem&) override {}
  void end(std::string&, const Totals&) override {}

 private:
  // One field of the line's edits, item(edit) for each, joined by "; ".
  // `scratch` is any string, reused.
  template <typename F>
  static void joined(OutBuffer& out, std::string& scratch, const LineView& v, F item) {
    scratch.clear();
    if (v.edits) {
      for (size_t k = 0; k < v.edits->size(); ++k) {
        if (k) scratch += "; ";
        item(scratch, (*v.edits)[k]);
      }
    }
    csv_field(out, scratch);
  }
};

}  // namespace

std::unique_ptr<ResultWriter> make_csv_writer() { return std::make_unique<CsvWriter>(); }

}  // namespace perdiem::output
