// What the rules share: the facts derived once per line (which code sets it
// is in, its drug class and route, its per diem family) and the Context one
// claim is checked in. Internal to the engine.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "perdiem/claim.h"
#include "perdiem/pack.h"
#include "perdiem/result.h"

namespace perdiem::rules {

// Line kinds, as bits: which of the pack's code sets a line belongs to.
enum Kind : uint32_t {
  kPerDiem = 1u << 0,
  kIncidental = 1u << 1,
  kCatheterCare = 1u << 2,
  kTpnPerDiem = 1u << 3,
  kHydrationPerDiem = 1u << 4,
  kDialysisPerDiem = 1u << 5,
  kHourlyPharmacy = 1u << 6,
  kNursingPrimary = 1u << 7,
  kNursingAddOn = 1u << 8,
  kProfessionalVisit = 1u << 9,
  kSupply = 1u << 10,
  kIvSolution = 1u << 11,
  kNocDrug = 1u << 12,
  kRxNoc = 1u << 13,
  kProduct = 1u << 14,
  kEnteralFormula = 1u << 15,
  kParenteralNutrition = 1u << 16,
  kClottingFactor = 1u << 17,
  kFlush = 1u << 18,          // saline / sterile water / heparin lock flush on a NOC line
  kHeparinFlush = 1u << 19,   // J1642 or a NOC heparin lock flush
  kAminoAcid = 1u << 20,
  kAnticoagInjection = 1u << 21,  // S9372
  kVisitOtherIv = 1u << 22,
  kVisitSubcutaneous = 1u << 23,
  kVisitChemotherapy = 1u << 24,
};
constexpr uint32_t kNursingVisit = kNursingPrimary | kNursingAddOn;
constexpr uint32_t kHomeInfusionService = kPerDiem | kHourlyPharmacy | kNursingVisit | kProfessionalVisit;

struct LineFacts {
  uint32_t kinds = 0;
  const Family* family = nullptr;   // per diem lines
  const DrugInfo* ref = nullptr;    // reference row used: NDC table first, else HCPCS
  std::string_view drug_class;      // empty when unknown
  uint16_t routes = 0;              // 0 when unknown
  TpnRole tpn = TpnRole::kNone;
  bool clotting = false;

  bool is(uint32_t k) const { return (kinds & k) != 0; }
  bool class_known() const { return !drug_class.empty(); }
  // A per diem that counts for concurrency: not incidental, not catheter care,
  // and of a family that is a therapy (the pack's `concurrent`).
  bool therapy_per_diem() const {
    return is(kPerDiem) && !is(kIncidental | kCatheterCare) && (!family || family->concurrent);
  }
};

// Derives the facts of every line of a claim from the pack.
void classify(const Pack& pack, const Claim& claim, std::vector<LineFacts>& out);

// Classes whose products are not drugs (they never pair with "*" families).
bool is_drug_class(std::string_view cls);

struct Arg {
  std::string_view name;
  std::string value;
};

class Context {
 public:
  Context(const Pack& pack, const Claim& claim, std::vector<LineFacts>& facts,
          std::vector<LineResult>& results)
      : pack(pack), claim(claim), facts(facts), results(results) {}

  const Pack& pack;
  const Claim& claim;
  std::vector<LineFacts>& facts;
  std::vector<LineResult>& results;

  size_t size() const { return claim.lines.size(); }
  const ServiceLine& line(size_t i) const { return claim.lines[i]; }
  const LineFacts& fact(size_t i) const { return facts[i]; }
  // Payable as the current stage began (pay, reduce or pend).
  bool payable(size_t i) const { return payable_[i] != 0; }
  bool overlaps(size_t a, size_t b) const { return line(a).dates.overlaps(line(b).dates); }
  // The stage boundary: later stages see only what is payable now.
  void snapshot();

  // Adds an edit to line i: the rule's decision and reason codes, the
  // message `key` filled with the common names and `args`, and a fix.
  void edit(size_t i, const RuleDef& rule, std::string_view key, std::initializer_list<Arg> args,
            Fix fix = {});
  bool has_edit(size_t i, const RuleDef& rule) const;
  void note(size_t i, std::string text) { results[i].notes.push_back(std::move(text)); }

  // The taxonomy and who it belongs to: line rendering, else claim
  // rendering, else billing provider.
  std::string_view rendering_taxonomy(size_t i, const char** who = nullptr) const;
  // "2024-06-01" or "2024-06-01 to 2024-06-07".
  static std::string span_text(const DateSpan& s);
  std::string line_ref(size_t i) const;  // "2"
  // How messages name line i's product: "J3490 (Sod Chl 0.9% flush)".
  std::string what(size_t i) const;

 private:
  std::vector<uint8_t> payable_;
};

// Does product line p correspond to per diem family f? Sets `unverified`
// when the pairing rests on an unknown drug class.
bool corresponds(const Context& ctx, const Family& f, size_t p, bool& unverified);
// True when the text of `hay` (lower-cased) contains any of `needles`.
bool contains_any(std::string_view hay_lower, const std::vector<std::string>& needles);
std::string lower(std::string_view s);

// The rules, by stage (each reads its RuleDef for codes and words).
using RuleFn = void (*)(Context&, const RuleDef&);
RuleFn find_rule_fn(std::string_view id);

}  // namespace perdiem::rules
