// The rule functions of the four stages (SPEC §4). Internal to the engine.
#pragma once

#include "rules/compiled.h"
#include "rules/context.h"

namespace perdiem::rules {

// Stage 1: the line on its own.
void place_of_service_home(Context&, const RuleDef&);
void excluded_drug_type(Context&, const RuleDef&);
void supply_bundled(Context&, const RuleDef&);
void incidental_per_diem(Context&, const RuleDef&);
void unlisted_drug_detail(Context&, const RuleDef&);
void nursing_visit_professional(Context&, const RuleDef&);
// Stage 2: injectables.
void injectable_needs_iv_or_nurse(Context&, const RuleDef&);
// Stage 3: pairing of per diems with products.
void mutually_exclusive_per_diem(Context&, const RuleDef&);
void hourly_pharmacy_with_per_diem(Context&, const RuleDef&);
void per_diem_needs_drug(Context&, const RuleDef&);
void anticoagulant_per_diem_for_flush(Context&, const RuleDef&);
void visit_needs_drug(Context&, const RuleDef&);
void nursing_add_on_needs_primary(Context&, const RuleDef&);
void tpn_component_included(Context&, const RuleDef&);
void specialty_amino_acid_necessity(Context&, const RuleDef&);
void iv_solution_incidental(Context&, const RuleDef&);
// Stage 4: units and concurrency of the per diems that survive.
void per_diem_units(Context&, const RuleDef&);
void concurrent_therapy_modifier(Context&, const RuleDef&);

// Shared by stages: the line's rendering provider is a registered nurse.
bool is_registered_nurse(const Context& ctx, size_t i);
// S9372 whose only anticoagulant on its days is a heparin lock flush; the
// flush lines ("3 J1642, 4 J1642") are written to `flush_lines`.
bool anticoagulant_only_flush(const Context& ctx, size_t i, std::string& flush_lines);
// The days of per diem i that have a corresponding payable product, the
// products that give them (for notes) and whether a pairing rests on an
// unknown drug class. Valid until the next call.
const Scratch::Coverage& covered_days(const Context& ctx, size_t i);

// A payable drug of a professional visit's category on its day: its line,
// and whether the match rests on a drug of unknown class.
bool visit_has_drug(const Context& ctx, size_t i, size_t* partner, bool* unverified);

// Notes on the per diems and visits that survive: what they were paired with.
void add_pairing_notes(Context& ctx);

}  // namespace perdiem::rules
