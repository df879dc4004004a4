// `perdiem gen`: a synthetic X12 837P (005010X222A1) generator.
//
// Writes realistic home infusion claims of the therapies CPCP019 covers
// (anti-infectives, TPN, hydration, inotropes, immune globulin,
// anticoagulants, enteral nutrition, injectables, pain management,
// chemotherapy, nursing and professional visits, catheter care, concurrent
// therapies with SH/SJ), and on a configurable share of claims one
// deliberate rule break, so that every CPCP019 rule has something to fire on.
//
// The output is a function of the options alone: the same options give the
// same bytes on every platform (a splitmix64/xoshiro256** generator of our
// own, integer arithmetic only). Claim k depends only on (seed, k), not on
// the envelope sizes. Output is handed to the caller in chunks of about
// `chunk_bytes` as it is produced, so memory stays flat for any number of
// claims. Thread-compatible: one call per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace perdiem {

// The deliberate rule breaks. Each is meant to fire one rule (gen_break_rule).
enum class GenBreak : uint8_t {
  kNone = 0,
  kPlaceOfService11,       // CLM05-1 = 11 (office) instead of 12 (home)
  kUnitsTripled,           // per diem units = 3 x the days (one per dose)
  kHourlyPharmacy,         // S9810 on a per diem day
  kMissingDrug,            // a per diem whose drug line is not billed
  kOralDrug,               // J8499 oral drug, with a description
  kSupplyPump,             // E0781 infusion pump billed separately
  kFlushBilled,            // J1642 / A4216 / J3490 saline or heparin flush billed separately
  kIncidentalPerDiem,      // S9537 with its hematopoietic drug
  kNocWithoutNdc,          // J3490 with a description but no NDC
  kNursingByLpn,           // 99601 rendered by an LPN (164W00000X)
  kInjectableAlone,        // S9372 + SC enoxaparin with no IV therapy or nurse
  kS9494WithHourly,        // S9494 billed with S9500
  kAddOnWithoutPrimary,    // 99602 without 99601
  kTpnComponent,           // TPN with B4172 / J3480 billed separately
  kSpecialtyAminoNoDx,     // 15% amino acid with TPN, no fluid restriction diagnosis
  kIvSolutionWithDrug,     // J7050 with an anti-infective per diem (no hydration)
  kMissingSh,              // second concurrent therapy without SH
  kSjWithTwo,              // SJ on the second of only two concurrent therapies
  kAnticoagulantForFlush,  // S9372 whose only anticoagulant is J1642
  kVisitWithoutChemo,      // G0070 with no chemotherapy drug
  kEnteralOral,            // enteral formula with modifier BO
  kTpnOnDialysisDay,       // TPN on a day covered by S9339
  // Day by day (SPEC §4 Days): claims where only some days are payable.
  kDrugOnSomeDays,         // a per diem whose drug is billed for only some of its days
  kDuplicatePerDiem,       // two per diems of one therapy with one drug (the second with SH, or none)
  kShPartlyConcurrent,     // an SH therapy that outlasts the primary, alone on its last days
  kInjectableSomeDays,     // an SC injectable over a week with an IV drug on one day
  kTpnStrengthOfDextrose,  // B4178 "Travasol 5.5% in dextrose 20%": a standard amino acid, not 20%
  kCount
};
constexpr int kGenBreakCount = static_cast<int>(GenBreak::kCount);

// "pos-11", "units-tripled", ... ("none" for kNone).
const char* gen_break_name(GenBreak b);
// The rule id the break is meant to fire ("" for kNone).
const char* gen_break_rule(GenBreak b);

// What was generated for one claim (for tests and label files).
struct GenClaimInfo {
  uint64_t index = 0;          // 0-based
  std::string_view claim_id;   // CLM01; valid during the callback only
  GenBreak kind = GenBreak::kNone;
  uint32_t lines = 0;
};

struct GenOptions {
  uint64_t claims = 0;
  uint64_t seed = 1;
  double error_rate = 0.3;            // share of claims with one deliberate break, 0..1
  uint32_t claims_per_st = 500;       // claims per transaction set (ST/SE)
  uint32_t st_per_interchange = 20;   // transaction sets per interchange (one GS each)
  std::string start_date = "2024-04-15";  // earliest date of service (YYYY-MM-DD): a week before CPCP019
  size_t chunk_bytes = 1 << 20;       // hand output over in chunks of about this size
  // Called once per claim, in order, when set.
  std::function<void(const GenClaimInfo&)> on_claim;
};

struct GenStats {
  uint64_t claims = 0, lines = 0, segments = 0, bytes = 0;
  uint64_t interchanges = 0, transaction_sets = 0;
  uint64_t breaks[kGenBreakCount] = {};  // claims per break kind ([0] = clean)
  size_t largest_chunk = 0;
};

// Why the options cannot be used ("" when they can).
std::string gen_options_error(const GenOptions& options);

// Generates options.claims claims and hands the text to `write` in chunks.
// Invalid options (gen_options_error) write nothing and return empty stats.
GenStats generate_837(const GenOptions& options, const std::function<void(std::string_view)>& write);

}  // namespace perdiem
