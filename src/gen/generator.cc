// `perdiem gen`: synthetic X12 837P home infusion claims (see
// include/perdiem/generator.h and docs/generator.md).
//
// Each claim is drafted from a template (a therapy "block" is a per diem and
// the products that correspond to it, plus visits and extras), possibly given
// one deliberate rule break, and then written straight into an output buffer
// that is handed to the caller whenever it passes the chunk size. All codes
// and words are static strings; the only per-claim allocations are the
// reused vectors of the draft.
#include "perdiem/generator.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "perdiem/date.h"

namespace perdiem {

namespace {

using sv = std::string_view;

// ------------------------------------------------------------------ random
// splitmix64 seeds xoshiro256** (Blackman & Vigna). Integer arithmetic only,
// so every platform produces the same stream.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream) {
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull) ^ 0x5DEECE66Dull;
    for (auto& v : s_) v = splitmix(x);
  }
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) by multiply-shift (bias below 2^-32; deterministic).
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(((next() >> 32) * n) >> 32); }
  int range(int lo, int hi) { return lo + static_cast<int>(below(static_cast<uint32_t>(hi - lo + 1))); }
  bool percent(uint32_t p) { return below(100) < p; }
  template <class T, size_t N>
  const T& pick(const T (&a)[N]) { return a[below(static_cast<uint32_t>(N))]; }

  static uint64_t splitmix(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// ------------------------------------------------------------------ drafts
struct GLine {
  sv code, mod1, mod2, desc, ndc, tax;
  int32_t from = 0, to = 0;  // day numbers (Date::days())
  uint32_t units = 1;
  int64_t cents = 0;         // line charge
  uint32_t ndc_qty = 0;
};

struct GClaim {
  std::vector<GLine> lines;
  sv dx[5];
  int ndx = 0;
  sv pos = "12", freq = "1", rendering;

  void clear() {
    lines.clear();
    ndx = 0;
    pos = "12";
    freq = "1";
    rendering = {};
  }
  void add_dx(sv d) {
    for (int i = 0; i < ndx; ++i)
      if (dx[i] == d) return;
    if (ndx < 5) dx[ndx++] = d;
  }
  // A line: its days, units and price per unit. Taken as one braced list so
  // that random draws in it are evaluated left to right on every compiler
  // (the order of function arguments is unspecified in C++).
  struct Spec {
    sv code;
    int32_t from, to;
    int64_t units, unit_cents;
  };
  GLine& add(const Spec& s) {
    GLine& l = lines.emplace_back();
    l.code = s.code;
    l.from = s.from;
    l.to = s.to;
    l.units = static_cast<uint32_t>(s.units);
    l.cents = s.units * s.unit_cents;
    return l;
  }
};

constexpr sv kRn[] = {"163W00000X", "163WI0500X", "163WH0200X"};
constexpr sv kNp = "363LF0000X";
constexpr sv kLpn[] = {"164W00000X", "164X00000X"};
constexpr sv kPharmacist = "183500000X";

// A nursing visit by a qualified professional on `day`; `add_on` extra hours.
void nursing_visit(GClaim& c, Rng& r, int32_t day, uint32_t add_on) {
  GLine& v = c.add({"99601", day, day, 1, r.range(12000, 19500)});
  v.tax = r.percent(85) ? r.pick(kRn) : kNp;
  const sv tax = v.tax;
  if (add_on) c.add({"99602", day, day, add_on, r.range(5500, 9500)}).tax = tax;
}

// ------------------------------------------------------------------ blocks
enum class Therapy : uint8_t {
  kAntiInfective, kTpn, kHydration, kInotrope, kIvig, kAnticoagIv, kAnticoagSc, kEnteral, kPain,
  kChemo, kAntiemetic, kSteroid, kPulmHtn, kAlpha1, kEnzyme, kAntiTnf, kScig,
};

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

enum class Amino15 : uint8_t { kNone, kWithDx, kWithoutDx };
constexpr sv kAmino15[] = {"Clinisol 15% amino acid", "Prosol 20% amino acid", "Novamine 15% amino acid",
                           "Plenamine 15% amino acid", "Aminosyn 15% amino acid"};
constexpr sv kFluidRestrictionDx[] = {"N186", "I5022", "E8770", "N179", "R601"};

struct Block {
  size_t per_diem = 0;  // index of the per diem line
  size_t drug = 0;      // index of the first product line (== lines.size() when none)
};

// Adds a therapy: its per diem over [from, from+len-1] (modifier `mod`) and
// the products that correspond to it on the same days.
Block add_block(GClaim& c, Rng& r, Therapy t, int32_t from, int len, sv mod,
                Amino15 amino = Amino15::kNone) {
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

Block add_typical(GClaim& c, Rng& r, Therapy t, int32_t from, sv mod = {}) {
  return add_block(c, r, t, from, typical_len(t, r), mod);
}

// Therapies whose drug is an IV drug that is not chemotherapy (G0068 fits).
constexpr Therapy kIvTherapies[] = {Therapy::kAntiInfective, Therapy::kInotrope, Therapy::kIvig,
                                    Therapy::kPain,          Therapy::kAnticoagIv, Therapy::kAntiemetic,
                                    Therapy::kSteroid,       Therapy::kPulmHtn,    Therapy::kAlpha1,
                                    Therapy::kEnzyme,        Therapy::kAntiTnf};
constexpr Therapy kSpecialtyTherapies[] = {Therapy::kAntiemetic, Therapy::kSteroid, Therapy::kPulmHtn,
                                  Therapy::kAlpha1,     Therapy::kEnzyme,  Therapy::kAntiTnf};
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
// so that the SH line is concurrent on every one of its days and the SJ line
// is the third on every one of its days. `second_mod`: the SH line's modifier.
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

// ------------------------------------------------------------------ templates
enum class Tpl : uint8_t {
  kAntiInfective, kTpn, kHydration, kInotrope, kIvig, kAnticoagSc, kAnticoagIv, kEnteral, kInjectable,
  kScig, kPain, kConcurrent2, kConcurrent3, kCatheterCare, kVisitIv, kChemo, kNursing, kSpecialty, kCount
};
constexpr uint32_t kTplWeight[] = {20, 10, 7, 5, 6, 4, 3, 6, 3, 3, 4, 7, 3, 4, 3, 3, 4, 5};
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
      // Enoxaparin is subcutaneous: a nurse visit on one of its days.
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
    case Tpl::kCount: break;
  }
}

// A claim with exactly one deliberate break of kind `b`.
void broken_claim(GClaim& c, Rng& r, int32_t d0, GenBreak b) {
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
    case GenBreak::kNone:
    case GenBreak::kCount: clean_claim(c, r, d0); break;
  }
}

// ------------------------------------------------------------------ output
// An append buffer handed to the caller in chunks at claim boundaries.
class Out {
 public:
  Out(size_t chunk, const std::function<void(sv)>& write) : chunk_(chunk), write_(write) {
    buf_.resize(chunk_ + (64 << 10));
  }
  void put(sv s) {
    if (s.empty()) return;  // an empty view may have a null data(): memcpy must not see it
    if (n_ + s.size() > buf_.size()) buf_.resize(2 * (n_ + s.size()));
    std::memcpy(buf_.data() + n_, s.data(), s.size());
    n_ += s.size();
  }
  void put(char ch) {
    if (n_ + 1 > buf_.size()) buf_.resize(2 * (n_ + 1));
    buf_[n_++] = ch;
  }
  void num(uint64_t v) {
    char tmp[20];
    int i = 20;
    do {
      tmp[--i] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    put(sv(tmp + i, static_cast<size_t>(20 - i)));
  }
  void num_pad(uint64_t v, int width) {
    char tmp[20];
    int i = 20;
    do {
      tmp[--i] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v || 20 - i < width);
    put(sv(tmp + i, static_cast<size_t>(20 - i)));
  }
  void money(int64_t cents) {
    num(static_cast<uint64_t>(cents / 100));
    put('.');
    const int c = static_cast<int>(cents % 100);
    put(static_cast<char>('0' + c / 10));
    put(static_cast<char>('0' + c % 10));
  }
  void end_segment() {
    put(sv("~\n", 2));
    ++segments;
  }
  void maybe_flush() {
    if (n_ >= chunk_) flush();
  }
  void flush() {
    if (!n_) return;
    write_(sv(buf_.data(), n_));
    bytes += n_;
    largest = std::max(largest, n_);
    n_ = 0;
  }

  uint64_t segments = 0, bytes = 0;
  size_t largest = 0;

 private:
  size_t chunk_;
  const std::function<void(sv)>& write_;
  std::vector<char> buf_;
  size_t n_ = 0;
};

struct Pharmacy {
  sv name, npi, address, city, state, zip, ein;
};
constexpr Pharmacy kPharmacies[] = {
    {"SYNTHETIC HOME INFUSION PHARMACY", "1234567893", "100 EXAMPLE WAY", "DALLAS", "TX", "75201", "751234567"},
    {"SYNTHETIC INFUSION SERVICES OF HOUSTON", "1245319599", "2200 SAMPLE BLVD", "HOUSTON", "TX", "77002",
     "760000001"},
    {"SYNTHETIC SPECIALTY PHARMACY AUSTIN", "1316053184", "45 TEST PKWY", "AUSTIN", "TX", "78701", "740000002"},
    {"SYNTHETIC HOME CARE RX SAN ANTONIO", "1588667638", "9 PLACEHOLDER RD", "SAN ANTONIO", "TX", "78205",
     "740000003"},
};
struct City {
  sv name, zip;
};
constexpr City kCities[] = {{"DALLAS", "75201"},     {"HOUSTON", "77002"}, {"AUSTIN", "78701"},
                            {"SAN ANTONIO", "78205"}, {"EL PASO", "79901"}, {"FORT WORTH", "76102"},
                            {"LUBBOCK", "79401"},    {"PLANO", "75074"}};
constexpr sv kFirstNames[] = {"ALEX", "SAM", "JORDAN", "TAYLOR", "CASEY", "MORGAN", "RILEY", "JAMIE"};

struct BreakInfo {
  const char* name;
  const char* rule;
};
constexpr BreakInfo kBreaks[kGenBreakCount] = {
    {"none", ""},
    {"pos-11", "place-of-service-home"},
    {"units-tripled", "per-diem-units"},
    {"s9810-with-per-diem", "hourly-pharmacy-with-per-diem"},
    {"missing-drug", "per-diem-needs-drug"},
    {"oral-drug", "excluded-drug-type"},
    {"supply-e0781", "supply-bundled"},
    {"flush-billed", "supply-bundled"},
    {"incidental-s9537", "incidental-per-diem"},
    {"noc-without-ndc", "unlisted-drug-detail"},
    {"nursing-by-lpn", "nursing-visit-professional"},
    {"injectable-alone", "injectable-needs-iv-or-nurse"},
    {"s9494-with-s9500", "mutually-exclusive-per-diem"},
    {"add-on-without-primary", "nursing-add-on-needs-primary"},
    {"tpn-component", "tpn-component-included"},
    {"amino-15-without-dx", "specialty-amino-acid-necessity"},
    {"iv-solution-with-drug", "iv-solution-incidental"},
    {"missing-sh", "concurrent-therapy-modifier"},
    {"sj-with-two", "concurrent-therapy-modifier"},
    {"s9372-for-flush", "anticoagulant-per-diem-for-flush"},
    {"g0070-without-chemo", "visit-needs-drug"},
    {"enteral-bo", "excluded-drug-type"},
    {"tpn-on-dialysis-day", "excluded-drug-type"},
};

class Generator {
 public:
  Generator(const GenOptions& o, const std::function<void(sv)>& write)
      : o_(o), out_(o.chunk_bytes ? o.chunk_bytes : (1 << 20), write) {
    base_ = Date::parse_iso(o.start_date)->days();
    // Dates of service spread from start_date to the end of 2025 (or over
    // 18 months when start_date is later), leaving room for a month-long claim.
    const int32_t end = Date::from_ymd(2025, 12, 31).days();
    window_ = end - base_ - 31;
    if (window_ < 60) window_ = 548;
    const int32_t span = window_ + 32;
    dates_.resize(static_cast<size_t>(span) * 8);
    for (int32_t i = 0; i < span; ++i) {
      int y;
      unsigned m, d;
      Date::from_days(base_ + i).ymd(y, m, d);
      char* p = dates_.data() + static_cast<size_t>(i) * 8;
      write_digits(p, static_cast<unsigned>(y), 4);
      write_digits(p + 4, m, 2);
      write_digits(p + 6, d, 2);
    }
    // The interchanges are "created" a few days after the last possible service date.
    int y;
    unsigned m, d;
    Date::from_days(base_ + span + 4).ymd(y, m, d);
    write_digits(created_, static_cast<unsigned>(y), 4);
    write_digits(created_ + 4, m, 2);
    write_digits(created_ + 6, d, 2);
    threshold_ = static_cast<uint64_t>(std::ldexp(std::clamp(o.error_rate, 0.0, 1.0), 53));
  }

  GenStats run() {
    const uint64_t per_isa = static_cast<uint64_t>(o_.claims_per_st) * o_.st_per_interchange;
    uint64_t k = 0;
    while (k < o_.claims) {
      ++stats_.interchanges;
      const uint64_t in_isa = std::min(per_isa, o_.claims - k);
      begin_interchange();
      uint64_t sets = 0;
      for (uint64_t done = 0; done < in_isa; done += o_.claims_per_st) {
        const uint64_t n = std::min<uint64_t>(o_.claims_per_st, in_isa - done);
        ++sets;
        ++stats_.transaction_sets;
        transaction(sets, k, n);
        k += n;
      }
      end_interchange(sets);
      out_.maybe_flush();
    }
    out_.flush();
    stats_.segments = out_.segments;
    stats_.bytes = out_.bytes;
    stats_.largest_chunk = out_.largest;
    return stats_;
  }

 private:
  static void write_digits(char* p, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  }
  void date(int32_t day) { out_.put(sv(dates_.data() + static_cast<size_t>(day - base_) * 8, 8)); }

  void begin_interchange() {
    const uint64_t ctl = stats_.interchanges;
    // ISA: fixed-width fields, 106 characters with the terminator.
    out_.put("ISA*00*          *00*          *ZZ*PERDIEMGEN     *ZZ*BCBSTX         *");
    out_.put(sv(created_ + 2, 6));
    out_.put("*0800*^*00501*");
    out_.num_pad(ctl % 1000000000, 9);
    out_.put("*0*T*:");
    out_.end_segment();
    out_.put("GS*HC*PERDIEMGEN*BCBSTX*");
    out_.put(sv(created_, 8));
    out_.put("*0800*");
    out_.num(ctl);
    out_.put("*X*005010X222A1");
    out_.end_segment();
  }

  void end_interchange(uint64_t sets) {
    out_.put("GE*");
    out_.num(sets);
    out_.put('*');
    out_.num(stats_.interchanges);
    out_.end_segment();
    out_.put("IEA*1*");
    out_.num_pad(stats_.interchanges % 1000000000, 9);
    out_.end_segment();
  }

  void transaction(uint64_t set_no, uint64_t first, uint64_t n) {
    const uint64_t seg0 = out_.segments;
    out_.put("ST*837*");
    out_.num_pad(set_no, 4);
    out_.put("*005010X222A1");
    out_.end_segment();
    out_.put("BHT*0019*00*PDG");
    out_.num_pad(stats_.transaction_sets, 7);
    out_.put('*');
    out_.put(sv(created_, 8));
    out_.put("*0800*CH");
    out_.end_segment();
    const Pharmacy& ph = kPharmacies[stats_.transaction_sets % 4];
    out_.put("NM1*41*2*");
    out_.put(ph.name);
    out_.put("*****46*PDG");
    out_.put(ph.npi.substr(6));
    out_.end_segment();
    out_.put("PER*IC*BILLING OFFICE*TE*5555550100");
    out_.end_segment();
    out_.put("NM1*40*2*BCBSTX*****46*BCBSTX");
    out_.end_segment();
    out_.put("HL*1**20*1");
    out_.end_segment();
    out_.put("PRV*BI*PXC*3336H0001X");
    out_.end_segment();
    out_.put("NM1*85*2*");
    out_.put(ph.name);
    out_.put("*****XX*");
    out_.put(ph.npi);
    out_.end_segment();
    out_.put("N3*");
    out_.put(ph.address);
    out_.end_segment();
    out_.put("N4*");
    out_.put(ph.city);
    out_.put('*');
    out_.put(ph.state);
    out_.put('*');
    out_.put(ph.zip);
    out_.end_segment();
    out_.put("REF*EI*");
    out_.put(ph.ein);
    out_.end_segment();
    for (uint64_t i = 0; i < n; ++i) {
      claim(first + i, static_cast<uint32_t>(i + 2));
      out_.maybe_flush();
    }
    out_.put("SE*");
    out_.num(out_.segments - seg0 + 1);
    out_.put('*');
    out_.num_pad(set_no, 4);
    out_.end_segment();
  }

  void claim(uint64_t index, uint32_t hl) {
    Rng r(o_.seed, index);
    GClaim& c = draft_;
    c.clear();
    GenBreak kind = GenBreak::kNone;
    if ((r.next() >> 11) < threshold_)
      kind = static_cast<GenBreak>(1 + r.below(static_cast<uint32_t>(kGenBreakCount - 1)));
    if (r.percent(15)) c.rendering = r.percent(65) ? kPharmacist : r.pick(kRn);
    if (r.percent(2)) c.freq = "7";
    const uint32_t member = 1 + r.below(9999999);
    const int32_t d0 = base_ + static_cast<int32_t>(r.below(static_cast<uint32_t>(window_ + 1)));
    broken_claim(c, r, d0, kind);

    ++stats_.claims;
    ++stats_.breaks[static_cast<int>(kind)];
    stats_.lines += c.lines.size();

    // 2000B subscriber
    out_.put("HL*");
    out_.num(hl);
    out_.put("*1*22*0");
    out_.end_segment();
    out_.put("SBR*P*18*GRP");
    out_.num_pad(member % 997, 4);
    out_.put("******BL");
    out_.end_segment();
    out_.put("NM1*IL*1*PATIENT");
    out_.num(member);
    out_.put('*');
    out_.put(r.pick(kFirstNames));
    out_.put("****MI*SYN");
    out_.num_pad(member, 9);
    out_.end_segment();
    const City& city = r.pick(kCities);
    out_.put("N3*");
    out_.num(100 + member % 9800);
    out_.put(" SYNTHETIC ST");
    out_.end_segment();
    out_.put("N4*");
    out_.put(city.name);
    out_.put("*TX*");
    out_.put(city.zip);
    out_.end_segment();
    out_.put("DMG*D8*");
    out_.num(static_cast<uint64_t>(r.range(1935, 2015)));
    out_.num_pad(static_cast<uint64_t>(r.range(1, 12)), 2);
    out_.num_pad(static_cast<uint64_t>(r.range(1, 28)), 2);
    out_.put(r.percent(52) ? "*F" : "*M");
    out_.end_segment();
    out_.put("NM1*PR*2*BCBSTX*****PI*84980");
    out_.end_segment();

    // 2300 claim
    int64_t total = 0;
    for (const GLine& l : c.lines) total += l.cents;
    char id[24] = "PDG";
    {
      uint64_t v = index + 1;
      for (int i = 12; i >= 3; --i) {
        id[i] = static_cast<char>('0' + v % 10);
        v /= 10;
      }
    }
    const sv claim_id(id, 13);
    out_.put("CLM*");
    out_.put(claim_id);
    out_.put('*');
    out_.money(total);
    out_.put("***");
    out_.put(c.pos);
    out_.put(":B:");
    out_.put(c.freq);
    out_.put("*Y*A*Y*Y");
    out_.end_segment();
    out_.put("HI");
    for (int i = 0; i < c.ndx; ++i) {
      out_.put(i == 0 ? "*ABK:" : "*ABF:");
      out_.put(c.dx[i]);
    }
    out_.end_segment();
    if (!c.rendering.empty()) {
      out_.put(c.rendering == kPharmacist ? "NM1*82*1*PHARMACIST*SYN****XX*1497758544"
                                          : "NM1*82*1*NURSE*SYN****XX*1174526925");
      out_.end_segment();
      out_.put("PRV*PE*PXC*");
      out_.put(c.rendering);
      out_.end_segment();
    }

    // 2400 lines
    uint32_t lx = 0;
    for (const GLine& l : c.lines) {
      out_.put("LX*");
      out_.num(++lx);
      out_.end_segment();
      out_.put("SV1*HC:");
      out_.put(l.code);
      if (!l.desc.empty()) {
        out_.put(':');
        out_.put(l.mod1);
        out_.put(':');
        out_.put(l.mod2);
        out_.put(":::");
        out_.put(l.desc);
      } else if (!l.mod1.empty()) {
        out_.put(':');
        out_.put(l.mod1);
        if (!l.mod2.empty()) {
          out_.put(':');
          out_.put(l.mod2);
        }
      }
      out_.put('*');
      out_.money(l.cents);
      out_.put("*UN*");
      out_.num(l.units);
      out_.put("***1");
      out_.end_segment();
      if (l.from == l.to) {
        out_.put("DTP*472*D8*");
        date(l.from);
      } else {
        out_.put("DTP*472*RD8*");
        date(l.from);
        out_.put('-');
        date(l.to);
      }
      out_.end_segment();
      if (!l.ndc.empty()) {
        out_.put("LIN**N4*");
        out_.put(l.ndc);
        out_.end_segment();
        out_.put("CTP****");
        out_.num(l.ndc_qty ? l.ndc_qty : 1);
        out_.put("*UN");
        out_.end_segment();
      }
      if (!l.tax.empty()) {
        out_.put(l.tax.substr(0, 3) == "164" ? "NM1*82*1*LPN*SYN****XX*1659407724"
                                             : "NM1*82*1*NURSE*SYN****XX*1174526925");
        out_.end_segment();
        out_.put("PRV*PE*PXC*");
        out_.put(l.tax);
        out_.end_segment();
      }
    }
    if (o_.on_claim) {
      GenClaimInfo info;
      info.index = index;
      info.claim_id = claim_id;
      info.kind = kind;
      info.lines = static_cast<uint32_t>(c.lines.size());
      o_.on_claim(info);
    }
  }

  const GenOptions& o_;
  Out out_;
  GenStats stats_;
  GClaim draft_;
  int32_t base_ = 0, window_ = 0;
  std::vector<char> dates_;
  char created_[8] = {};
  uint64_t threshold_ = 0;
};

}  // namespace

const char* gen_break_name(GenBreak b) {
  const int i = static_cast<int>(b);
  return i >= 0 && i < kGenBreakCount ? kBreaks[i].name : "";
}

const char* gen_break_rule(GenBreak b) {
  const int i = static_cast<int>(b);
  return i >= 0 && i < kGenBreakCount ? kBreaks[i].rule : "";
}

std::string gen_options_error(const GenOptions& o) {
  if (!(o.error_rate >= 0.0 && o.error_rate <= 1.0)) return "the error rate must be between 0 and 1";
  if (o.claims_per_st == 0) return "claims per transaction set must be at least 1";
  if (o.st_per_interchange == 0) return "transaction sets per interchange must be at least 1";
  const auto start = Date::parse_iso(o.start_date);
  if (!start) return "the start date must be a date YYYY-MM-DD, not \"" + o.start_date + "\"";
  if (*start < Date::from_ymd(2000, 1, 1) || *start > Date::from_ymd(2100, 1, 1))
    return "the start date must be between 2000-01-01 and 2100-01-01";
  return {};
}

GenStats generate_837(const GenOptions& options, const std::function<void(std::string_view)>& write) {
  if (!gen_options_error(options).empty()) return {};
  Generator g(options, write);
  return g.run();
}

}  // namespace perdiem
