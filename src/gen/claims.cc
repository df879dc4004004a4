// The generator's claims (gen/draft.h): clean claims drawn from weighted
// templates of home infusion billing, and claims with one deliberate break
// of each kind, each meant to fire one CPCP019 rule.
#include "gen/draft.h"

namespace perdiem::gen {
namespace {

// Therapies whose drug is an IV drug that is not chemotherapy (G0068 fits).
constexpr Therapy kIvTherapies[] = {Therapy::kAntiInfective, Therapy::kInotrope, Therapy::kIvig,
                                    Therapy::kPain,          Therapy::kAnticoagIv, Therapy::kAntiemetic,
                                    Therapy::kSteroid,       Therapy::kPulmHtn,    Therapy::kAlpha1,
                                    Therapy::kEnzyme,        Therapy::kAntiTnf};
constexpr Therapy kSpecialtyTherapies[] = {Therapy::kAntiemetic, Therapy::kSteroid, Therapy::kPulmHtn,
                                  Therapy::kAlpha1,     Therapy::kEnzyme,  Therapy::kAntiTnf};

enum class Tpl : uint8_t {
  kAntiInfective, kTpn, kHydration, kInotrope, kIvig, kAnticoagSc, kAnticoagIv, kEnteral, kInjectable,
  kScig, kPain, kConcurrent2, kConcurrent3, kCatheterCare, kVisitIv, kChemo, kNursing, kSpecialty,
  // Billed the messy ways real claims are, and still clean (SPEC §4 Days):
  kDrugInTwoSpans,      // the drug billed as two lines that together cover the per diem's days
  kTwoDrugsOneClass,    // two anti-infectives, two per diems: S9500 and S9501-SH
  kTpnStrengths,        // TPN with a 15% amino acid among other strengths, and its diagnosis
  kCount
};
constexpr uint32_t kTplWeight[] = {20, 10, 7, 5, 6, 4, 3, 6, 3, 3, 4, 7, 3, 4, 3, 3, 4, 5, 3, 2, 2};
static_assert(sizeof(kTplWeight) / sizeof(kTplWeight[0]) == static_cast<size_t>(Tpl::kCount));

Tpl pick_template(Rng& r) {
  static constexpr uint32_t kTotal = [] {
    uint32_t t = 0;
    for (uint32_t w : kTplWeight) t += w;
    return t;
  }();
  uint32_t x = r.below(kTotal);
  for (size_t i = 0; i < static_cast<size_t>(Tpl::kCount); ++i) {
    if (x < kTplWeight[i]) return static_cast<Tpl>(i);
    x -= kTplWeight[i];
  }
  return Tpl::kAntiInfective;
}

constexpr sv kHematopoietic[] = {"J0885", "Q5106", "J0881"};

void clean_claim(GClaim& c, Rng& r, int32_t d0) {
  switch (pick_template(r)) {
    case Tpl::kAntiInfective: {
      const Block b = add_typical(c, r, Therapy::kAntiInfective, d0);
      if (r.percent(30)) nursing_visit(c, r, d0, r.percent(30) ? r.range(1, 2) : 0);
      if (r.percent(15)) c.add({"J2405", d0, c.lines[b.per_diem].to, 8, r.range(10, 60)});  // ondansetron
      break;
    }
    case Tpl::kTpn: {
      const int len = typical_len(Therapy::kTpn, r);
      add_block(c, r, Therapy::kTpn, d0, len, {}, r.percent(15) ? Amino15::kWithDx : Amino15::kNone);
      if (r.percent(20)) nursing_visit(c, r, d0, 0);
      break;
    }
    case Tpl::kHydration: add_typical(c, r, Therapy::kHydration, d0); break;
    case Tpl::kInotrope:
      add_typical(c, r, Therapy::kInotrope, d0);
      if (r.percent(25)) nursing_visit(c, r, d0, 0);
      break;
    case Tpl::kIvig: {
      add_typical(c, r, Therapy::kIvig, d0);
      if (r.percent(60)) nursing_visit(c, r, d0, r.range(1, 3));
      break;
    }
    case Tpl::kAnticoagSc: {
      const Block b = add_typical(c, r, Therapy::kAnticoagSc, d0);
      // Enoxaparin is subcutaneous: payable day by day only when a registered
      // nurse gives it (or with an IV therapy that day), so the nurse who
      // renders the claim gives it, and visits on one of its days.
      c.rendering = r.pick(kRn);
      nursing_visit(c, r, d0 + r.range(0, c.lines[b.per_diem].to - d0), 0);
      break;
    }
    case Tpl::kAnticoagIv: add_typical(c, r, Therapy::kAnticoagIv, d0); break;
    case Tpl::kEnteral: add_typical(c, r, Therapy::kEnteral, d0); break;
    case Tpl::kInjectable: {
      // A nurse-administered hematopoietic injection; no incidental per diem.
      constexpr sv kDx[] = {"D630", "D649", "D631"};
      c.add_dx(r.pick(kDx));
      nursing_visit(c, r, d0, 0);
      const sv drug = r.pick(kHematopoietic);
      c.add({drug, d0, d0, drug == "J0881" ? r.range(25, 200) : r.range(10, 40), r.range(300, 1200)});
      break;
    }
    case Tpl::kScig: {
      add_block(c, r, Therapy::kScig, d0, 1, {});
      if (r.percent(60)) c.add({r.percent(80) ? "G0069" : "G0089", d0, d0, r.range(4, 8), r.range(3000, 5000)});
      else nursing_visit(c, r, d0, r.range(0, 1));
      break;
    }
    case Tpl::kPain: add_typical(c, r, Therapy::kPain, d0); break;
    case Tpl::kConcurrent2: concurrent(c, r, d0, 2, "SH"); break;
    case Tpl::kConcurrent3: concurrent(c, r, d0, 3, "SH"); break;
    case Tpl::kCatheterCare: {
      const Therapy t = r.percent(70) ? Therapy::kAntiInfective : r.pick(kIvTherapies);
      const int len = typical_len(t, r);
      constexpr sv kCodes[] = {"S5501", "S5502", "S5498"};
      const sv code = r.pick(kCodes);
      add_block(c, r, t, d0, len, {});
      c.add({code, d0, d0 + len - 1, static_cast<uint32_t>(len), r.range(1500, 4000)});
      break;
    }
    case Tpl::kVisitIv: {
      add_typical(c, r, r.pick(kIvTherapies), d0);
      c.add({r.percent(70) ? "G0068" : "G0088", d0, d0, r.range(2, 8), r.range(3000, 5000)});
      break;
    }
    case Tpl::kChemo:
      add_typical(c, r, Therapy::kChemo, d0);
      if (r.percent(60)) c.add({r.percent(80) ? "G0070" : "G0090", d0, d0, r.range(2, 6), r.range(4000, 6500)});
      break;
    case Tpl::kNursing: {
      constexpr Therapy kT[] = {Therapy::kAntiInfective, Therapy::kIvig, Therapy::kInotrope, Therapy::kPain};
      const Block b = add_typical(c, r, r.pick(kT), d0);
      const int32_t day = d0 + r.range(0, c.lines[b.per_diem].to - d0);
      nursing_visit(c, r, day, r.range(1, 3));
      break;
    }
    case Tpl::kSpecialty: add_typical(c, r, r.pick(kSpecialtyTherapies), d0); break;
    case Tpl::kDrugInTwoSpans: {
      const Block b = add_typical(c, r, Therapy::kAntiInfective, d0);
      GLine& drug = c.lines[b.drug];
      const int32_t to = drug.to;
      if (to > d0) {
        const int32_t cut = d0 + r.range(0, to - d0 - 1);  // the last day of the first span
        GLine second = drug;
        const uint32_t days = static_cast<uint32_t>(to - d0 + 1);
        const uint32_t per_day = std::max<uint32_t>(1, drug.units / days);
        const int64_t unit_cents = drug.cents / std::max<uint32_t>(1, drug.units);
        drug.to = cut;
        drug.units = per_day * static_cast<uint32_t>(cut - d0 + 1);
        drug.cents = unit_cents * drug.units;
        second.from = cut + 1;
        second.units = per_day * static_cast<uint32_t>(to - cut);
        second.cents = unit_cents * second.units;
        c.lines.push_back(second);
      }
      break;
    }
    case Tpl::kTwoDrugsOneClass: {
      const int len = typical_len(Therapy::kAntiInfective, r);
      c.add_dx("A419");
      c.add({"S9500", d0, d0 + len - 1, static_cast<uint32_t>(len), r.range(9000, 16000)});
      c.add({"J0696", d0, d0 + len - 1, static_cast<uint32_t>(2 * len), r.range(400, 1200)});
      c.add({"S9501", d0, d0 + len - 1, static_cast<uint32_t>(len), r.range(9000, 16000)}).mod1 = "SH";
      c.add({"J3370", d0, d0 + len - 1, static_cast<uint32_t>(4 * len), r.range(300, 900)});
      break;
    }
    case Tpl::kTpnStrengths: {
      const Block b = add_block(c, r, Therapy::kTpn, d0, typical_len(Therapy::kTpn, r), {}, Amino15::kWithDx);
      (void)b;
      break;
    }
    case Tpl::kCount: break;
  }
}


}  // namespace

void draft_claim(GClaim& c, Rng& r, int32_t d0, GenBreak b) {
  if (d0 < kPolicyEffective) {
    if (b == GenBreak::kNone) {
      // Begun before the plan's effective date and billed on into it: every
      // line ends on or after it, so the whole course is judged.
      add_block(c, r, Therapy::kAntiInfective, d0, (kPolicyEffective - d0) + r.range(2, 8), {});
      return;
    }
    d0 = kPolicyEffective;  // a break is judged: inside the policy
  }
  switch (b) {
    case GenBreak::kPlaceOfService11:
      clean_claim(c, r, d0);
      c.pos = "11";
      break;
    case GenBreak::kUnitsTripled: {
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      GLine& l = c.lines[bl.per_diem];
      const int64_t rate = l.cents / l.units;
      l.units *= 3;  // one unit per dose instead of per day
      l.cents = rate * l.units;
      break;
    }
    case GenBreak::kHourlyPharmacy: {
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      const int32_t day = d0 + r.range(0, c.lines[bl.per_diem].to - d0);
      c.add({"S9810", day, day, r.range(1, 3), r.range(4000, 6000)});
      break;
    }
    case GenBreak::kMissingDrug: {
      constexpr Therapy kT[] = {Therapy::kAntiInfective, Therapy::kInotrope,  Therapy::kIvig,
                                Therapy::kAnticoagIv,    Therapy::kPain,      Therapy::kHydration,
                                Therapy::kEnteral,       Therapy::kAntiemetic, Therapy::kPulmHtn};
      const Block bl = add_typical(c, r, r.pick(kT), d0);
      c.lines.resize(bl.drug);  // the drug line is not billed
      break;
    }
    case GenBreak::kOralDrug: {
      constexpr sv kOral[] = {"ciprofloxacin 500 mg tablet po", "linezolid 600 mg tablet oral",
                              "amoxicillin-clavulanate 875 mg tablet po", "ondansetron 8 mg tablet oral"};
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      const int32_t to = c.lines[bl.per_diem].to;
      c.add({"J8499", d0, to, static_cast<uint32_t>(2 * (to - d0 + 1)), r.range(200, 900)}).desc = r.pick(kOral);
      break;
    }
    case GenBreak::kSupplyPump: {
      constexpr Therapy kT[] = {Therapy::kPain, Therapy::kInotrope, Therapy::kTpn, Therapy::kAntiInfective};
      const Block bl = add_typical(c, r, r.pick(kT), d0);
      c.add({"E0781", d0, c.lines[bl.per_diem].to, 1, r.range(25000, 60000)});
      break;
    }
    case GenBreak::kFlushBilled: {
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      const int32_t to = c.lines[bl.per_diem].to;
      const uint32_t days = static_cast<uint32_t>(to - d0 + 1);
      switch (r.below(4)) {
        case 0: c.add({"J1642", d0, to, 5 * days, r.range(30, 90)}); break;
        case 1: c.add({"A4216", d0, to, 2 * days, r.range(100, 300)}); break;
        case 2: {
          GLine& l = c.add({"J3490", d0, to, days, r.range(500, 1000)});
          l.desc = "Sod Chl 0.9% flush see NDC";
          l.ndc = "08290306553";
          l.ndc_qty = days;
          break;
        }
        default: {
          GLine& l = c.add({"J3490", d0, to, days, r.range(150, 400)});
          l.desc = "Hep Lock flush see NDC";
          l.ndc = "00641027325";
          l.ndc_qty = days;
          break;
        }
      }
      break;
    }
    case GenBreak::kIncidentalPerDiem: {
      constexpr sv kDx[] = {"D630", "D649", "D631"};
      c.add_dx(r.pick(kDx));
      c.add({"S9537", d0, d0, 1, r.range(6000, 12000)});
      const sv drug = r.pick(kHematopoietic);
      c.add({drug, d0, d0, drug == "J0881" ? r.range(25, 200) : r.range(10, 40), r.range(300, 1200)});
      nursing_visit(c, r, d0, 0);
      break;
    }
    case GenBreak::kNocWithoutNdc: {
      constexpr sv kNoc[] = {"cefepime 2 g iv", "ceftaroline 600 mg ivpb", "micafungin 100 mg iv",
                             "famotidine 20 mg iv"};
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      const int32_t to = c.lines[bl.per_diem].to;
      c.add({"J3490", d0, to, static_cast<uint32_t>(to - d0 + 1), r.range(2000, 6000)}).desc = r.pick(kNoc);
      break;
    }
    case GenBreak::kNursingByLpn: {
      add_typical(c, r, Therapy::kAntiInfective, d0);
      c.add({"99601", d0, d0, 1, r.range(12000, 19500)}).tax = r.pick(kLpn);
      break;
    }
    case GenBreak::kInjectableAlone:
      add_typical(c, r, Therapy::kAnticoagSc, d0);
      if (c.rendering.size() && c.rendering != kPharmacist) c.rendering = {};
      break;
    case GenBreak::kS9494WithHourly: {
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      GLine extra = c.lines[bl.per_diem];
      extra.code = "S9494";
      c.lines.insert(c.lines.begin() + static_cast<std::ptrdiff_t>(bl.per_diem), extra);
      break;
    }
    case GenBreak::kAddOnWithoutPrimary: {
      add_typical(c, r, Therapy::kAntiInfective, d0);
      c.add({"99602", d0, d0, r.range(1, 2), r.range(5500, 9500)}).tax = r.pick(kRn);
      break;
    }
    case GenBreak::kTpnComponent: {
      const Block bl = add_typical(c, r, Therapy::kTpn, d0);
      const int32_t to = c.lines[bl.per_diem].to;
      const uint32_t days = static_cast<uint32_t>(to - d0 + 1);
      if (r.percent(70)) c.add({"B4172", d0, to, 2 * days, r.range(1200, 2000)});
      else c.add({"J3480", d0, to, 10 * days, r.range(30, 80)});
      break;
    }
    case GenBreak::kSpecialtyAminoNoDx:
      add_block(c, r, Therapy::kTpn, d0, typical_len(Therapy::kTpn, r), {}, Amino15::kWithoutDx);
      break;
    case GenBreak::kIvSolutionWithDrug: {
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      const int32_t to = c.lines[bl.per_diem].to;
      c.add({"J7050", d0, to, static_cast<uint32_t>(to - d0 + 1), r.range(1200, 3000)});
      break;
    }
    case GenBreak::kMissingSh: concurrent(c, r, d0, 2, {}); break;
    case GenBreak::kSjWithTwo: concurrent(c, r, d0, 2, "SJ"); break;
    case GenBreak::kAnticoagulantForFlush: {
      int len = r.range(5, 14);
      if (r.percent(60)) {
        const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
        len = c.lines[bl.per_diem].to - d0 + 1;
      } else {
        c.add_dx("Z452");
      }
      c.add({"S9372", d0, d0 + len - 1, static_cast<uint32_t>(len), r.range(5000, 9000)});
      c.add({"J1642", d0, d0 + len - 1, static_cast<uint32_t>(5 * len), r.range(30, 90)});
      break;
    }
    case GenBreak::kVisitWithoutChemo:
      add_typical(c, r, Therapy::kAntiInfective, d0);
      c.add({"G0070", d0, d0, r.range(2, 6), r.range(4000, 6500)});
      break;
    case GenBreak::kEnteralOral: {
      const Block bl = add_typical(c, r, Therapy::kEnteral, d0);
      c.lines[bl.drug].mod1 = "BO";
      break;
    }
    case GenBreak::kTpnOnDialysisDay: {
      const Block bl = add_typical(c, r, Therapy::kTpn, d0);
      const int32_t to = c.lines[bl.per_diem].to;
      const int32_t day = d0 + r.range(0, to - d0);
      c.add_dx("N186");
      c.add({"S9339", day, day, 1, r.range(15000, 30000)});
      c.add({"J1644", day, day, r.range(2, 5), r.range(100, 400)});  // heparin in the dialysate
      break;
    }
    case GenBreak::kDrugOnSomeDays: {
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      GLine& drug = c.lines[bl.drug];
      const int32_t to = c.lines[bl.per_diem].to;
      // The drug stops a day or more before the per diem does.
      const int32_t last = to > d0 ? d0 + r.range(0, to - d0 - 1) : d0;
      const int64_t unit_cents = drug.cents / std::max<uint32_t>(1, drug.units);
      drug.to = last;
      drug.units = 2 * static_cast<uint32_t>(last - d0 + 1);
      drug.cents = unit_cents * drug.units;
      if (to == d0) c.lines[bl.per_diem].units += 1;  // a one-day course: one unit too many
      break;
    }
    case GenBreak::kDuplicatePerDiem: {
      const Block bl = add_typical(c, r, Therapy::kAntiInfective, d0);
      GLine twin = c.lines[bl.per_diem];
      twin.mod1 = r.percent(60) ? sv("SH") : sv();
      c.lines.insert(c.lines.begin() + static_cast<std::ptrdiff_t>(bl.drug), twin);
      break;
    }
    case GenBreak::kShPartlyConcurrent: {
      // An anti-infective for a few days, and immune globulin with SH from the
      // same first day to a few days after.
      const int len = r.range(3, 6);
      add_block(c, r, Therapy::kAntiInfective, d0, len, {});
      add_block(c, r, Therapy::kIvig, d0, len + r.range(1, 4), "SH");
      break;
    }
    case GenBreak::kInjectableSomeDays: {
      const int len = r.range(5, 10);
      add_block(c, r, Therapy::kAnticoagSc, d0, len, {});
      const int32_t day = d0 + r.range(0, len - 1);
      add_block(c, r, Therapy::kAntiInfective, day, 1, {});  // an IV drug on one of its days
      if (c.rendering.size()) c.rendering = {};
      break;
    }
    case GenBreak::kTpnStrengthOfDextrose: {
      const Block bl = add_typical(c, r, Therapy::kTpn, d0);
      const int32_t to = c.lines[bl.per_diem].to;
      constexpr sv kWords[] = {"Travasol 5.5% in dextrose 20%", "Aminosyn II 8.5% with dextrose 25%",
                               "FreAmine III 10% / dextrose 50%"};
      c.add({"B4178", d0, to, 2 * static_cast<uint32_t>(to - d0 + 1), r.range(2000, 4000)}).desc = r.pick(kWords);
      break;
    }
    case GenBreak::kNone:
    case GenBreak::kCount: clean_claim(c, r, d0); break;
  }
}

}  // namespace perdiem::gen
