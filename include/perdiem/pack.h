// The policy pack: everything a policy analyst may change without a compiler.
//
// A pack is a folder: pack.toml (identity, effective dates, code sets, per
// diem families, rule parameters, reason codes, messages, citations) plus the
// drug reference drugs.csv and the optional NDC table ndc.csv. Loading
// validates everything and reports mistakes with file and line; the result
// is an immutable Pack, shared read-only by every thread (THREAD-SAFE: all
// const member functions). See docs/pack-format.md.
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
  bool self_administered = false;
  TpnRole tpn = TpnRole::kNone;
  std::string source;
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
};

struct RuleDef {
  std::string id;           // "per-diem-units"
  int stage = 1;            // 1..4
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
  // The message template for `key`, or the "default" one.
  const std::string& message(std::string_view key) const;
};

namespace rules {
struct Compiled;  // the rules' look-up tables for one pack (src/rules/compiled.h)
}

struct Pack {
  // Identity
  std::string id, name, policy, version, title;
  Date effective;
  std::optional<Date> expires;
  std::string folder;  // where it was loaded from

  // Named code sets ("per_diem", "supplies", ...); see docs/pack-format.md.
  std::map<std::string, CodeSet, std::less<>> sets;
  // Named string lists (taxonomy prefixes, diagnosis prefixes, keywords).
  std::map<std::string, std::vector<std::string>, std::less<>> lists;
  std::vector<Family> families;
  struct ExclusivePair {
    CodeSet first, second;
    std::string note;  // where the pair comes from
  };
  std::vector<ExclusivePair> exclusive_pairs;
  std::vector<RuleDef> rules;  // catalogue order

  std::unordered_map<std::string, DrugInfo> drugs;  // by HCPCS
  std::unordered_map<std::string, DrugInfo> ndcs;   // by 11-digit NDC

  // Look-ups. REQUIRES: the name was validated at load (the engine's names are).
  const CodeSet& set(std::string_view name) const;
  const std::vector<std::string>& list(std::string_view name) const;
  const RuleDef* rule(std::string_view id) const;
  const DrugInfo* drug(std::string_view hcpcs) const;
  const DrugInfo* ndc(std::string_view ndc) const;
  const Family* family_of(std::string_view per_diem_code) const;

  // Built once by the loader from everything above: one search gives a
  // code's every set membership and family, rule functions are resolved.
  std::shared_ptr<const rules::Compiled> compiled;
};

// Several versions of a pack (a folder of pack folders, or one pack folder).
class PackSet {
 public:
  // The version in force on `date`: the latest effective on or before it and
  // not expired. nullptr when none is.
  const Pack* in_force(Date date) const;
  // The earliest version (the one used when no date is given).
  const Pack& first() const { return *packs_.front(); }
  const Pack& latest() const { return *packs_.back(); }
  const std::vector<std::unique_ptr<Pack>>& packs() const { return packs_; }

 private:
  friend struct PackLoader;
  std::vector<std::unique_ptr<Pack>> packs_;  // sorted by effective date
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

// Loads and validates a pack folder, or a folder whose sub-folders are pack
// versions. On failure returns nullptr and fills `errors` (every mistake
// found, not only the first).
std::shared_ptr<const PackSet> load_pack(const std::string& path, std::vector<PackError>& errors);

// The folder of the built-in CPCP019 pack: $PERDIEM_PACK, else beside the
// executable (../share/perdiem/packs/cpcp019), else the source tree.
std::string default_pack_path();

}  // namespace perdiem
