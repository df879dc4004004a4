// What the rules share: the facts derived once per line (which of the pack's
// code sets it is in, its drug class and route, its per diem family), the
// Context one claim is checked in, and the Scratch memory checks reuse.
// Internal to the engine.
#pragma once

#include <array>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "perdiem/claim.h"
#include "perdiem/pack.h"
#include "perdiem/result.h"
#include "rules/days.h"

namespace perdiem::rules {

struct Compiled;
struct Rule;

// What the fact units derive about a line beyond its sets (facts.h).
enum Flag : uint32_t {
  kFlagProduct = 1u << 0,       // a product a per diem can pair with (not a supply, not a flush)
  kFlagFlush = 1u << 1,         // saline / sterile water / heparin lock flush billed on a NOC line
  kFlagHeparinFlush = 1u << 2,  // a heparin lock flush (J1642, or a NOC line that is one)
  kFlagIvSolution = 1u << 3,    // an IV solution (the pack's set, or a NOC line that is one)
  kFlagNoc = 1u << 4,           // an unlisted (NOC) drug code
};

struct LineFacts {
  CodeKey key = 0;                  // of the line's code
  uint64_t sets = 0;                // the pack's sets it is in (Compiled::set_bit)
  uint32_t flags = 0;               // Flag bits
  const Family* family = nullptr;   // per diem lines
  const DrugInfo* ref = nullptr;    // reference row used: NDC table first, else HCPCS
  bool ref_is_ndc = false;          // `ref` is the line's NDC's row
  uint16_t drug_class = 0;          // Compiled::classes index; 0 when unknown
  uint16_t routes = 0;              // 0 when unknown
  TpnRole tpn = TpnRole::kNone;
  bool tpn_unstated = false;        // an amino acid of a code that does not say, with no strength given
  bool clotting = false;

  // In any of the sets of `mask` (a Rule::set(), or several or-ed).
  bool in(uint64_t mask) const { return (sets & mask) != 0; }
  bool is(uint32_t flag) const { return (flags & flag) != 0; }
  bool class_known() const { return drug_class != 0; }
};

// What the pack says about a code: the sets it is in (bits), its per diem
// family (index into Pack::families, -1 none) and its drugs.csv row
// (nullptr none) with that row's class (Compiled::classes index).
struct CodeInfo {
  uint64_t sets;
  int32_t family;
  const DrugInfo* drug;
  uint16_t drug_class;
};

// What pairing per diems with products (shared/pairing.h) found for one
// line.
struct Pairing {
  bool per_diem = false;  // a payable per diem of a family (not incidental)
  bool therapy = false;   // it counts as a concurrent therapy on its `own` days
  // The days it has a product of its own (all its payable days for a
  // family that needs none; for catheter care, the days some
  // corresponding product is payable).
  DaySet own;
  std::vector<size_t> partners;  // the product lines it was matched to, in line order
  bool unverified = false;       // some match rests on a drug of unknown class
  // When it has no product of its own on a day some corresponding product
  // is payable: the per diem line that holds it (the first), else npos.
  size_t rival = static_cast<size_t>(-1);
};

// The working memory of checking claims, kept from one claim to the next
// (the engine keeps one per thread), so that once it has warmed up a check
// allocates nothing: line facts, the stage snapshot, text buffers, and the
// edits, notes and lines taken back from a result being refilled, whose
// strings and vectors keep their capacity.
class Scratch {
 public:
  std::vector<LineFacts> facts;
  // Days (days.h): the claim's stretches; per line, the days it is billed
  // for (none when it is not judged), the days it is payable on as the
  // current stage began, and those it will be payable on when the stage
  // ends (what no rule of the stage took away).
  Stretches stretches;
  std::vector<DateSpan> judged_spans;
  std::vector<DaySet> billed, live, next_live;
  // Per line: days a rule failed that should be billed again otherwise (a
  // concurrent therapy with another modifier), and the modifier each
  // stretch should then carry (Role per stretch; kKeep: the line's own).
  std::vector<DaySet> rebill;
  std::vector<std::vector<uint8_t>> roles;
  std::string role_second, role_third;  // the modifiers roles 1 and 2 carry
  // pairings() (shared/pairing.h): what it found, per line, for the
  // snapshot it was asked in (0: none), and its working memory.
  std::vector<Pairing> pairings;
  uint32_t pairings_snapshot = 0;
  struct PairingWork {
    std::vector<size_t> per_diems, products;  // lines, the per diems in the order they are matched
    std::vector<size_t> identity;             // per product (index into products): its drug's index
    std::vector<uint8_t> edge, unverified;    // per (per diem, product): corresponds / rests on unknown class
    std::vector<size_t> holder;               // per drug: the per diem (index) holding it on a stretch, or npos
    std::vector<size_t> held;                 // per per diem: the drug it holds on a stretch, or npos
    std::vector<uint8_t> seen;                // per drug, for one augmenting search
    std::vector<uint8_t> live_now, live_before;  // per per diem, then product: live on the stretch (the one before)
  } pairing_work;
  // The codes looked up last, by a hash of their key: a direct-mapped
  // cache in front of Compiled::lookup(), as claims repeat few codes.
  struct CodeMemo {
    CodeKey key = 0;
    uint64_t serial = 0;  // of the Compiled looked up in
    const CodeInfo* info = nullptr;  // what it found
  };
  std::array<CodeMemo, 256> codes{};
  std::string desc;                 // a description, lower case
  std::string padded;               // the same between spaces
  std::string text[3];              // message arguments being built

  // Takes back every edit, note and line of `lines` and leaves n lines
  // that pay, with no edits or notes and allowed units 0.
  void reset(std::vector<LineResult>& lines, size_t n);
  // Appends an edit to `edits` and returns it. Its fields hold whatever an
  // earlier claim left there: the caller sets every one.
  Edit& add_edit(std::vector<Edit>& edits);
  // Appends an empty note to `notes` and returns it.
  std::string& add_note(std::vector<std::string>& notes);
  // Takes back the edits of `edits` from index `from` on, as spares.
  void take_back(std::vector<Edit>& edits, size_t from);
  // Back to no days for n lines, keeping memory.
  void reset_days(size_t n);

 private:
  // Past this many spares (after a claim of thousands of lines), what is
  // taken back is freed instead.
  static constexpr size_t kMaxSpare = 1024;
  std::vector<Edit> spare_edits_;
  std::vector<std::string> spare_notes_;
  std::vector<LineResult> spare_lines_;
};

// A message argument: name and text.
using Arg = MessageArg;

// A date or date span as messages write it: "2024-06-01" or
// "2024-06-01 to 2024-06-07". Converts to a string_view of itself.
struct SpanText {
  char text[24];
  uint8_t size = 0;
  operator std::string_view() const { return {text, size}; }
};

// The claim being checked: its lines, their facts, their results so far.
struct Message;

class Context {
 public:
  // REQUIRES: results.size() == claim.lines.size(), each line as
  // Scratch::reset leaves it. `claim_date` decides which rules apply; lines
  // that end before `judged_from` are not judged (not_checked: SPEC §4
  // Scope).
  Context(const Pack& pack, const Compiled& compiled, const Claim& claim, Date claim_date, Date judged_from,
          Scratch& scratch, std::vector<LineResult>& results);

  const Pack& pack;
  const Compiled& compiled;
  const Claim& claim;
  const Date claim_date;  // the earliest date of service
  std::vector<LineResult>& results;

  // Derives the facts of every line from the pack and cuts the claim's
  // days into stretches; first thing, once (facts.cc).
  void classify();
  // Some line is in one of the sets of `mask`.
  bool any(uint64_t mask) const { return (all_sets_ & mask) != 0; }
  // Some line has one of the Flag bits of `flags`.
  bool any_flag(uint32_t flags) const { return (all_flags_ & flags) != 0; }

  // The rules ask these in every loop: they read plain arrays.
  size_t size() const { return size_; }
  const ServiceLine& line(size_t i) const { return lines_[i]; }
  const LineFacts& fact(size_t i) const { return facts_[i]; }

  // Days (days.h). A rule sees a line only on the days the stages before
  // left it payable (live), even when the line's own decision is another
  // rule's denial for its other days.
  const Stretches& stretches() const { return scratch_.stretches; }
  // The days line i is billed for; none when it is not judged.
  const DaySet& billed(size_t i) const { return scratch_.billed[i]; }
  // The days line i is payable on, as the current stage began.
  const DaySet& live(size_t i) const { return scratch_.live[i]; }
  bool payable(size_t i) const { return scratch_.live[i].any(); }
  // Lines a and b are payable on a common day.
  bool meets(size_t a, size_t b) const { return live(a).meets(live(b)); }
  // Lines a and b are billed for a common day (stage 1: "judged on what
  // was billed").
  bool billed_together(size_t a, size_t b) const { return billed(a).meets(billed(b)); }
  int64_t days(const DaySet& s) const { return stretches().days(s); }
  // Line i is a per diem: one unit a day, of a family (SPEC §4 Days).
  bool is_per_diem(size_t i) const { return fact(i).family != nullptr; }
  // Line i is judged (it does not end before the policy's effective date).
  bool judged(size_t i) const { return billed(i).any(); }
  // The stage boundary: later stages see only the days payable now.
  void snapshot();
  // Changes when a snapshot changes what is payable.
  uint32_t snapshot_number() const { return snapshot_; }
  // The rule is switched on and in force for the claim's dates.
  bool applies(const RuleDef& r) const {
    return r.enabled && !(r.effective && claim_date < *r.effective) && !(r.expires && *r.expires < claim_date);
  }

  // A rule's verdict on line i, day by day (SPEC §4 Days): `pass` holds
  // the days (of those it is live on) that pass the rule. Every live day
  // passes: nothing. None: an edit with the rule's decision, message `key`
  // and `fix`, on the whole line. Some:
  //  - a per diem: when its passing days are fewer than its units, an edit
  //    `reduce` with the rule's reason codes, message `some_key` and the
  //    fix split_line; else nothing;
  //  - any other line: an edit with the rule's decision, message
  //    `some_key` and the fix split_line.
  // Either way, the days that fail are no longer payable for later stages.
  // A split_line's pieces are settled when the check ends (settle()), from
  // the days that pass every rule. Messages may name {passing} and
  // {failing}, the days that pass and those that do not.
  void judge(size_t i, const Rule& rule, const DaySet& pass, std::string_view key, std::string_view some_key,
             std::initializer_list<Arg> args, Fix fix = {});
  // Adds an edit to line i on the whole line: the rule's decision and
  // reason codes, the message `key` filled with the common names and
  // `args`, and a fix. A denial or bundling leaves the line no payable day.
  void edit(size_t i, const Rule& rule, std::string_view key, std::initializer_list<Arg> args,
            Fix fix = {});
  // The same with the decision given (reduce for a per diem that passes on
  // some days).
  void edit(size_t i, const Rule& rule, Decision decision, std::string_view key, std::initializer_list<Arg> args,
            Fix fix);
  // Days of line i that fail a rule but should be billed again, each
  // stretch k with the role roles[k] (0 primary, 1 second, 2 third; 0xFF
  // its own modifiers) it should carry: a split_line's pieces include them,
  // with that role's modifier (`second`, `third`).
  void rebill(size_t i, const DaySet& days, const std::vector<uint8_t>& roles, std::string_view second,
              std::string_view third);
  // When the check ends: each line's allowed units, and the pieces of its
  // split_line fixes.
  void settle();
  bool has_edit(size_t i, const RuleDef& rule) const;
  // Takes back line i's edits of `rule` (a replaced rule's; RuleSpec::replaces).
  void drop_edits(size_t i, const RuleDef& rule);
  // Adds an empty note to line i, to be written in place.
  std::string& note(size_t i);

  // The taxonomy and who it belongs to: line rendering, else claim
  // rendering, else billing provider.
  std::string_view rendering_taxonomy(size_t i, const char** who = nullptr) const;
  // "2024-06-01" or "2024-06-01 to 2024-06-07".
  static SpanText span_text(const DateSpan& s);
  std::string line_ref(size_t i) const;  // "2"
  // How messages name line i's product: "J3490 (Sod Chl 0.9% flush)",
  // written into `out`.
  std::string_view what(size_t i, std::string& out) const;
  // Scratch text k (0..2), emptied, to build a message argument in. It
  // stays valid until text(k) is asked for again.
  std::string& text(size_t k) const;
  Scratch& scratch() const { return scratch_; }

 private:
  // Compiled::lookup(), through Scratch::codes.
  const CodeInfo* lookup(CodeKey k);

  Scratch& scratch_;
  const size_t size_;
  const ServiceLine* const lines_;
  const LineFacts* facts_ = nullptr;  // scratch_.facts, once classified
  const Date judged_from_;
  // The verdict judge() is writing, for the {passing} and {failing} names.
  const DaySet* pass_ = nullptr;
  void fill_days(std::string& out, bool passing, size_t i) const;
  bool fill(std::string& out, const Message& m, size_t i, std::initializer_list<Arg> args) const;
  friend struct MessageFill;
  uint64_t all_sets_ = 0;
  uint32_t all_flags_ = 0;
  bool changed_ = false;  // an edit since the last snapshot
  uint32_t snapshot_ = 1;
};

// Appends n in decimal.
void append_number(std::string& out, int64_t n);

}  // namespace perdiem::rules
