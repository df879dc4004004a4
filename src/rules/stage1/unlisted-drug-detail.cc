// unlisted-drug-detail (stage 1): an unlisted (NOC) drug code billed
// without what identifies the drug (CPCP035, which CPCP019 names among its
// resources). A NOC drug code needs an NDC and a description; S5000/S5001
// (prescription drug, generic or brand) need an NDC. Denied, with the fix
// to add the NDC when it is the NDC that is missing.
#include "rules/context.h"
#include "rules/rule.h"

namespace perdiem::rules {

namespace {

enum { kNoc, kRxNoc };
constexpr std::string_view kSets[] = {"noc_drug", "prescription_drug_noc"};
constexpr std::string_view kKeys[] = {"default"};
constexpr std::string_view kArgs[] = {"missing"};

void check(Context& ctx, const Rule& rule) {
  for (size_t i = 0; i < ctx.size(); ++i) {
    const LineFacts& f = ctx.fact(i);
    const ServiceLine& l = ctx.line(i);
    if (!ctx.payable(i)) continue;
    const bool no_ndc = l.ndc.empty();
    const bool no_desc = l.description.empty();
    std::string_view missing;
    if (f.in(rule.set(kNoc))) {
      if (no_ndc && no_desc) missing = "an NDC and a description";
      else if (no_ndc) missing = "an NDC";
      else if (no_desc) missing = "a description";
    } else if (f.in(rule.set(kRxNoc)) && no_ndc) {
      missing = "an NDC";
    }
    if (missing.empty()) continue;
    Fix fix;
    if (no_ndc) fix.kind = Fix::Kind::kAddNdc;
    ctx.edit(i, rule, "default", {{"missing", missing}}, std::move(fix));
  }
}

}  // namespace

extern const RuleSpec rule_unlisted_drug_detail;
const RuleSpec rule_unlisted_drug_detail = {
    .id = "unlisted-drug-detail",
    .stage = 1,
    .needs = {.sets = kSets},
    .message_keys = kKeys,
    .args = kArgs,
    .starts_from = kSets,
    .check = check,
};

}  // namespace perdiem::rules
