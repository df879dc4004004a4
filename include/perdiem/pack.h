// The policy pack: everything a policy analyst may change without a compiler.
//
// A pack is a folder: pack.toml (identity, effective dates, code sets, lists,
// parameters, per diem families, the rules it applies with their reason
// codes, messages and citations) plus the drug reference drugs.csv and the
// optional NDC table ndc.csv. See docs/pack-format.md.
//
// Two steps make a pack usable, in two layers: src/policy/ reads the files
// into a Pack (data, checked for form, knowing nothing of rules), and the
// engine compiles each version against its rule registry (the rules the
// pack lists exist, the data they declare is there, their messages use only
// names they fill). load_pack() does both. The result is an immutable
// PackSet, shared read-only by every thread (THREAD-SAFE: const only).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "perdiem/date.h"
#include "perdiem/money.h"
#include "perdiem/result.h"

namespace perdiem {

// A HCPCS/CPT code or modifier packed into 64 bits: its length in the top
// byte, then up to 7 characters big-endian (upper-cased). Codes of the same
// length compare as their text does, codes of different lengths never fall
// in the same range, and a range test is two integer comparisons. Codes
// longer than 7 characters have no key (0).
using CodeKey = uint64_t;
CodeKey code_key(std::string_view code);

// A set of codes: single codes and inclusive ranges ("A4206-A8004").
class CodeSet {
 public:
  // Returns false and sets `error` when the item is not a code or range.
  bool add(std::string_view item, std::string& error);
  void add_all(const CodeSet& other);
  void finish();  // sorts and merges; call before contains()
  bool contains(std::string_view code) const { return contains_key(code_key(code)); }
  bool contains_key(CodeKey k) const;
  bool empty() const { return ranges_.empty(); }
  const std::vector<std::string>& items() const { return items_; }  // as written
  struct Range { CodeKey lo, hi; };
  const std::vector<Range>& ranges() const { return ranges_; }  // sorted, merged

 private:
  std::vector<Range> ranges_;
  std::vector<std::string> items_;
};

// Routes of administration, as a bit set.
enum Route : uint16_t {
  kRouteIV = 1 << 0,
  kRouteSC = 1 << 1,
  kRouteIM = 1 << 2,
  kRouteOral = 1 << 3,
  kRouteInhaled = 1 << 4,
  kRouteTopical = 1 << 5,
  kRouteIntraArticular = 1 << 6,
  kRouteIntrathecal = 1 << 7,
  kRouteEpidural = 1 << 8,
  kRouteEnteral = 1 << 9,
  kRouteOther = 1 << 10,
};
bool parse_routes(std::string_view text, uint16_t& out, std::string& error);  // "IV;IM"

// How a product stands against a TPN per diem (CPCP019 TPN section).
enum class TpnRole : uint8_t {
  kNone,              // not a parenteral nutrition product
  kIncluded,          // in the per diem: not separately payable
  kSpecialtyHigh,     // 15%-or-stronger amino acid: payable when medically necessary
  kSeparate,          // not included: payable separately
};

struct DrugInfo {
  std::string code;      // HCPCS or 11-digit NDC
  std::string name;
  std::string drug_class;  // e.g. "anti-infective"; see docs/pack-format.md
  uint16_t routes = 0;
  bool clotting_factor = false;
  TpnRole tpn = TpnRole::kNone;
  std::string source;
  uint32_t line = 0;     // of its row in the table
};

// A per diem family: the per diem codes and the products that correspond.
struct Family {
  std::string id;                  // "anti-infective"
  std::string name;
  CodeSet per_diem;
  std::vector<std::string> classes;  // drug classes that correspond; "*" = any drug
  CodeSet products;                // product codes that correspond
  CodeSet excluded_products;       // never correspond (J1642 for anticoagulants)
  bool needs_product = true;       // false for TPN (the formula is included)
  bool drug_products = true;       // false where products are not drugs (enteral, hydration, blood)
  bool accepts_unknown = true;     // a drug of unknown class may pair (notes it)
  bool concurrent = true;          // counts as a concurrently administered therapy (SH/SJ)
  // The routes its descriptor names (S9359 "anti-tumor necrosis factor
  // intravenous therapy"): a product of a known route corresponds only
  // when it has one of them. 0: any route.
  uint16_t routes = 0;
  uint32_t line = 0;               // of its [[family]] table
};

// A named parameter of [params]: a number (exact, to a thousandth), a
// string or a boolean, as written. A number with a fraction is written as a
// string ("12.5"), so that it never passes through binary floating point.
struct Param {
  enum class Type : uint8_t { kNumber, kString, kBool };
  Type type = Type::kNumber;
  Quantity number;       // kNumber, or a kString that is an exact decimal (numeric)
  bool numeric = false;  // `number` holds the value
  std::string text;      // kString
  bool flag = false;     // kBool
  uint32_t line = 0;
};

// A rule as the pack configures it: which rule of the engine (by id), and
// the words, reason codes and dates it carries. What the rule reads from the
// pack (sets, lists, parameters) is the rule's own declaration, checked when
// the pack is compiled (src/rules/registry.h), not part of this entry.
struct RuleDef {
  std::string id;           // "per-diem-units"
  int stage = 0;            // 1..5 as the engine's rule has it (0 until compiled, when not written)
  Decision decision = Decision::kDeny;
  std::string group;        // "CO"
  std::string carc;         // "151"
  std::vector<std::string> rarc;
  std::string title;        // one line
  std::string summary;      // what it checks, in plain words
  std::string citation;     // "CPCP019, Reimbursement Information"
  std::string policy_text;  // the sentence(s) it enforces, verbatim
  std::string example;      // a claim (JSON) that fires it
  std::map<std::string, std::string, std::less<>> messages;  // key -> template ("{line}")
  // RARCs for a message key that differ from `rarc` (e.g. N822 "missing").
  std::map<std::string, std::vector<std::string>, std::less<>> rarc_by_message;
  bool enabled = true;
  std::optional<Date> effective, expires;  // the rule applies to claims dated within
  // Where it is written: its [[rule]] table, its "stage" key (0: not
  // written) and each message's line, for the compiler's errors.
  uint32_t line = 0, stage_line = 0;
  std::map<std::string, uint32_t, std::less<>> message_lines;
  // The message template for `key`, or the "default" one.
  const std::string& message(std::string_view key) const;
};

namespace rules {
struct Compiled;  // a pack compiled against the engine's rules (src/rules/compiled.h)
}

// One version of a policy pack, as data: what the files say, checked for
// form (codes are codes, dates are dates, families name classes the drug
// tables know, ...) but not yet against the engine's rules. Immutable once
// loaded; THREAD-SAFE to read.
struct Pack {
  // Identity
  std::string id, name, policy, version, title;
  Date effective;
  std::optional<Date> expires;
  std::string folder;  // where it was loaded from
  std::string file;    // its pack.toml, as errors name it
  // The sets of the lines that bring a claim into the policy's scope
  // ("home infusion service lines"): names of [sets].
  std::vector<std::string> scope;

  // Named code sets ("per_diem", "supplies", ...); see docs/pack-format.md.
  std::map<std::string, CodeSet, std::less<>> sets;
  // Named string lists (taxonomy prefixes, diagnosis prefixes, keywords).
  std::map<std::string, std::vector<std::string>, std::less<>> lists;
  // Named parameters (thresholds, ...).
  std::map<std::string, Param, std::less<>> params;
  // [description_classes]: drug classes read from a NOC line's description,
  // in the order they are tried, each with its keywords (lower case).
  struct DescriptionClass {
    std::string drug_class;
    std::vector<std::string> keywords;
  };
  std::vector<DescriptionClass> description_classes;
  std::vector<Family> families;
  // Per diems not billed together on a day: a line of `first` does not
  // pass on the days it shares with a line of `second`; or, when
  // later_loses (two daily volume tiers of one family, first == second),
  // the later of two such lines does not.
  struct ExclusivePair {
    CodeSet first, second;
    std::string note;  // where the pair comes from
    bool later_loses = false;
    uint32_t line = 0;
  };
  std::vector<ExclusivePair> exclusive_pairs;
  std::vector<RuleDef> rules;  // the rules this pack applies, in the order written

  std::unordered_map<std::string, DrugInfo> drugs;  // by HCPCS
  std::unordered_map<std::string, DrugInfo> ndcs;   // by 11-digit NDC
  std::string drugs_file, ndc_file;                 // as errors name them

  // The line each named item is written on, by "sets.NAME", "lists.NAME",
  // "params.NAME", "description_classes", "family", "exclusive", "scope",
  // for the compiler's errors and warnings.
  std::map<std::string, uint32_t, std::less<>> lines;
  uint32_t line_of(std::string_view key) const;

  // Look-ups. A name the pack does not have gives an empty set or list (the
  // compiler refuses a pack that lacks one its rules read).
  const CodeSet& set(std::string_view name) const;
  const std::vector<std::string>& list(std::string_view name) const;
  const Param* param(std::string_view name) const;
  const RuleDef* rule(std::string_view id) const;
  const DrugInfo* drug(std::string_view hcpcs) const;
  const DrugInfo* ndc(std::string_view ndc) const;
  const Family* family_of(std::string_view per_diem_code) const;
};

// Several versions of a pack (a folder of pack folders, or one pack
// folder), each compiled against the engine's rules. Immutable; THREAD-SAFE.
class PackSet {
 public:
  // The version in force on `date`: the latest effective on or before it and
  // not expired. nullptr when none is.
  const Pack* in_force(Date date) const;
  // The earliest version (the one used when no date is given).
  const Pack& first() const { return *packs_.front(); }
  const Pack& latest() const { return *packs_.back(); }
  // Every version, by effective date.
  const std::vector<const Pack*>& packs() const { return packs_; }
  // What the engine compiled for version `pack` (one of packs()).
  const rules::Compiled& compiled(const Pack& pack) const;

 private:
  friend struct PackSetBuilder;
  struct Version {
    std::shared_ptr<const Pack> pack;
    std::shared_ptr<const rules::Compiled> compiled;
  };
  std::vector<Version> versions_;     // sorted by effective date
  std::vector<const Pack*> packs_;    // the same, as plain pointers
};

// Fills a message template: "{name}" is replaced by the value of that
// argument, "{{" and "}}" stand for braces. Unknown names are left as is
// (the loader rejects templates that use them).
struct MessageArg {
  std::string_view name;
  std::string_view value;
};
std::string render_message(std::string_view tmpl, std::span<const MessageArg> args);
// The same, appended to `out` (which keeps its capacity from use to use).
void append_message(std::string& out, std::string_view tmpl, std::span<const MessageArg> args);
// How every user of a message template cuts it (the renderer above, the
// engine's precompiled messages): literal text, with "{{" and "}}" as one
// brace each, and "{name}" fields. on_name(name) returns false to leave a
// field as written; then only its "{" is text and the walk goes on after
// it. A brace without its partner is text.
template <class OnText, class OnName>
void walk_template(std::string_view t, OnText&& on_text, OnName&& on_name) {
  size_t i = 0;
  while (i < t.size()) {
    size_t brace = i;
    while (brace < t.size() && t[brace] != '{' && t[brace] != '}') ++brace;
    if (brace > i) on_text(t.substr(i, brace - i));
    i = brace;
    if (i == t.size()) break;
    const char c = t[i];
    if (i + 1 < t.size() && t[i + 1] == c) {  // "{{" or "}}"
      on_text(t.substr(i, 1));
      i += 2;
      continue;
    }
    if (c == '{') {
      const size_t close = t.find('}', i);
      if (close != std::string_view::npos && on_name(t.substr(i + 1, close - i - 1))) {
        i = close + 1;
        continue;
      }
    }
    on_text(t.substr(i, 1));
    ++i;
  }
}
// The names a template uses, in order; false when braces do not balance.
bool template_names(std::string_view tmpl, std::vector<std::string>& names);

struct PackError {
  std::string file;
  uint32_t line = 0;    // 1-based; 0 when the file as a whole
  std::string message;
  std::string text() const;  // "file:line: message"
};

// Loads a pack folder, or a folder whose sub-folders are pack versions,
// checks it and compiles it against the engine's rules. On failure returns
// nullptr and fills `errors` with every mistake found, not only the first.
// `warnings` (when given) receives what is not wrong but worth a look: pack
// data that no rule of the pack reads (`perdiem pack lint` makes these errors).
std::shared_ptr<const PackSet> load_pack(const std::string& path, std::vector<PackError>& errors,
                                         std::vector<PackError>* warnings = nullptr);

// The folder of the built-in CPCP019 pack: $PERDIEM_PACK, else beside the
// executable (../share/perdiem/packs/cpcp019), else the source tree.
std::string default_pack_path();

}  // namespace perdiem
