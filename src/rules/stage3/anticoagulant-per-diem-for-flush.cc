// anticoagulant-per-diem-for-flush (stage 3): S9372 "intermittent
// anticoagulant injection therapy ... (do not use this code for flushing of
// infusion devices with heparin to maintain patency)". S9372 whose only
// anticoagulant on its days is a heparin lock flush is denied; this edit
// replaces per-diem-needs-drug's on that line, saying why more exactly.
#include "rules/compiled.h"
#include "rules/rule.h"
#include "rules/shared/words.h"

namespace perdiem::rules {

namespace {

enum { kAnticoagInjection };
constexpr std::string_view kSets[] = {"anticoagulant_injection_per_diem"};
enum { kAnticoagulant };
constexpr std::string_view kClassLists[] = {"anticoagulant_classes"};
constexpr std::string_view kKeys[] = {"default"};
constexpr std::string_view kArgs[] = {"flush_lines"};
constexpr std::string_view kReplaces[] = {"per-diem-needs-drug"};

// Line i is S9372 whose only anticoagulant on its days is a heparin lock
// flush; the flush lines ("3 J1642, 4 J1642") are written to `flush_lines`.
bool only_flush(const Context& ctx, const Rule& rule, size_t i, std::string& flush_lines) {
  if (!ctx.fact(i).in(rule.set(kAnticoagInjection))) return false;
  bool other_anticoagulant = false;
  flush_lines.clear();
  for (size_t j = 0; j < ctx.size(); ++j) {
    // What is billed on its days: the flush is bundled in stage 1.
    if (j == i || !ctx.billed_together(i, j)) continue;
    const LineFacts& f = ctx.fact(j);
    if (f.is(kFlagHeparinFlush)) {
      if (!flush_lines.empty()) flush_lines += ", ";
      append_number(flush_lines, ctx.line(j).number);
      flush_lines += ' ';
      flush_lines += ctx.line(j).code;
    } else if (rule.classes(kAnticoagulant).has(f.drug_class) ||
               (ctx.payable(j) && f.is(kFlagProduct) && !f.class_known())) {
      other_anticoagulant = true;  // a real (or possibly real) anticoagulant is billed
    }
  }
  return !flush_lines.empty() && !other_anticoagulant;
}

void check(Context& ctx, const Rule& rule) {
  std::string& flush_lines = ctx.text(0);
  for (size_t i = 0; i < ctx.size(); ++i)
    if (ctx.payable(i) && only_flush(ctx, rule, i, flush_lines))
      ctx.edit(i, rule, "default", {{"flush_lines", flush_lines}});
}

}  // namespace

extern const RuleSpec rule_anticoagulant_per_diem_for_flush;
const RuleSpec rule_anticoagulant_per_diem_for_flush = {
    .id = "anticoagulant-per-diem-for-flush",
    .stage = 3,
    .needs = {.sets = kSets, .class_lists = kClassLists, .facts = kFactDrug | kFactFlush | kFactProduct},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kSets,
    .replaces = kReplaces,
    .check = check,
};

}  // namespace perdiem::rules
