// `perdiem gen`: synthetic X12 837P home infusion claims (see
// include/perdiem/generator.h and docs/generator.md). This file writes them:
// the envelopes, each transaction set's 2000A billing provider, and each
// claim's 2000B subscriber, 2300 claim and 2400 lines, with the X12 writer
// (x12/writer.h), handing the text to the caller in chunks at claim
// boundaries. What the claims hold is drafted in claims.cc and therapies.cc
// (gen/draft.h). All codes and words are static strings; the only per-claim
// allocations are the reused vectors of the draft.
#include "perdiem/generator.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "gen/draft.h"
#include "perdiem/date.h"
#include "perdiem/money.h"
#include "x12/writer.h"

namespace perdiem {

namespace {

using gen::GClaim;
using gen::GLine;
using gen::Rng;
using gen::sv;

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
    {"drug-on-some-days", "per-diem-units"},
    {"duplicate-per-diem", "per-diem-needs-drug"},
    {"sh-partly-concurrent", "concurrent-therapy-modifier"},
    {"injectable-some-days", "injectable-needs-iv-or-nurse"},
    {"tpn-strength-of-dextrose", "tpn-component-included"},
};

// The generator's delimiters: '*', ':', '~' and the 5010 repetition separator '^'.
constexpr x12::Delimiters kDelimiters{'*', ':', '~', '^'};

class Generator {
 public:
  Generator(const GenOptions& o, const std::function<void(sv)>& write)
      : o_(o),
        chunk_(o.chunk_bytes ? o.chunk_bytes : (1 << 20)),
        write_(write),
        w_(kDelimiters, x12::LineBreak::kLf) {
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
      w_.ge();
      w_.iea();
      maybe_flush();
    }
    flush();
    stats_.segments = w_.segments();
    return stats_;
  }

 private:
  static void write_digits(char* p, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
  }
  sv date(int32_t day) const { return sv(dates_.data() + static_cast<size_t>(day - base_) * 8, 8); }

  void maybe_flush() {
    if (w_.size() >= chunk_) flush();
  }
  void flush() {
    if (w_.size() == 0) return;
    write_(w_.view());
    stats_.bytes += w_.size();
    stats_.largest_chunk = std::max(stats_.largest_chunk, w_.size());
    w_.clear();
  }

  void begin_interchange() {
    const uint64_t ctl = stats_.interchanges;
    x12::Interchange isa;
    isa.sender = "PERDIEMGEN";
    isa.receiver = "BCBSTX";
    isa.date = sv(created_ + 2, 6);
    isa.time = "0800";
    isa.control = ctl;
    w_.isa(isa);
    x12::FunctionalGroup gs;
    gs.sender = "PERDIEMGEN";
    gs.receiver = "BCBSTX";
    gs.date = sv(created_, 8);
    gs.time = "0800";
    gs.control = ctl;
    gs.version = "005010X222A1";
    w_.gs(gs);
  }

  void transaction(uint64_t set_no, uint64_t first, uint64_t n) {
    w_.st("837", set_no, "005010X222A1");
    w_.begin("BHT").elements({"0019", "00"}).element("PDG").append_number(stats_.transaction_sets, 7);
    w_.element(sv(created_, 8)).elements({"0800", "CH"}).end();
    const Pharmacy& ph = kPharmacies[stats_.transaction_sets % 4];
    w_.begin("NM1").elements({"41", "2", ph.name, "", "", "", "", "46"}).element("PDG");
    w_.append(ph.npi.substr(6)).end();
    w_.begin("PER").elements({"IC", "BILLING OFFICE", "TE", "5555550100"}).end();
    w_.begin("NM1").elements({"40", "2", "BCBSTX", "", "", "", "", "46", "BCBSTX"}).end();
    w_.begin("HL").elements({"1", "", "20", "1"}).end();
    w_.begin("PRV").elements({"BI", "PXC", "3336H0001X"}).end();
    w_.begin("NM1").elements({"85", "2", ph.name, "", "", "", "", "XX", ph.npi}).end();
    w_.begin("N3").element(ph.address).end();
    w_.begin("N4").elements({ph.city, ph.state, ph.zip}).end();
    w_.begin("REF").elements({"EI", ph.ein}).end();
    for (uint64_t i = 0; i < n; ++i) {
      claim(first + i, static_cast<uint32_t>(i + 2));
      maybe_flush();
    }
    w_.se();
  }

  void claim(uint64_t index, uint32_t hl) {
    Rng r(o_.seed, index);
    GClaim& c = draft_;
    c.clear();
    GenBreak kind = GenBreak::kNone;
    if ((r.next() >> 11) < threshold_)
      kind = static_cast<GenBreak>(1 + r.below(static_cast<uint32_t>(kGenBreakCount - 1)));
    if (r.percent(15)) c.rendering = r.percent(65) ? gen::kPharmacist : r.pick(gen::kRn);
    if (r.percent(2)) c.freq = "7";
    const uint32_t member = 1 + r.below(9999999);
    const int32_t d0 = base_ + static_cast<int32_t>(r.below(static_cast<uint32_t>(window_ + 1)));
    gen::draft_claim(c, r, d0, kind);

    ++stats_.claims;
    ++stats_.breaks[static_cast<int>(kind)];
    stats_.lines += c.lines.size();

    // 2000B subscriber
    w_.begin("HL").number(hl).elements({"1", "22", "0"}).end();
    w_.begin("SBR").elements({"P", "18"}).element("GRP").append_number(member % 997, 4);
    w_.elements({"", "", "", "", "", "BL"}).end();
    w_.begin("NM1").elements({"IL", "1"}).element("PATIENT").append_number(member);
    w_.element(r.pick(kFirstNames)).elements({"", "", "", "MI"}).element("SYN");
    w_.append_number(member, 9).end();
    const City& city = r.pick(kCities);
    w_.begin("N3").number(100 + member % 9800).append(" SYNTHETIC ST").end();
    w_.begin("N4").elements({city.name, "TX", city.zip}).end();
    const auto year = static_cast<uint64_t>(r.range(1935, 2015));
    const auto month = static_cast<uint64_t>(r.range(1, 12));
    const auto day = static_cast<uint64_t>(r.range(1, 28));
    const sv sex = r.percent(52) ? "F" : "M";
    w_.begin("DMG").element("D8").number(year).append_number(month, 2).append_number(day, 2);
    w_.element(sex).end();
    w_.begin("NM1").elements({"PR", "2", "BCBSTX", "", "", "", "", "PI", "84980"}).end();

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
    w_.begin("CLM").element(claim_id).amount(Money::from_raw(total)).elements({"", ""});
    w_.element(c.pos).component("B").component(c.freq).elements({"Y", "A", "Y", "Y"}).end();
    w_.begin("HI");
    for (int i = 0; i < c.ndx; ++i) w_.element(i == 0 ? "ABK" : "ABF").component(c.dx[i]);
    w_.end();
    if (!c.rendering.empty()) {
      if (c.rendering == gen::kPharmacist)
        w_.begin("NM1").elements({"82", "1", "PHARMACIST", "SYN", "", "", "", "XX", "1497758544"}).end();
      else
        w_.begin("NM1").elements({"82", "1", "NURSE", "SYN", "", "", "", "XX", "1174526925"}).end();
      w_.begin("PRV").elements({"PE", "PXC", c.rendering}).end();
    }

    // 2400 lines
    uint64_t lx = 0;
    for (const GLine& l : c.lines) {
      w_.begin("LX").number(++lx).end();
      w_.begin("SV1").element("HC").component(l.code);
      if (!l.desc.empty()) {
        w_.component(l.mod1).component(l.mod2).component("").component("").component(l.desc);
      } else if (!l.mod1.empty()) {
        w_.component(l.mod1).component(l.mod2);
      }
      w_.amount(Money::from_raw(l.cents)).element("UN").number(l.units).elements({"", "", "1"}).end();
      if (l.from == l.to)
        w_.begin("DTP").elements({"472", "D8", date(l.from)}).end();
      else
        w_.begin("DTP").elements({"472", "RD8", date(l.from)}).append("-").append(date(l.to)).end();
      if (!l.ndc.empty()) {
        w_.begin("LIN").elements({"", "N4", l.ndc}).end();
        w_.begin("CTP").elements({"", "", ""}).number(l.ndc_qty ? l.ndc_qty : 1).element("UN").end();
      }
      if (!l.tax.empty()) {
        if (l.tax.substr(0, 3) == "164")
          w_.begin("NM1").elements({"82", "1", "LPN", "SYN", "", "", "", "XX", "1659407724"}).end();
        else
          w_.begin("NM1").elements({"82", "1", "NURSE", "SYN", "", "", "", "XX", "1174526925"}).end();
        w_.begin("PRV").elements({"PE", "PXC", l.tax}).end();
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
  size_t chunk_;
  const std::function<void(sv)>& write_;
  x12::Writer w_;
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