// What a rule is, and all a rule's file needs to include.
//
// A rule is one file, src/rules/stageN/RULE-ID.cc, holding its logic and its
// one description: a RuleSpec with its id, its stage, what it reads from a
// pack (named sets, lists and parameters, the pack's tables and the line
// facts it relies on), its message keys and the names its messages may use.
// The file defines it under a name made from its file name,
//
//     extern const RuleSpec rule_per_diem_units;   // src/rules/stage4/per-diem-units.cc
//
// and the build lists every such file in the one registry (registry.h), so
// adding a rule means its file, its tests, its pack entry and its docs
// section; nothing else (docs/design.md has a worked example).
//
// A pack applies the rules it lists. Compiling it (compiled.h) binds each to
// the pack: the sets it names become bits of LineFacts::sets, its lists and
// parameters are looked up once, its message templates are cut, and a pack
// that lacks what a rule declares is refused with the rule and the line.
// Data that no rule of the pack reads is reported as a warning.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "perdiem/pack.h"
#include "rules/context.h"

namespace perdiem::rules {

struct Rule;

// A parameter a rule or fact reads from [params], and the type it must have.
struct ParamSpec {
  std::string_view name;
  Param::Type type;
};

// Pack tables beyond named sets, lists and parameters.
enum Table : uint32_t {
  kTableFamilies = 1u << 0,           // [[family]]: per diem families and their products
  kTableExclusive = 1u << 1,          // [[exclusive]]: per diem pairs not billed together
  kTableDescriptionClasses = 1u << 2, // [description_classes]: drug classes of NOC descriptions
};

// What a rule (or a line fact, facts.h) reads from a pack, by name.
struct Needs {
  std::span<const std::string_view> sets{};         // [sets]
  std::span<const std::string_view> lists{};        // [lists] of plain strings
  std::span<const std::string_view> class_lists{};  // [lists] whose items are drug classes
  std::span<const ParamSpec> params{};              // [params]
  uint32_t tables = 0;                            // Table bits
  uint32_t facts = 0;                             // Fact bits (facts.h) it reads of each line
  // Sets and lists (of those above) that must hold at least one item: the
  // rule takes its first as a fix's value (the POS to bill, the modifier).
  std::span<const std::string_view> nonempty{};
};

// A rule's one description. Spans point to constants in the rule's file.
struct RuleSpec {
  std::string_view id{};  // "per-diem-units"; the file is RULE-ID.cc
  int stage = 0;          // 1..4 (SPEC §4); the folder is stageN
  Needs needs{};
  std::span<const std::string_view> message_keys{};  // "default" first
  // Names its messages may use besides the common ones (line, code, dates, units).
  std::span<const std::string_view> args{};
  // The sets (of needs.sets) of the lines it can edit, any of them: a claim
  // with no such line is skipped without running it. Empty: always run.
  std::span<const std::string_view> starts_from{};
  uint32_t starts_from_flags = 0;  // or lines with any of these Flag bits (context.h)
  // Rules whose edit on a line this rule's edit replaces (for instance a
  // more specific denial of the same line); settled after each stage.
  std::span<const std::string_view> replaces{};
  // Judges the claim (the lines the stages before left payable).
  void (*check)(Context& ctx, const Rule& rule) = nullptr;
  // After stage 4, on what is payable then: notes that change nothing
  // (what a per diem was paired with). Optional.
  void (*notes)(Context& ctx, const Rule& rule) = nullptr;
};

// The names every message may use.
std::span<const std::string_view> common_message_args();

// A rule's message template for one key, cut once into pieces of text and
// the names it fills in, with the RARCs that go with the key.
struct Message {
  enum class Part : uint8_t { kText, kLine, kCode, kDates, kUnits, kPassing, kFailing, kArg };
  struct Piece {
    Part part;
    std::string_view text;  // kText: the text; kArg: the argument's name
  };
  std::string_view key;
  std::string_view tmpl;  // as written
  std::vector<Piece> pieces;
  std::vector<std::string_view> rarc;
};

// A set of drug classes (Compiled::classes indices).
class ClassSet {
 public:
  ClassSet() = default;
  explicit ClassSet(size_t classes) : in_(classes, false) {}
  void add(uint16_t c) { in_[c] = true; }
  bool has(uint16_t c) const { return c < in_.size() && in_[c]; }

 private:
  std::vector<bool> in_;
};

// A rule bound to one pack: what its declaration named, resolved. Built by
// compile(); immutable; shared by every thread.
struct Rule {
  const RuleSpec* spec = nullptr;
  const RuleDef* def = nullptr;
  std::vector<uint64_t> set_bits;                    // per needs.sets
  std::vector<const CodeSet*> code_sets;             // per needs.sets: the codes, as written
  std::vector<const std::vector<std::string>*> lists;  // per needs.lists
  std::vector<ClassSet> class_sets;                  // per needs.class_lists
  std::vector<const Param*> params;                  // per needs.params
  uint64_t starts_from = 0;                          // bits of spec->starts_from
  std::vector<const RuleDef*> replaces;              // the pack's rules it replaces
  // One per key it has a template or RARCs for, then the one for any other
  // key (the default template with the rule's RARCs).
  std::vector<Message> messages;

  // Its k-th declared set / list / class list / parameter.
  uint64_t set(size_t k) const { return set_bits[k]; }
  const CodeSet& codes(size_t k) const { return *code_sets[k]; }
  const std::vector<std::string>& list(size_t k) const { return *lists[k]; }
  const ClassSet& classes(size_t k) const { return class_sets[k]; }
  const Param& param(size_t k) const { return *params[k]; }
  const Message& message(std::string_view key) const;
};

}  // namespace perdiem::rules
