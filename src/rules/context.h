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

// The working memory of checking claims, kept from one claim to the next
// (the engine keeps one per thread), so that once it has warmed up a check
// allocates nothing: line facts, the stage snapshot, text buffers, and the
// edits, notes and lines taken back from a result being refilled, whose
// strings and vectors keep their capacity.
class Scratch {
 public:
  std::vector<LineFacts> facts;
  std::vector<uint8_t> payable;     // per line, as the current stage began
  // covered_days(), per line: what it found, kept while what is payable
  // stays the same (most claims: from stage 3 to the notes).
  struct Coverage {
    uint32_t snapshot = 0;        // the Context::snapshot_number() it is for; 0 none
    int days = 0;
    bool unverified = false;
    std::vector<size_t> partners;
  };
  std::vector<Coverage> coverage;
  std::vector<DateSpan> spans;      // covered_days()
  // concurrent_therapy_modifier(): the therapy per diems and their roles.
  enum class Role : uint8_t { kPrimary, kSecond, kThird };
  struct Therapy {
    size_t line;
    Role claimed;                 // by its modifiers
    bool lost = false;            // its role is taken on the day looked at
    bool conflict = false;        // on some day it cannot have its role:
    Date day{};                   //   the first such day,
    Role open = Role::kPrimary;   //   the role left open for it then,
    int n = 0;                    //   and the therapies that day
  };
  std::vector<Therapy> therapies;
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
class Context {
 public:
  // REQUIRES: results.size() == claim.lines.size(), each line as
  // Scratch::reset leaves it. `claim_date` decides which rules apply.
  Context(const Pack& pack, const Compiled& compiled, const Claim& claim, Date claim_date, Scratch& scratch,
          std::vector<LineResult>& results);

  const Pack& pack;
  const Compiled& compiled;
  const Claim& claim;
  const Date claim_date;  // the earliest date of service
  std::vector<LineResult>& results;

  // Derives the facts of every line from the pack; first thing, once
  // (facts.cc).
  void classify();
  // Some line is in one of the sets of `mask`.
  bool any(uint64_t mask) const { return (all_sets_ & mask) != 0; }
  // Some line has one of the Flag bits of `flags`.
  bool any_flag(uint32_t flags) const { return (all_flags_ & flags) != 0; }

  // The rules ask these in every loop: they read plain arrays.
  size_t size() const { return size_; }
  const ServiceLine& line(size_t i) const { return lines_[i]; }
  const LineFacts& fact(size_t i) const { return facts_[i]; }
  // Payable as the current stage began (pay, reduce or pend).
  bool payable(size_t i) const { return payable_[i] != 0; }
  bool overlaps(size_t a, size_t b) const { return line(a).dates.overlaps(line(b).dates); }
  // The stage boundary: later stages see only what is payable now.
  void snapshot();
  // Changes when a snapshot changes what is payable.
  uint32_t snapshot_number() const { return snapshot_; }
  // The rule is switched on and in force for the claim's dates.
  bool applies(const RuleDef& r) const {
    return r.enabled && !(r.effective && claim_date < *r.effective) && !(r.expires && *r.expires < claim_date);
  }

  // Adds an edit to line i: the rule's decision and reason codes, the
  // message `key` filled with the common names and `args`, and a fix.
  void edit(size_t i, const Rule& rule, std::string_view key, std::initializer_list<Arg> args,
            Fix fix = {});
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
  const uint8_t* payable_ = nullptr;  // scratch_.payable, once classified
  uint64_t all_sets_ = 0;
  uint32_t all_flags_ = 0;
  bool changed_ = false;  // an edit since the last snapshot
  uint32_t snapshot_ = 1;
};

// Appends n in decimal.
void append_number(std::string& out, int64_t n);

}  // namespace perdiem::rules
