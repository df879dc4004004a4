// The generator's therapy blocks (gen/draft.h): for each therapy CPCP019
// covers, its per diem and the products that correspond to it, with
// realistic codes, units and prices; concurrent therapies with SH and SJ.
#include "gen/draft.h"

namespace perdiem::gen {
namespace {

struct Abx {
  sv code, per_diem;
  uint32_t units_per_day;
  int cents_lo, cents_hi;  // per unit
};
constexpr Abx kAbx[] = {
    {"J0696", "S9500", 8, 150, 450},     // ceftriaxone 2 g daily (250 mg units)
    {"J3370", "S9501", 4, 400, 1100},    // vancomycin 1 g every 12 h (500 mg units)
    {"J2185", "S9502", 30, 120, 380},    // meropenem 1 g every 8 h (100 mg units)
    {"J1335", "S9500", 2, 2500, 5500},   // ertapenem 1 g daily (500 mg units)
    {"J0690", "S9502", 12, 150, 500},    // cefazolin 2 g every 8 h (500 mg units)
    {"J0878", "S9500", 600, 30, 90},     // daptomycin 600 mg daily (1 mg units)
    {"J0133", "S9502", 420, 20, 60},     // acyclovir 700 mg every 8 h (5 mg units)
    {"J0744", "S9501", 80, 10, 40},      // ciprofloxacin 400 mg every 12 h (10 mg units)
};
constexpr sv kAbxDx[] = {"A419", "L03115", "M8610", "J189", "N390", "T827XXA", "I330", "A4101"};
constexpr sv kCeftriaxoneNdc = "00004196501";  // ndc.csv

int per_diem_rate(sv per_diem, Rng& r) {
  if (per_diem == "S9500") return r.range(9000, 16000);
  if (per_diem == "S9501") return r.range(12000, 20000);
  return r.range(15000, 24000);
}

constexpr sv kAmino15[] = {"Clinisol 15% amino acid", "Prosol 20% amino acid", "Novamine 15% amino acid",
                           "Plenamine 15% amino acid", "Aminosyn 15% amino acid"};
constexpr sv kFluidRestrictionDx[] = {"N186", "I5022", "E8770", "N179", "R601"};

// Concurrent therapies: long-running primaries, shorter add-ons.
constexpr Therapy kPrimaries[] = {Therapy::kAntiInfective, Therapy::kTpn, Therapy::kInotrope,
                                  Therapy::kPain, Therapy::kPulmHtn, Therapy::kAnticoagIv};
constexpr Therapy kAddOns[] = {Therapy::kIvig,    Therapy::kHydration,  Therapy::kAntiemetic,
                               Therapy::kSteroid, Therapy::kAntiInfective, Therapy::kAnticoagIv,
                               Therapy::kAntiTnf};

int add_on_len(Therapy t, Rng& r, int max_len) {
  int len = 1;
  switch (t) {
    case Therapy::kIvig: len = r.range(1, 2); break;
    case Therapy::kAntiTnf: len = 1; break;
    case Therapy::kAntiInfective: len = r.range(3, 10); break;
    default: len = r.range(1, 5); break;
  }
  return std::min(len, max_len);
}

// Two or three overlapping therapies, each later one inside the one before,

}  // namespace

void nursing_visit(GClaim& c, Rng& r, int32_t day, uint32_t add_on) {
  GLine& v = c.add({"99601", day, day, 1, r.range(12000, 19500)});
  v.tax = r.percent(85) ? r.pick(kRn) : kNp;
  const sv tax = v.tax;
  if (add_on) c.add({"99602", day, day, add_on, r.range(5500, 9500)}).tax = tax;
}

int typical_len(Therapy t, Rng& r) {
  switch (t) {
    case Therapy::kAntiInfective: return r.range(3, 14);
    case Therapy::kTpn: return r.percent(50) ? r.range(28, 31) : r.range(7, 21);
    case Therapy::kHydration: return r.range(2, 7);
    case Therapy::kInotrope: return r.range(7, 30);
    case Therapy::kIvig: return r.percent(70) ? r.range(1, 2) : 5;
    case Therapy::kAnticoagIv: return r.range(3, 10);
    case Therapy::kAnticoagSc: return r.range(5, 14);
    case Therapy::kEnteral: return r.range(28, 31);
    case Therapy::kPain: return r.range(7, 30);
    case Therapy::kChemo: return r.range(2, 5);
    case Therapy::kAntiemetic: return r.range(3, 7);
    case Therapy::kSteroid: return r.range(3, 5);
    case Therapy::kPulmHtn: return r.range(14, 30);
    default: return 1;
  }
}

Block add_block(GClaim& c, Rng& r, Therapy t, int32_t from, int len, sv mod, Amino15 amino) {
  const int32_t to = from + len - 1;
  const uint32_t days = static_cast<uint32_t>(len);
  Block b;
  auto per_diem = [&](sv code, int lo, int hi) {
    b.per_diem = c.lines.size();
    c.add({code, from, to, days, r.range(lo, hi)}).mod1 = mod;
    b.drug = c.lines.size();
  };
  switch (t) {
    case Therapy::kAntiInfective: {
      const Abx& a = r.pick(kAbx);
      c.add_dx(r.pick(kAbxDx));
      b.per_diem = c.lines.size();
      c.add({a.per_diem, from, to, days, per_diem_rate(a.per_diem, r)}).mod1 = mod;
      b.drug = c.lines.size();
      if (a.code == "J0696" && r.percent(10)) {
        // The TR3 home infusion example's way: S5001 (brand drug) with the NDC.
        GLine& l = c.add({"S5001", from, to, days, r.range(1500, 4000)});
        l.ndc = kCeftriaxoneNdc;
        l.ndc_qty = days;
      } else {
        GLine& l = c.add({a.code, from, to, a.units_per_day * days, r.range(a.cents_lo, a.cents_hi)});
        if (a.code == "J0696" && r.percent(40)) {
          l.ndc = kCeftriaxoneNdc;
          l.ndc_qty = days;
        }
      }
      break;
    }
    case Therapy::kTpn: {
      constexpr sv kDx[] = {"K912", "K5090", "E43", "C259"};
      c.add_dx(r.pick(kDx));
      const int k = r.range(0, 3);  // S9365..S9368: 1, 2, 3, >3 liters a day
      constexpr sv kCodes[] = {"S9365", "S9366", "S9367", "S9368"};
      per_diem(kCodes[k], 15000 + 7000 * k, 24000 + 8000 * k);
      c.add({r.percent(90) ? "B4185" : "B4187", from, to, days * static_cast<uint32_t>(r.range(2, 5)),
            r.range(400, 900)});
      if (r.percent(15)) {
        constexpr sv kSpecialty[] = {"B5000", "B5100", "B5200"};
        c.add({r.pick(kSpecialty), from, to, days, r.range(3000, 8000)});
      }
      if (r.percent(10)) {
        const int32_t day = from + r.range(0, len - 1);  // vitamin K, not from a standard MVI
        c.add({"J3430", day, day, 1, r.range(800, 2500)});
      }
      if (r.percent(10)) c.add({"J1815", from, to, days * static_cast<uint32_t>(r.range(4, 10)), r.range(40, 120)});
      if (amino != Amino15::kNone) {
        c.add({"B4178", from, to, days * 2, r.range(2500, 4500)}).desc = r.pick(kAmino15);
        if (amino == Amino15::kWithDx) c.add_dx(r.pick(kFluidRestrictionDx));
      }
      break;
    }
    case Therapy::kHydration: {
      constexpr sv kDx[] = {"E860", "R112", "A0811", "O210"};
      c.add_dx(r.pick(kDx));
      const int k = r.range(0, 3);  // S9374..S9377: liters a day
      constexpr sv kCodes[] = {"S9374", "S9375", "S9376", "S9377"};
      per_diem(kCodes[k], 8000 + 2500 * k, 14000 + 3000 * k);
      const uint32_t liters = static_cast<uint32_t>(k + 1);
      switch (r.below(3)) {
        case 0: c.add({"J7030", from, to, liters * days, r.range(1500, 4500)}); break;
        case 1: c.add({"J7040", from, to, 2 * liters * days, r.range(900, 2500)}); break;
        default: c.add({"J7120", from, to, liters * days, r.range(1800, 4800)}); break;
      }
      break;
    }
    case Therapy::kInotrope: {
      constexpr sv kDx[] = {"I5023", "I5043", "I509", "I110"};
      c.add_dx(r.pick(kDx));
      per_diem("S9348", 12000, 25000);
      if (r.percent(50)) c.add({"J1250", from, to, 2 * days, r.range(1000, 3000)});
      else c.add({"J2260", from, to, 10 * days, r.range(800, 2500)});
      break;
    }
    case Therapy::kIvig: {
      constexpr sv kDx[] = {"D801", "G6181", "D839", "D693"};
      constexpr sv kDrugs[] = {"J1569", "J1459", "J1561", "J1566"};
      c.add_dx(r.pick(kDx));
      per_diem("S9338", 20000, 45000);
      c.add({r.pick(kDrugs), from, to, days * static_cast<uint32_t>(r.range(40, 140)), r.range(4000, 9000)});
      break;
    }
    case Therapy::kAnticoagIv: {
      constexpr sv kDx[] = {"I82411", "I2699", "I82401"};
      c.add_dx(r.pick(kDx));
      per_diem("S9336", 10000, 20000);
      c.add({"J1644", from, to, days * static_cast<uint32_t>(r.range(24, 40)), r.range(100, 400)});
      break;
    }
    case Therapy::kAnticoagSc: {
      constexpr sv kDx[] = {"I82401", "I2699", "I82411"};
      c.add_dx(r.pick(kDx));
      per_diem("S9372", 5000, 9000);
      c.add({"J1650", from, to, days * static_cast<uint32_t>(r.range(8, 20)), r.range(300, 900)});
      break;
    }
    case Therapy::kEnteral: {
      constexpr sv kDx[] = {"R1310", "Z931", "E43", "G1221", "C159"};
      constexpr sv kCodes[] = {"S9341", "S9342", "S9343"};
      constexpr sv kFormula[] = {"B4150", "B4152", "B4153", "B4154"};
      c.add_dx(r.pick(kDx));
      per_diem(r.pick(kCodes), 1500, 3500);
      c.add({r.pick(kFormula), from, to, days * static_cast<uint32_t>(r.range(15, 25)), r.range(60, 250)});
      break;
    }
    case Therapy::kPain: {
      constexpr sv kDx[] = {"G893", "C7951", "C787", "G8929"};
      constexpr sv kCodes[] = {"S9326", "S9327", "S9328"};
      c.add_dx(r.pick(kDx));
      per_diem(r.pick(kCodes), 10000, 20000);
      if (r.percent(50)) c.add({"J2270", from, to, days * static_cast<uint32_t>(r.range(3, 10)), r.range(100, 400)});
      else c.add({"J1170", from, to, days * static_cast<uint32_t>(r.range(2, 6)), r.range(200, 600)});
      break;
    }
    case Therapy::kChemo: {
      constexpr sv kDx[] = {"C189", "C20", "C250", "C159"};
      c.add_dx(r.pick(kDx));
      per_diem("S9330", 15000, 30000);
      c.add({"J9190", from, to, days * static_cast<uint32_t>(r.range(5, 10)), r.range(300, 1000)});
      break;
    }
    case Therapy::kAntiemetic: {
      constexpr sv kDx[] = {"R112", "O210", "T451X5A"};
      c.add_dx(r.pick(kDx));
      per_diem("S9351", 8000, 15000);
      c.add({"J2405", from, to, days * static_cast<uint32_t>(r.range(8, 24)), r.range(10, 60)});
      break;
    }
    case Therapy::kSteroid: {
      constexpr sv kDx[] = {"G35", "M3210", "J4551"};
      c.add_dx(r.pick(kDx));
      per_diem("S9490", 9000, 16000);
      c.add({"J2930", from, to, days * 8, r.range(500, 1500)});
      break;
    }
    case Therapy::kPulmHtn: {
      constexpr sv kDx[] = {"I2720", "I270", "I2721"};
      c.add_dx(r.pick(kDx));
      per_diem("S9347", 15000, 30000);
      if (r.percent(50)) c.add({"J1325", from, to, days * static_cast<uint32_t>(r.range(1, 4)), r.range(2000, 5000)});
      else c.add({"J3285", from, to, days * static_cast<uint32_t>(r.range(1, 5)), r.range(8000, 15000)});
      break;
    }
    case Therapy::kAlpha1:
      c.add_dx("E8801");
      per_diem("S9346", 15000, 25000);
      c.add({"J0256", from, to, days * static_cast<uint32_t>(r.range(400, 700)), r.range(400, 800)});
      break;
    case Therapy::kEnzyme:
      c.add_dx("E7522");
      per_diem("S9357", 15000, 30000);
      c.add({"J1786", from, to, days * static_cast<uint32_t>(r.range(120, 600)), r.range(300, 600)});
      break;
    case Therapy::kAntiTnf: {
      constexpr sv kDx[] = {"K5090", "K5190", "M069"};
      c.add_dx(r.pick(kDx));
      per_diem("S9359", 15000, 30000);
      c.add({"J1745", from, to, days * static_cast<uint32_t>(r.range(30, 80)), r.range(6000, 11000)});
      break;
    }
    case Therapy::kScig: {
      constexpr sv kDx[] = {"D801", "D839"};
      constexpr sv kDrugs[] = {"J1559", "J1555", "J1558"};
      c.add_dx(r.pick(kDx));
      per_diem("S9338", 15000, 30000);
      c.add({r.pick(kDrugs), from, to, days * static_cast<uint32_t>(r.range(50, 150)), r.range(1000, 2000)});
      break;
    }
  }
  return b;
}

Block add_typical(GClaim& c, Rng& r, Therapy t, int32_t from, sv mod) {
  return add_block(c, r, t, from, typical_len(t, r), mod);
}

void concurrent(GClaim& c, Rng& r, int32_t d0, int n, sv second_mod) {
  Therapy used[3];
  used[0] = r.pick(kPrimaries);
  const int len_a = std::max(7, typical_len(used[0], r));
  add_block(c, r, used[0], d0, std::min(len_a, 21), {});
  int32_t lo = d0;
  int len = std::min(len_a, 21);
  for (int k = 1; k < n; ++k) {
    Therapy t;
    do t = r.pick(kAddOns);
    while (std::find(used, used + k, t) != used + k);
    used[k] = t;
    const int len_k = add_on_len(t, r, len);
    const int32_t start = lo + r.range(0, len - len_k);
    add_block(c, r, t, start, len_k, k == 1 ? second_mod : sv("SJ"));
    lo = start;
    len = len_k;
  }
}

}  // namespace perdiem::gen
