// Helpers for the rule and engine tests: build a claim in the JSON form of
// SPEC §2, read it with the JSON reader, check it with the CPCP019 pack, and
// ask what happened to each line.
//
//   Checked c = check(claim().line("S9500", June(1, 7), 7).line("J0696", June(1, 7), 28));
//   EXPECT_TRUE(Fires(c, 1, "per-diem-units"));
//   const Edit* e = c.edit(1, "per-diem-units");
//
// Lines are numbered from 1, as in the output. Every assertion helper returns
// an AssertionResult that prints the whole checked claim when it fails.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "perdiem/date.h"
#include "perdiem/engine.h"
#include "perdiem/input.h"
#include "perdiem/pack.h"
#include "perdiem/result.h"
#include "policy/pack_text.h"
#include "test_util.h"

namespace perdiem::testing {

// ---------------------------------------------------------------------------
// The pack and the engine, loaded once per test binary.

inline std::shared_ptr<const PackSet> load_cpcp019() {
  std::vector<PackError> errors;
  auto packs = load_pack(source_path("packs/cpcp019"), errors);
  if (!packs) {
    std::string text = "packs/cpcp019 does not load:";
    for (const auto& e : errors) text += "\n  " + e.text();
    throw std::runtime_error(text);
  }
  return packs;
}

inline const std::shared_ptr<const PackSet>& cpcp019() {
  static const std::shared_ptr<const PackSet> packs = load_cpcp019();
  return packs;
}

inline const Engine& engine() {
  static const Engine e(cpcp019());
  return e;
}

// A variant of the CPCP019 pack: its pack.toml text changed by `edit`, then
// loaded as any pack is (a loaded pack is immutable). Throws when the
// variant does not load.
inline std::shared_ptr<const PackSet> cpcp019_edited(const std::function<void(std::string&)>& edit) {
  std::string toml = read_file(source_path("packs/cpcp019/pack.toml"));
  edit(toml);
  std::vector<PackError> errors;
  auto packs = load_pack_text(toml, read_file(source_path("packs/cpcp019/drugs.csv")),
                              read_file(source_path("packs/cpcp019/ndc.csv")), errors);
  if (!packs) {
    std::string text = "the edited pack does not load:";
    for (const auto& e : errors) text += "\n  " + e.text();
    throw std::runtime_error(text);
  }
  return packs;
}

// pack.toml cut into the text before its first [[rule]] and one block per
// [[rule]] (each with its sub-tables), so that tests can edit or reorder
// rules; join() puts it back together.
struct RuleBlocks {
  std::string head;
  std::vector<std::string> rules;  // each begins with "[[rule]]\n"
  explicit RuleBlocks(const std::string& toml) {
    const std::string mark = "\n[[rule]]\n";
    size_t at = toml.find(mark);
    if (at == std::string::npos) throw std::logic_error("no [[rule]] in the pack");
    head = toml.substr(0, at + 1);
    for (;;) {
      const size_t next = toml.find(mark, at + 1);
      rules.push_back(toml.substr(at + 1, next == std::string::npos ? std::string::npos : next - at));
      if (next == std::string::npos) break;
      at = next;
    }
  }
  // The block of rule `id`.
  std::string& rule(std::string_view id) {
    const std::string key = "id = \"" + std::string(id) + "\"\n";
    for (auto& r : rules)
      if (r.find(key) != std::string::npos) return r;
    throw std::logic_error("no rule " + std::string(id));
  }
  // Adds TOML lines ("enabled = false\n") to rule `id`'s own table.
  void add(std::string_view id, std::string_view lines) {
    std::string& r = rule(id);
    const std::string key = "id = \"" + std::string(id) + "\"\n";
    r.insert(r.find(key) + key.size(), lines);
  }
  std::string join() const {
    std::string out = head;
    for (const auto& r : rules) {
      if (!out.empty() && out.back() != '\n') out += '\n';
      out += r;
    }
    return out;
  }
};

// ---------------------------------------------------------------------------
// Building claims.

struct Days {
  std::string from, to;
};
// Days in June 2024 (well after the plan effective date 2024-04-22).
inline Days June(int day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "2024-06-%02d", day);
  return {buf, buf};
}
inline Days June(int first, int last) { return {June(first).from, June(last).from}; }
inline Days On(std::string from, std::string to = "") { return {from, to.empty() ? from : to}; }
// The number of calendar days in a span.
inline int day_count(const Days& d) { return *Date::parse_iso(d.to) - *Date::parse_iso(d.from) + 1; }

inline std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// A claim in the JSON form of SPEC §2. Claim-level setters apply to the
// claim; line-level setters (mod, ndc, desc, line_pos, line_rendering)
// apply to the line added last.
class ClaimJson {
 public:
  ClaimJson& id(std::string v) {
    id_ = std::move(v);
    return *this;
  }
  ClaimJson& pos(std::string v) {
    pos_ = std::move(v);
    return *this;
  }
  ClaimJson& no_pos() {
    pos_.clear();
    return *this;
  }
  ClaimJson& frequency(std::string v) {
    frequency_ = std::move(v);
    return *this;
  }
  ClaimJson& dx(std::string v) {
    dx_.push_back(std::move(v));
    return *this;
  }
  ClaimJson& rendering(std::string v) {
    rendering_ = std::move(v);
    return *this;
  }
  ClaimJson& billing(std::string v) {
    billing_ = std::move(v);
    return *this;
  }

  ClaimJson& line(std::string code, const Days& days, int units) {
    return line(std::move(code), days, std::to_string(units));
  }
  ClaimJson& line(std::string code, const Days& days, std::string units) {
    Line l;
    l.code = std::move(code);
    l.days = days;
    l.units = std::move(units);
    lines_.push_back(std::move(l));
    return *this;
  }
  ClaimJson& mod(std::string m) {
    last().mods.push_back(std::move(m));
    return *this;
  }
  ClaimJson& ndc(std::string v) {
    last().ndc = std::move(v);
    return *this;
  }
  ClaimJson& desc(std::string v) {
    last().desc = std::move(v);
    return *this;
  }
  ClaimJson& line_pos(std::string v) {
    last().pos = std::move(v);
    return *this;
  }
  ClaimJson& charge(std::string v) {
    last().charge = std::move(v);
    return *this;
  }
  ClaimJson& line_rendering(std::string v) {
    last().rendering = std::move(v);
    return *this;
  }

  std::string json() const {
    std::ostringstream o;
    o << "{\"claim_id\":" << json_string(id_) << ",\"member_id\":\"M1\"";
    if (!pos_.empty()) o << ",\"place_of_service\":" << json_string(pos_);
    if (!frequency_.empty()) o << ",\"frequency\":" << json_string(frequency_);
    o << ",\"diagnoses\":[";
    for (size_t i = 0; i < dx_.size(); ++i) o << (i ? "," : "") << json_string(dx_[i]);
    o << "]";
    if (!billing_.empty()) o << ",\"billing_taxonomy\":" << json_string(billing_);
    if (!rendering_.empty()) o << ",\"rendering_taxonomy\":" << json_string(rendering_);
    o << ",\"lines\":[";
    for (size_t i = 0; i < lines_.size(); ++i) {
      const Line& l = lines_[i];
      o << (i ? "," : "") << "{\"code\":" << json_string(l.code);
      if (!l.mods.empty()) {
        o << ",\"modifiers\":[";
        for (size_t m = 0; m < l.mods.size(); ++m) o << (m ? "," : "") << json_string(l.mods[m]);
        o << "]";
      }
      o << ",\"from\":" << json_string(l.days.from) << ",\"to\":" << json_string(l.days.to) << ",\"units\":" << l.units
        << ",\"charge\":" << l.charge;
      if (!l.ndc.empty()) o << ",\"ndc\":" << json_string(l.ndc);
      if (!l.desc.empty()) o << ",\"description\":" << json_string(l.desc);
      if (!l.pos.empty()) o << ",\"place_of_service\":" << json_string(l.pos);
      if (!l.rendering.empty()) o << ",\"rendering_taxonomy\":" << json_string(l.rendering);
      o << "}";
    }
    o << "]}";
    return o.str();
  }

 private:
  struct Line {
    std::string code;
    Days days;
    std::string units;
    std::vector<std::string> mods;
    std::string ndc, desc, pos, rendering;
    std::string charge = "100.00";
  };
  Line& last() {
    if (lines_.empty()) throw std::logic_error("ClaimJson: add a line before setting line fields");
    return lines_.back();
  }
  std::string id_ = "T1", pos_ = "12", frequency_, rendering_, billing_;
  std::vector<std::string> dx_ = {"A41.9"};
  std::vector<Line> lines_;
};

// A home claim (place of service 12, diagnosis A41.9) with no lines yet.
inline ClaimJson claim() { return ClaimJson(); }

// ---------------------------------------------------------------------------
// Checking claims and reading the results.

inline std::string fix_text(const Fix& f) {
  switch (f.kind) {
    case Fix::Kind::kNone:
      return "";
    case Fix::Kind::kSetUnits:
      return "set_units " + f.units.short_text();
    case Fix::Kind::kAddModifier:
      return "add_modifier " + f.value;
    case Fix::Kind::kReplaceModifier:
      return "replace_modifier " + f.value + "->" + f.value2;
    case Fix::Kind::kRemoveModifier:
      return "remove_modifier " + f.value;
    case Fix::Kind::kSetPlaceOfService:
      return "set_place_of_service " + f.value;
    case Fix::Kind::kRemoveLine:
      return "remove_line";
    case Fix::Kind::kAddNdc:
      return "add_ndc";
    case Fix::Kind::kAddLine:
      return "add_line " + f.value + " " + f.dates.from.iso() + ".." + f.dates.to.iso();
    case Fix::Kind::kSplitLine: {
      std::string s = "split_line";
      for (const Fix::Piece& p : f.pieces) {
        s += " " + p.dates.from.iso() + ".." + p.dates.to.iso();
        for (const auto& m : p.modifiers) s += "-" + m;
        if (p.has_units) s += "x" + p.units.short_text();
      }
      return s;
    }
  }
  return "?";
}

inline std::string_view rule_id(const Edit& e) { return e.rule ? std::string_view(e.rule->id) : "(no rule)"; }

// One input read and checked. Owns the input text the claims point into.
struct Checked {
  std::shared_ptr<const std::string> text;
  std::vector<Claim> claims;
  std::vector<ClaimResult> results;
  std::vector<Problem> file_problems;

  const Claim& claim() const { return claims.at(0); }
  const ClaimResult& result() const { return results.at(0); }
  ClaimStatus status() const { return result().status; }
  const LineResult& line(size_t n) const { return result().lines.at(n - 1); }
  Decision decision(size_t n) const { return line(n).decision; }
  Quantity allowed(size_t n) const { return line(n).allowed_units; }

  // The edits of rule `rule` on line n.
  std::vector<const Edit*> edits(size_t n, std::string_view rule) const {
    std::vector<const Edit*> out;
    for (const Edit& e : line(n).edits)
      if (rule_id(e) == rule) out.push_back(&e);
    return out;
  }
  // The first edit of `rule` on line n, or nullptr.
  const Edit* edit(size_t n, std::string_view rule) const {
    auto v = edits(n, rule);
    return v.empty() ? nullptr : v.front();
  }
  // The lines (1-based) that carry an edit of `rule`.
  std::vector<size_t> lines_with(std::string_view rule) const {
    std::vector<size_t> out;
    for (size_t n = 1; n <= result().lines.size(); ++n)
      if (!edits(n, rule).empty()) out.push_back(n);
    return out;
  }
  bool has_note(size_t n, std::string_view text) const {
    for (const auto& note : line(n).notes)
      if (note.find(text) != std::string::npos) return true;
    return false;
  }

  // Everything, for failure messages.
  std::string dump() const {
    std::ostringstream o;
    for (size_t c = 0; c < results.size(); ++c) {
      const ClaimResult& r = results[c];
      o << "\n  claim " << claims[c].claim_id << ": " << status_name(r.status);
      if (!r.reason.empty()) o << " (" << r.reason << ")";
      for (const auto& p : claims[c].problems) o << "\n    problem: " << p.message;
      for (size_t i = 0; i < r.lines.size(); ++i) {
        const ServiceLine& l = claims[c].lines[i];
        const LineResult& lr = r.lines[i];
        o << "\n    " << (i + 1) << " " << l.code;
        for (uint8_t m = 0; m < l.modifier_count; ++m) o << "-" << l.modifiers[m];
        o << " " << l.dates.from.iso() << ".." << l.dates.to.iso() << " units " << l.units.short_text() << " -> "
          << decision_name(lr.decision) << " allowed " << lr.allowed_units.short_text();
        for (const Edit& e : lr.edits) {
          o << "\n      " << rule_id(e) << " " << decision_name(e.decision) << " " << e.group << "-" << e.carc;
          for (auto rc : e.rarc) o << " " << rc;
          if (e.fix.kind != Fix::Kind::kNone) o << " [fix " << fix_text(e.fix) << "]";
          o << "\n        " << e.message;
        }
        for (const auto& n : lr.notes) o << "\n      note: " << n;
      }
    }
    return o.str();
  }
};

inline Checked check_text(const std::string& json, const Engine& eng = engine()) {
  Checked c;
  c.text = std::make_shared<const std::string>(json);
  CollectingSink sink;
  read_json(*c.text, "test", sink, false);
  c.claims = std::move(sink.claims);
  c.file_problems = std::move(sink.file_problems);
  for (const Claim& cl : c.claims) c.results.push_back(eng.check(cl));
  return c;
}
inline Checked check(const ClaimJson& cj, const Engine& eng = engine()) { return check_text(cj.json(), eng); }

// ---------------------------------------------------------------------------
// Assertions. Each prints the checked claim when it fails.

// Rule `rule` has an edit on line n of a checked claim.
inline ::testing::AssertionResult Fires(const Checked& c, size_t n, std::string_view rule) {
  if (c.results.empty()) return ::testing::AssertionFailure() << "no claim was read";
  if (c.status() != ClaimStatus::kChecked)
    return ::testing::AssertionFailure() << "the claim is not checked" << c.dump();
  if (n == 0 || n > c.result().lines.size()) return ::testing::AssertionFailure() << "no line " << n << c.dump();
  if (c.edits(n, rule).empty())
    return ::testing::AssertionFailure() << rule << " does not fire on line " << n << c.dump();
  return ::testing::AssertionSuccess();
}

// Rule `rule` fires on exactly these lines of a checked claim.
inline ::testing::AssertionResult FiresOnlyOn(const Checked& c, std::string_view rule, std::vector<size_t> lines) {
  if (c.results.empty()) return ::testing::AssertionFailure() << "no claim was read";
  if (c.status() != ClaimStatus::kChecked)
    return ::testing::AssertionFailure() << "the claim is not checked" << c.dump();
  if (c.lines_with(rule) != lines) {
    auto f = ::testing::AssertionFailure() << rule << " fires on lines {";
    for (size_t n : c.lines_with(rule)) f << " " << n;
    f << " }, expected {";
    for (size_t n : lines) f << " " << n;
    return f << " }" << c.dump();
  }
  return ::testing::AssertionSuccess();
}

// The claim is checked and `rule` fires on none of its lines.
inline ::testing::AssertionResult DoesNotFire(const Checked& c, std::string_view rule) {
  return FiresOnlyOn(c, rule, {});
}

// The claim is checked and no line has any edit.
inline ::testing::AssertionResult AllPay(const Checked& c) {
  if (c.results.empty()) return ::testing::AssertionFailure() << "no claim was read";
  if (c.status() != ClaimStatus::kChecked)
    return ::testing::AssertionFailure() << "the claim is not checked" << c.dump();
  for (const auto& l : c.result().lines)
    if (!l.edits.empty() || l.decision != Decision::kPay)
      return ::testing::AssertionFailure() << "some line has an edit" << c.dump();
  return ::testing::AssertionSuccess();
}

// The edit carries the reason codes of SPEC §4's catalogue.
inline ::testing::AssertionResult HasReason(const Edit* e, Decision d, std::string_view group, std::string_view carc,
                                            std::vector<std::string_view> rarc) {
  if (!e) return ::testing::AssertionFailure() << "no edit";
  std::vector<std::string_view> got(e->rarc.begin(), e->rarc.end());
  if (e->decision != d || e->group != group || e->carc != carc || got != rarc) {
    auto f = ::testing::AssertionFailure()
             << rule_id(*e) << ": got " << decision_name(e->decision) << " " << e->group << "-" << e->carc << " /";
    for (auto r : got) f << " " << r;
    f << ", expected " << decision_name(d) << " " << group << "-" << carc << " /";
    for (auto r : rarc) f << " " << r;
    return f;
  }
  return ::testing::AssertionSuccess();
}

// The edit's message contains every one of `parts` (line references, codes).
inline ::testing::AssertionResult MessageNames(const Edit* e, std::initializer_list<std::string_view> parts) {
  if (!e) return ::testing::AssertionFailure() << "no edit";
  for (auto p : parts)
    if (e->message.find(p) == std::string::npos)
      return ::testing::AssertionFailure() << rule_id(*e) << " message does not name \"" << p << "\": " << e->message;
  return ::testing::AssertionSuccess();
}

// The edit's fix is of this kind (and, when given, value / value2).
inline ::testing::AssertionResult HasFix(const Edit* e, Fix::Kind kind, std::string_view value = {},
                                         std::string_view value2 = {}) {
  if (!e) return ::testing::AssertionFailure() << "no edit";
  if (e->fix.kind != kind || (!value.empty() && e->fix.value != value) || (!value2.empty() && e->fix.value2 != value2))
    return ::testing::AssertionFailure() << rule_id(*e) << ": fix is \"" << fix_text(e->fix) << "\"";
  return ::testing::AssertionSuccess();
}

inline Quantity units(int n) { return Quantity::from_int(n); }

// ---------------------------------------------------------------------------
// Claims the tests start from.
using ::testing::HasSubstr;
using K = Fix::Kind;

inline const Days kWeek = June(1, 7);
inline constexpr const char* kRN = "163W00000X";  // registered nurse

// An anti-infective therapy for the week: S9500 (once every 24 hours) and
// ceftriaxone J0696, billed correctly.
inline ClaimJson antibiotic_week() { return claim().line("S9500", kWeek, 7).line("J0696", kWeek, 7); }

// A week of TPN (S9366) for short bowel syndrome, with no product yet.
inline ClaimJson tpn_week() { return claim().dx("K91.2").line("S9366", kWeek, 7); }

// A second therapy: immune globulin S9338 with J1569 (and modifier `mod`).
inline ClaimJson with_ivig(ClaimJson c, const Days& d, const char* mod = nullptr) {
  c.line("S9338", d, day_count(d));
  if (mod) c.mod(mod);
  return c.line("J1569", d, 40);
}
// A third therapy: the inotrope S9348 with dobutamine J1250.
inline ClaimJson with_inotrope(ClaimJson c, const Days& d, const char* mod = nullptr) {
  c.line("S9348", d, day_count(d));
  if (mod) c.mod(mod);
  return c.line("J1250", d, 7);
}

// Claims where rules of one stage meet on the same lines: if any rule read
// what another rule of its stage decided, some of these would change when
// the rules run in another order.
inline std::vector<std::string> order_corpus() {
  std::vector<std::string> out;
  for (const RuleDef& r : cpcp019()->latest().rules) out.push_back(r.example);
  const std::vector<ClaimJson> claims = {
      // stage 1: POS, excluded, supply, incidental, unlisted, nursing on the same lines
      claim()
          .pos("11")
          .line("S9537", June(1), 1)
          .line("J3490", June(1), 1)
          .ndc("08290306553")
          .line("99601", June(1), 1),
      claim().line("S9335", kWeek, 7).line_pos("11").line("S9365", kWeek, 7).line("B4185", kWeek, 7).mod("BO"),
      claim().line("S9341", kWeek, 7).line("B4150", kWeek, 7).mod("BO").line("J8499", kWeek, 7),
      // stage 2 against stage 1
      claim()
          .line("S9372", June(1), 1)
          .line("J1650", June(1), 1)
          .line("99601", June(1), 1)
          .line_rendering("164W00000X"),
      // stage 3: every rule on overlapping lines
      claim()
          .line("S9494", kWeek, 7)
          .line("S9500", June(1, 3), 3)
          .line("J0696", kWeek, 7)
          .line("S9810", June(5), 2)
          .line("J7050", kWeek, 7)
          .line("G0068", June(5), 4)
          .line("99602", June(5), 1)
          .line_rendering(kRN),
      claim()
          .line("S9364", kWeek, 7)
          .line("S9366", June(5, 7), 3)
          .line("B4164", June(2), 1)
          .line("B4178", kWeek, 7)
          .desc("Clinisol 15%")
          .line("S9810", June(2), 1)
          .line("J7030", kWeek, 7),
      claim()
          .line("S9372", kWeek, 7)
          .line("J1642", kWeek, 7)
          .line("S9336", kWeek, 7)
          .line("S9500", kWeek, 7)
          .line("J7050", kWeek, 7),
      claim().line("S9373", kWeek, 7).line("S9374", kWeek, 7).line("J7030", kWeek, 7).line("S9810", June(3), 1),
      // stage 4: units and concurrency on the same lines
      antibiotic_week()
          .line("S9338", kWeek, 14)
          .mod("SJ")
          .line("J1569", June(1, 3), 3)
          .line("S9348", kWeek, 7)
          .mod("SH")
          .line("J1250", kWeek, 7)
          .line("S9365", kWeek, 9)
          .mod("SH"),
      claim()
          .line("S9500", kWeek, 7)
          .line("S9338", kWeek, 7)
          .mod("SH")
          .line("J1569", kWeek, 7)
          .line("S9348", kWeek, 7)
          .mod("SJ"),
  };
  for (const auto& c : claims) out.push_back(c.json());
  return out;
}

}  // namespace perdiem::testing
