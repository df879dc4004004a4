// The fix session (perdiem/fix.h): a check session whose on_claim fixes
// each claim in rounds and writes the input again, the gaps between claims
// as they were and each changed claim corrected.
#include "perdiem/fix.h"

#include <utility>

#include "fix/json_out.h"
#include "fix/plan.h"
#include "fix/x12_out.h"
#include "perdiem/mapped_input.h"
#include "perdiem/writer.h"

namespace perdiem {

namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

uint64_t lines_not_paid(const ClaimResult& r) {
  uint64_t n = 0;
  if (r.status != ClaimStatus::kChecked) return 0;
  for (const LineResult& l : r.lines) n += l.decision != Decision::kPay && l.decision != Decision::kNotChecked;
  return n;
}

// Some edit of the result proposes a fix that fix carries out.
bool proposes_applicable(const ClaimResult& r) {
  for (const LineResult& l : r.lines)
    for (const Edit& e : l.edits)
      if (fix::applicable_kind(e.fix.kind)) return true;
  return false;
}

}  // namespace

int FixSummary::exit_status() const {
  if (write_failed || input.write_failed || input.timed_out || input.unreadable) return kExitUnreadable;
  return lines_not_paid_after > 0 ? kExitSomeNotPaid : kExitAllPaid;
}

struct FixSession::Impl {
  const Engine& engine;
  FixSessionOptions opt;
  FixSummary sum;
  std::unique_ptr<CheckSession> check;
  // The input being fixed, and how far it is written.
  std::string_view data;
  uint64_t cursor = 0;
  std::string out;
  fix::SeRecount se;
  fix::Corrected a, b;
  ClaimResult again;
  std::vector<FixChange> changes;

  Impl(const Engine& e, FixSessionOptions o) : engine(e), opt(std::move(o)) {
    CheckSessionOptions so;
    so.threads = opt.threads;
    so.limits = opt.limits;
    so.piece_bytes = opt.piece_bytes;
    so.on_claim = [this](const Claim& c, const ClaimResult& r) { on_claim(c, r); };
    so.on_file_problem = opt.on_file_problem;
    check = std::make_unique<CheckSession>(engine, std::move(so));
  }

  void flush(bool all) {
    if (out.empty() || (!all && out.size() < kFlushBytes)) return;
    if (!sum.write_failed && opt.write && !opt.write(out)) sum.write_failed = true;
    out.clear();
  }

  void notice(const Claim& c, std::string message) {
    ++sum.notices;
    if (opt.on_notice) opt.on_notice(FixNotice{std::string(c.claim_id), std::move(message)});
  }

  void on_claim(const Claim& c, const ClaimResult& r) {
    if (c.span.empty()) {  // reported but not read: its bytes are in the gaps
      sum.lines_not_paid_after += 0;
      return;
    }
    if (c.span.begin >= cursor) se.copy(data, cursor, c.span.begin, out);
    cursor = std::max<uint64_t>(cursor, c.span.end);

    changes.clear();
    const ClaimResult* final_result = &r;
    bool settled = true, reverted = false;
    if (r.status == ClaimStatus::kChecked && proposes_applicable(r)) {
      fix::start(c, a);
      const ClaimResult* cur = &r;
      settled = false;
      for (uint32_t round = 1; round <= kMaxFixRounds; ++round) {
        const fix::Round rd = fix::apply(a, *cur, round, b, changes);
        if (rd.all_removed) {
          notice(c, "every line would be removed: the claim is written as it was sent");
          reverted = true;
          break;
        }
        if (!rd.changed) {
          settled = true;
          break;
        }
        std::swap(a, b);
        engine.check(a.claim, again);
        cur = &again;
      }
      if (!settled && !reverted) {
        notice(c, "the fixes did not settle in " + std::to_string(kMaxFixRounds) +
                      " rounds: the claim is written as it was sent");
        reverted = true;
      }
      if (reverted) changes.clear();
      else final_result = cur;
    }

    if (changes.empty()) {
      out.append(c.span.of(data));
      sum.lines_not_paid_after += lines_not_paid(r);
    } else {
      ++sum.claims_changed;
      sum.changes += changes.size();
      if (!c.x12.clm.empty()) {
        const int64_t delta = fix::write_x12_claim(data, c, a, out);
        se.changed(c.x12.st_offset, delta, c.x12.delimiters);
      } else {
        fix::write_json_claim(data, c, a, out);
      }
      sum.lines_not_paid_after += lines_not_paid(*final_result);
      if (opt.on_change)
        for (const FixChange& ch : changes) opt.on_change(ch);
    }
    flush(false);
  }
};

FixSession::FixSession(const Engine& engine, FixSessionOptions options)
    : impl_(std::make_unique<Impl>(engine, std::move(options))) {}

FixSession::~FixSession() = default;

void FixSession::add_input(std::string_view data, std::string_view name) {
  Impl& s = *impl_;
  s.data = data;
  s.cursor = 0;
  s.check->add_input(data, name);
  s.se.copy(data, s.cursor, data.size(), s.out);
  s.cursor = data.size();
  s.flush(true);
}

void FixSession::add_file(const std::string& path) {
  const std::string name = path == "-" ? "<stdin>" : path;
  std::string error;
  std::unique_ptr<MappedInput> m = MappedInput::open(path, error);
  if (!m) {
    Problem p;
    p.message = error;
    impl_->check->add_file_problem(name, p);
    return;
  }
  add_input(m->data(), name);
}

FixSummary FixSession::finish() {
  Impl& s = *impl_;
  s.sum.input = s.check->finish();
  s.flush(true);
  return s.sum;
}

namespace {

void billed_json(std::string& out, const BilledLine& b) {
  out += "{\"code\":";
  append_json_string(out, b.code);
  out += ",\"modifiers\":[";
  for (size_t i = 0; i < b.modifiers.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, b.modifiers[i]);
  }
  out += "],\"from\":\"" + b.dates.from.iso() + "\",\"to\":\"" + b.dates.to.iso() + "\"";
  out += ",\"units\":" + b.units.short_text() + ",\"charge\":\"" + b.charge.fixed_text() + "\"";
  out += ",\"place_of_service\":";
  append_json_string(out, b.place_of_service);
  out += '}';
}

void fix_json(std::string& out, const Fix& f) {
  auto str = [&](const char* key, std::string_view v) {
    out += '"';
    out += key;
    out += "\":";
    append_json_string(out, v);
  };
  out += '{';
  switch (f.kind) {
    case Fix::Kind::kSetUnits: out += "\"set_units\":" + f.units.short_text(); break;
    case Fix::Kind::kAddModifier: str("add_modifier", f.value); break;
    case Fix::Kind::kRemoveModifier: str("remove_modifier", f.value); break;
    case Fix::Kind::kReplaceModifier:
      out += "\"replace_modifier\":{";
      str("from", f.value);
      out += ',';
      str("to", f.value2);
      out += '}';
      break;
    case Fix::Kind::kSetPlaceOfService: str("set_place_of_service", f.value); break;
    case Fix::Kind::kRemoveLine: out += "\"remove_line\":true"; break;
    case Fix::Kind::kSplitLine:
      out += "\"split_line\":[";
      for (size_t i = 0; i < f.pieces.size(); ++i) {
        const Fix::Piece& p = f.pieces[i];
        if (i) out += ',';
        out += "{\"from\":\"" + p.dates.from.iso() + "\",\"to\":\"" + p.dates.to.iso() + "\",\"modifiers\":[";
        for (size_t k = 0; k < p.modifiers.size(); ++k) {
          if (k) out += ',';
          append_json_string(out, p.modifiers[k]);
        }
        out += ']';
        if (p.has_units) out += ",\"units\":" + p.units.short_text();
        out += '}';
      }
      out += ']';
      break;
    default: break;
  }
  out += '}';
}

}  // namespace

std::string change_json(const FixChange& c) {
  std::string out = "{\"claim_id\":";
  append_json_string(out, c.claim_id);
  out += ",\"line\":" + std::to_string(c.line) + ",\"round\":" + std::to_string(c.round) + ",\"rule\":";
  append_json_string(out, c.rule);
  out += ",\"fix\":";
  fix_json(out, c.fix);
  out += ",\"before\":";
  billed_json(out, c.before);
  out += ",\"after\":[";
  for (size_t i = 0; i < c.after.size(); ++i) {
    if (i) out += ',';
    billed_json(out, c.after[i]);
  }
  out += "]}";
  return out;
}

}  // namespace perdiem
