// The table writer (SPEC §3): for a person at a terminal. Each claim with
// its status and place, its problems, and its lines in aligned columns with
// their edits, fixes and notes under them; the totals by decision at the end.
// Text is valid UTF-8 and control characters become '?', so nothing in an
// input file can drive the terminal. File problems are not written (the CLI
// puts them on stderr).
#include <algorithm>
#include <array>
#include <vector>

#include "line_view.h"
#include "names.h"
#include "problems.h"
#include "text_out.h"
#include "writers.h"

#ifndef PERDIEM_VERSION
#define PERDIEM_VERSION "0.0.0"
#endif

namespace perdiem::output {

namespace {

// Display width of clean UTF-8 text: one column per code point.
size_t width(std::string_view s) {
  size_t w = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++w;
  return w;
}

// Text for the terminal: ill-formed UTF-8 and controls replaced.
void write_cleaned(OutBuffer& out, std::string_view s) { output::write_clean(out, s, false); }

void pad(OutBuffer& out, size_t have, size_t want) {
  static constexpr std::string_view kSpaces = "                                ";
  for (size_t n = want > have ? want - have : 0; n > 0;) {
    const size_t k = std::min(n, kSpaces.size());
    out.write(kSpaces.data(), k);
    n -= k;
  }
}

void pad(std::string& out, size_t have, size_t want) {
  if (want > have) out.append(want - have, ' ');
}

void write_fix(OutBuffer& out, const Fix& f) {
  switch (f.kind) {
    case Fix::Kind::kNone: break;
    case Fix::Kind::kSetUnits:
      out.write("set units to ");
      output::write_quantity(out, f.units);
      break;
    case Fix::Kind::kAddModifier:
      out.write("add modifier ");
      write_cleaned(out, f.value);
      break;
    case Fix::Kind::kReplaceModifier:
      out.write("replace modifier ");
      write_cleaned(out, f.value);
      out.write(" with ");
      write_cleaned(out, f.value2);
      break;
    case Fix::Kind::kRemoveModifier:
      out.write("remove modifier ");
      write_cleaned(out, f.value);
      break;
    case Fix::Kind::kSetPlaceOfService:
      out.write("set place of service to ");
      write_cleaned(out, f.value);
      break;
    case Fix::Kind::kRemoveLine: out.write("remove the line"); break;
    case Fix::Kind::kAddNdc: out.write("add the drug's 11-digit NDC"); break;
    case Fix::Kind::kAddLine:
      out.write("add a line for ");
      write_cleaned(out, f.value);
      if (f.dates.from.days() != 0) {
        out.write(" on ");
        output::write_date(out, f.dates.from);
        if (f.dates.to != f.dates.from) {
          out.write("..");
          output::write_date(out, f.dates.to);
        }
      }
      break;
    case Fix::Kind::kSplitLine:
      out.write("bill it as ");
      for (size_t k = 0; k < f.pieces.size(); ++k) {
        const Fix::Piece& p = f.pieces[k];
        if (k > 0) out.write(k + 1 == f.pieces.size() ? " and " : ", ");
        output::write_date(out, p.dates.from);
        if (p.dates.to != p.dates.from) {
          out.write("..");
          output::write_date(out, p.dates.to);
        }
        if (!p.modifiers.empty()) {
          out.write(" with ");
          for (size_t m = 0; m < p.modifiers.size(); ++m) {
            if (m > 0) out.write(", ");
            write_cleaned(out, p.modifiers[m]);
          }
        }
        if (p.has_units) {
          out.write(" (");
          output::write_quantity(out, p.units);
          out.write(p.units == Quantity::from_int(1) ? " unit)" : " units)");
        }
      }
      break;
  }
}

// A table's cells, row after row, in one string rather than a string each,
// with their widths.
class Cells {
 public:
  explicit Cells(size_t cells) {
    text_.reserve(cells * 8);
    cells_.reserve(cells);
  }
  // Append the cell's text here, then call end_cell(), or end_ascii_cell()
  // when it is ASCII (its width is its size).
  std::string& text() { return text_; }
  void end_cell() { end(false); }
  void end_ascii_cell() { end(true); }

  std::string_view operator[](size_t k) const {
    const size_t from = k == 0 ? 0 : cells_[k - 1].end;
    return std::string_view(text_).substr(from, cells_[k].end - from);
  }
  size_t width_of(size_t k) const { return cells_[k].width; }

 private:
  struct Cell {
    size_t end;  // the cell is text_[previous cell's end, end)
    size_t width;
  };

  void end(bool ascii) {
    const size_t from = cells_.empty() ? 0 : cells_.back().end;
    const std::string_view t = std::string_view(text_).substr(from);
    cells_.push_back({text_.size(), ascii ? t.size() : width(t)});
  }

  std::string text_;
  std::vector<Cell> cells_;
};

class TableWriter final : public ResultWriter {
 public:
  explicit TableWriter(const Pack& policy) : policy_(policy) {}

  void begin(std::string& out) override {
    OutBuffer buf(out);
    buf.write("perdiem " PERDIEM_VERSION ", policy ");
    write_cleaned(buf, policy_.id);
    if (!policy_.version.empty()) {
      buf.write(" version ");
      write_cleaned(buf, policy_.version);
    }
    if (!policy_.name.empty()) {
      buf.write(" (");
      write_cleaned(buf, policy_.name);
      buf.put(')');
    }
    buf.write(", effective ");
    output::write_date(buf, policy_.effective);
    buf.put('\n');
  }

  void write_claim(std::string& out, const Claim& claim, const ClaimResult& r, bool) const override {
    OutBuffer buf(out);
    buf.put('\n');
    if (claim.claim_id.empty()) {
      buf.write("(no claim id)");
    } else {
      write_cleaned(buf, claim.claim_id);
    }
    buf.write("  ");
    buf.write(status_text(r.status));
    if (!claim.file.empty() || claim.source.segment != 0) {
      buf.write("  ");
      if (claim.file.empty()) {
        buf.put('-');
      } else {
        write_cleaned(buf, claim.file);
      }
      if (claim.source.segment != 0) {
        buf.put(':');
        output::write_uint(buf, claim.source.segment);
      }
    }
    if (r.pack && !r.pack->version.empty()) {
      buf.write("  policy ");
      write_cleaned(buf, r.pack->version);
    }
    buf.put('\n');
    if (r.status == ClaimStatus::kOutOfScope && !r.reason.empty()) {
      buf.write("  out of scope: ");
      write_cleaned(buf, r.reason);
      buf.put('\n');
    }
    for (const Problem& p : claim.problems) {
      buf.write("  ");
      buf.write(severity_name(p.severity));
      buf.write(": ");
      write_cleaned(buf, p.message);
      write_problem_location(buf, p);
      buf.put('\n');
    }
    if (r.status == ClaimStatus::kRejected || claim.lines.empty()) return;

    // Cells first (the heading is row 0), then widths, then the rows with
    // their edits.
    static constexpr size_t kCols = 6;
    static constexpr std::array<std::string_view, kCols> kHead = {"line", "code", "dates", "units", "charge", "decision"};
    Cells cells((claim.lines.size() + 1) * kCols);
    std::string& text = cells.text();
    for (std::string_view h : kHead) {
      text += h;
      cells.end_ascii_cell();
    }
    for (size_t i = 0; i < claim.lines.size(); ++i) {
      const LineView v = line_view(claim, r, i);
      const ServiceLine& l = v.line;
      output::append_uint(text, v.number);
      cells.end_ascii_cell();
      output::append_clean(text, l.code, false);
      for (uint8_t m = 0; m < l.modifier_count && m < l.modifiers.size(); ++m) {
        text += '-';
        output::append_clean(text, l.modifiers[m], false);
      }
      cells.end_cell();
      output::append_date(text, l.dates.from);
      if (l.dates.to != l.dates.from) {
        text += "..";
        output::append_date(text, l.dates.to);
      }
      cells.end_ascii_cell();
      output::append_quantity(text, l.units);
      if (v.allowed != l.units && v.decision != Decision::kNotChecked) {
        text += " -> ";
        output::append_quantity(text, v.allowed);
      }
      cells.end_ascii_cell();
      output::append_money(text, l.charge);
      cells.end_ascii_cell();
      text += v.decision == Decision::kNotChecked ? std::string_view("not checked") : decision_text(v.decision);
      cells.end_ascii_cell();
    }
    const size_t rows = claim.lines.size() + 1;
    std::array<size_t, kCols> w{};
    for (size_t k = 0; k < rows * kCols; ++k) w[k % kCols] = std::max(w[k % kCols], cells.width_of(k));

    for (size_t row = 0; row < rows; ++row) {
      buf.write("  ");
      for (size_t c = 0; c < kCols; ++c) {
        const std::string_view cell = cells[row * kCols + c];
        const size_t have = cells.width_of(row * kCols + c);
        if (c == 0 || c == 4) pad(buf, have, w[c]);  // numbers right-aligned
        buf.write(cell);
        if (c + 1 < kCols) {
          if (c != 0 && c != 4) pad(buf, have, w[c]);
          buf.write("  ");
        }
      }
      buf.put('\n');
      if (row == 0) continue;
      const LineView v = line_view(claim, r, row - 1);
      if (v.edits) {
        for (const Edit& e : *v.edits) {
          buf.write("      ");
          if (e.rule) {
            write_cleaned(buf, e.rule->id);
          } else {
            buf.write("(rule)");
          }
          buf.write("  ");
          write_cleaned(buf, e.group);
          if (!e.group.empty() && !e.carc.empty()) buf.put('-');
          write_cleaned(buf, e.carc);
          for (size_t k = 0; k < e.rarc.size(); ++k) {
            buf.write(k == 0 ? " / " : ", ");
            write_cleaned(buf, e.rarc[k]);
          }
          buf.write("  ");
          write_cleaned(buf, e.message);
          buf.put('\n');
          if (e.fix.kind != Fix::Kind::kNone) {
            buf.write("        fix: ");
            write_fix(buf, e.fix);
            buf.put('\n');
          }
        }
      }
      if (v.notes) {
        for (const std::string& n : *v.notes) {
          buf.write("      note: ");
          write_cleaned(buf, n);
          buf.put('\n');
        }
      }
    }
  }

  void file_problem(std::string&, std::string_view, const Problem&) override {}

  void end(std::string& out, const Totals& t) override {
    out += "\nTotals: ";
    output::append_uint(out, t.claims);
    out += t.claims == 1 ? " claim (" : " claims (";
    output::append_uint(out, t.checked);
    out += " checked, ";
    output::append_uint(out, t.out_of_scope);
    out += " out of scope, ";
    output::append_uint(out, t.rejected);
    out += " rejected), ";
    output::append_uint(out, t.lines);
    out += t.lines == 1 ? " line" : " lines";
    if (t.file_problems != 0) {
      out += ", ";
      output::append_uint(out, t.file_problems);
      out += t.file_problems == 1 ? " file problem" : " file problems";
    }
    out += '\n';
    // decision | lines | charge, numbers right-aligned.
    std::array<std::string, kDecisions + 1> names, counts, charges;
    names[kDecisions] = "all";
    output::append_uint(counts[kDecisions], t.lines);
    output::append_money(charges[kDecisions], t.charge);
    size_t wn = width("decision"), wc = width("lines"), wm = width("charge");
    for (size_t i = 0; i < kDecisions; ++i) {
      names[i] = i == static_cast<size_t>(Decision::kNotChecked) ? std::string("not checked") : std::string(kDecisionNames[i]);
      output::append_uint(counts[i], t.by_decision[i]);
      output::append_money(charges[i], t.charge_by_decision[i]);
    }
    for (size_t i = 0; i <= kDecisions; ++i) {
      wn = std::max(wn, names[i].size());
      wc = std::max(wc, counts[i].size());
      wm = std::max(wm, charges[i].size());
    }
    const auto row = [&](std::string_view a, std::string_view b, std::string_view c) {
      out += "  ";
      out += a;
      pad(out, a.size(), wn);
      out += "  ";
      pad(out, b.size(), wc);
      out += b;
      out += "  ";
      pad(out, c.size(), wm);
      out += c;
      out += '\n';
    };
    row("decision", "lines", "charge");
    for (size_t i = 0; i <= kDecisions; ++i) row(names[i], counts[i], charges[i]);
  }

 private:
  PolicyId policy_;
};

}  // namespace

std::unique_ptr<ResultWriter> make_table_writer(const Pack& policy) { return std::make_unique<TableWriter>(policy); }

}  // namespace perdiem::output
