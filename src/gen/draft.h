// The generator's claim drafts, private to src/gen: its random numbers, a
// claim as a list of lines before it is written, the therapy blocks a claim
// is made of (therapies.cc), and a whole claim, clean or with one deliberate
// break (claims.cc). generator.cc writes drafts as 837P.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "perdiem/generator.h"

namespace perdiem::gen {

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

inline constexpr sv kRn[] = {"163W00000X", "163WI0500X", "163WH0200X"};
inline constexpr sv kNp = "363LF0000X";
inline constexpr sv kLpn[] = {"164W00000X", "164X00000X"};
inline constexpr sv kPharmacist = "183500000X";

// A nursing visit by a qualified professional on `day`; `add_on` extra hours.
void nursing_visit(GClaim& c, Rng& r, int32_t day, uint32_t add_on);

enum class Therapy : uint8_t {
  kAntiInfective, kTpn, kHydration, kInotrope, kIvig, kAnticoagIv, kAnticoagSc, kEnteral, kPain,
  kChemo, kAntiemetic, kSteroid, kPulmHtn, kAlpha1, kEnzyme, kAntiTnf, kScig,
};

// How long a therapy of its kind usually lasts, in days.
int typical_len(Therapy t, Rng& r);

enum class Amino15 : uint8_t { kNone, kWithDx, kWithoutDx };

struct Block {
  size_t per_diem = 0;  // index of the per diem line
  size_t drug = 0;      // index of the first product line (== lines.size() when none)
};

// Adds a therapy: its per diem over [from, from+len-1] (modifier `mod`) and
// the products that correspond to it on the same days.
Block add_block(GClaim& c, Rng& r, Therapy t, int32_t from, int len, sv mod,
                Amino15 amino = Amino15::kNone);
// add_block() over the therapy's typical_len().
Block add_typical(GClaim& c, Rng& r, Therapy t, int32_t from, sv mod = {});

// Two or three overlapping therapies, each later one inside the one before,
// so that the SH line is concurrent on every one of its days and the SJ line
// is the third on every one of its days. `second_mod`: the SH line's modifier.
void concurrent(GClaim& c, Rng& r, int32_t d0, int n, sv second_mod);

// The CPCP019 pack's effective date (2024-04-22), in days since 1970-01-01.
constexpr int32_t kPolicyEffective = 19835;

// The lines of one claim starting on day d0: a clean claim drawn from the
// templates, or (b != kNone) one with exactly that deliberate break. A
// claim whose d0 falls before kPolicyEffective is a course that runs into
// the policy (clean, judged whole), or a break moved to kPolicyEffective.
void draft_claim(GClaim& c, Rng& r, int32_t d0, GenBreak b);

}  // namespace perdiem::gen
