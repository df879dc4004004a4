// The malformation suite's inputs: named kinds of damage done to clean claim
// files, each with what the user must be told. Shared by
// malformation_test.cc (messages, positions, exit statuses, nothing lost)
// and privacy_test.cc (no member data in any message or log).
//
// The clean X12 file holds three home infusion claims (PD-1, PD-2, PD-3),
// each paid in full, for members whose names, ids, birth dates and addresses
// are the kSecret* strings below: if any of them ever shows up in a message,
// member data leaked.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "perdiem/input.h"

namespace perdiem::malformed {

inline const std::vector<std::string> kSecrets = {"ZZPRIVATE", "JANEQ", "MSECRET", "19470315",
                                                  "SECRET LANE", "5551234567"};

// ------------------------------------------------------------- X12 builder

// A file as a list of segments written with '*' ':' '^' and ending '~';
// rendered with a line break after each terminator.
struct X12 {
  std::vector<std::string> segments;

  std::string text(const std::string& after = "\n") const {
    std::string out;
    for (const auto& s : segments) out += s + "~" + after;
    return out;
  }
  // Index of the nth segment (0-based) that starts with prefix; -1 when none.
  int index(const std::string& prefix, int nth = 0) const {
    for (size_t i = 0; i < segments.size(); ++i)
      if (segments[i].compare(0, prefix.size(), prefix) == 0 && nth-- == 0) return static_cast<int>(i);
    return -1;
  }
  // 1-based segment number, and byte offset in text(), of that segment.
  uint64_t number(const std::string& prefix, int nth = 0) const { return static_cast<uint64_t>(index(prefix, nth)) + 1; }
  uint64_t offset(const std::string& prefix, int nth = 0, const std::string& after = "\n") const {
    uint64_t off = 0;
    const int k = index(prefix, nth);
    for (int i = 0; i < k; ++i) off += segments[static_cast<size_t>(i)].size() + 1 + after.size();
    return off;
  }
  void replace(const std::string& prefix, const std::string& with, int nth = 0) {
    segments[static_cast<size_t>(index(prefix, nth))] = with;
  }
  void erase(const std::string& prefix, int nth = 0) {
    segments.erase(segments.begin() + index(prefix, nth));
  }
  void insert_before(const std::string& prefix, const std::string& seg, int nth = 0) {
    segments.insert(segments.begin() + index(prefix, nth), seg);
  }
  // Sets SE01 to the real count of the transaction set, so only the damage
  // meant is in the file.
  void fix_counts() {
    const int st = index("ST*"), se = index("SE*");
    if (st < 0 || se < 0) return;
    segments[static_cast<size_t>(se)] = "SE*" + std::to_string(se - st + 1) + "*0001";
  }
};

inline std::string isa(const std::string& control = "000000001") {
  return "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240701*1200*^*00501*" +
         control + "*0*T*:";
}

inline std::vector<std::string> claim_segments(int k, const std::string& id) {
  const std::string n = std::to_string(k);
  return {"HL*" + std::to_string(k + 1) + "*1*22*0",
          "SBR*P*18*GRP0001******BL",
          "NM1*IL*1*ZZPRIVATE*JANEQ****MI*MSECRET000" + n,
          "N3*" + n + " SECRET LANE",
          "N4*AUSTIN*TX*78701",
          "DMG*D8*19470315*F",
          "PER*IC*ZZPRIVATE JANEQ*TE*5551234567",
          "CLM*" + id + "*360.00***12:B:1*Y*A*Y*Y",
          "HI*ABK:A419",
          "LX*1",
          "SV1*HC:S9500*300.00*UN*3*12**1",
          "DTP*472*RD8*20240601-20240603",
          "LX*2",
          "SV1*HC:J0696*60.00*UN*12*12**1",
          "DTP*472*RD8*20240601-20240603"};
}

// The clean file: three claims, every line paid (exit status 0).
inline X12 clean_x12(int claims = 3) {
  X12 d;
  d.segments = {isa(),
                "GS*HC*SENDER*RECEIVER*20240701*1200*1*X*005010X222A1",
                "ST*837*0001*005010X222A1",
                "BHT*0019*00*B1*20240701*1200*CH",
                "NM1*41*2*PERDIEM TEST PHARMACY*****46*P1",
                "NM1*40*2*BCBSTX*****46*BCBSTX",
                "HL*1**20*1",
                "PRV*BI*PXC*3336H0001X",
                "NM1*85*2*PERDIEM TEST PHARMACY*****XX*1234567893"};
  for (int k = 1; k <= claims; ++k) {
    auto c = claim_segments(k, "PD-" + std::to_string(k));
    d.segments.insert(d.segments.end(), c.begin(), c.end());
  }
  d.segments.push_back("SE*0*0001");
  d.segments.push_back("GE*1*1");
  d.segments.push_back("IEA*1*000000001");
  d.fix_counts();
  return d;
}

// ------------------------------------------------------------- JSON inputs

inline std::string json_claim(const std::string& id, const std::string& units = "3",
                              const std::string& extra = "") {
  return R"({"claim_id":")" + id +
         R"(","member_id":"MSECRET0001","place_of_service":"12","diagnoses":["A41.9"],)" + extra +
         R"("lines":[{"code":"S9500","from":"2024-06-01","to":"2024-06-03","units":)" + units +
         R"(,"charge":300.00},{"code":"J0696","from":"2024-06-01","to":"2024-06-03","units":12,"charge":60.00}]})";
}

inline std::string json_array(const std::vector<std::string>& claims) {
  std::string s = "[\n";
  for (size_t i = 0; i < claims.size(); ++i) s += (i ? ",\n" : "") + claims[i];
  return s + "\n]\n";
}

inline std::string utf16(const std::string& text, bool little, bool bom) {
  std::string out;
  if (bom) out += little ? std::string("\xFF\xFE", 2) : std::string("\xFE\xFF", 2);
  for (char c : text) {
    if (little) { out += c; out += '\0'; }
    else { out += '\0'; out += c; }
  }
  return out;
}

// ------------------------------------------------------------------ kinds

// One kind of damage and what perdiem must answer.
struct Kind {
  std::string name;
  std::string input;
  int exit = 0;              // exit status of `perdiem check`
  std::string told;          // part of the message the user is told ("" when clean)
  int64_t segment = -1;      // that problem's segment number (-1: not pinned)
  int64_t offset = -1;       // its byte offset (-1: not pinned)
  // Claims in the output: -1 means the independent count of the input
  // (CLM segment starts for X12, "claim_id" keys for JSON).
  int claims = -1;
  std::string why_claims;    // when claims is pinned: why it differs from the count
  std::vector<std::string> args;  // extra `perdiem check` options (limits)
  ReadLimits limits;              // the same limits for the library
  bool json = false;
};

// Claims an independent reader finds: "CLM" + separator at a segment start
// (after the start of the text, a '~' or a line break), or for JSON the
// "claim_id" keys.
inline int count_claims(const std::string& text, bool json) {
  int n = 0;
  if (json) {
    for (size_t at = text.find("\"claim_id\""); at != std::string::npos; at = text.find("\"claim_id\"", at + 1)) ++n;
    return n;
  }
  for (size_t at = text.find("CLM"); at != std::string::npos; at = text.find("CLM", at + 1)) {
    size_t k = at;
    while (k > 0 && (text[k - 1] == ' ' || text[k - 1] == '\t')) --k;  // indentation
    const bool start = k == 0 || text[k - 1] == '~' || text[k - 1] == '\n' || text[k - 1] == '\r';
    const bool sep = at + 3 < text.size() && !std::isalnum(static_cast<unsigned char>(text[at + 3]));
    if (start && sep) ++n;
  }
  return n;
}

// Kinds are written as brace lists that leave the last members at their defaults.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
inline std::vector<Kind> kinds() {
  std::vector<Kind> v;
  auto add = [&](Kind k) { v.push_back(std::move(k)); };
  const X12 base = clean_x12();
  const std::string clean = base.text();

  add({"clean file (control)", clean, 0, ""});

  // ---- envelope -----------------------------------------------------
  {
    const uint64_t cut = base.offset("SV1", 2) + 10;  // inside claim PD-2's first SV1
    add({"truncated transfer (cut inside a claim)", clean.substr(0, cut), 2,
         "the input ends inside this SV1 segment", static_cast<int64_t>(base.number("SV1", 2)),
         static_cast<int64_t>(base.offset("SV1", 2))});
  }
  add({"truncated inside the ISA", clean.substr(0, 60), 2, "the ISA header is cut off", 0, 0});
  {
    X12 d = base;
    d.segments[0] = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240701*1200*^*00501*000000001*0*T";
    add({"short ISA (15 elements)", d.text(), 2, "is unusable", 0, 0, -1, "", {}, {}});
  }
  {
    X12 d = base;
    d.segments[0] = "ISA*00*          *00*          *ZZ*SENDER        *ZZ*RECEIVER       *240701*1200*^*00501*000000001*0*T*:";
    add({"mispadded ISA (105 bytes)", d.text(), 0, "not 106", 1, 0});
  }
  {
    X12 d = base;
    d.segments[0] = isa().substr(0, isa().size() - 1) + "*";
    add({"separators reused (ISA16 = element separator)", d.text(), 2, "component separator (ISA16)", 0, 0});
  }
  {
    X12 d = base;
    d.segments[0] = isa().substr(0, isa().size() - 1) + "A";
    add({"alphanumeric component separator", d.text(), 2, "cannot be a separator", 0, 0});
  }
  {
    std::string t = clean;
    t[isa().size()] = ':';  // the terminator equals ISA16
    add({"terminator equals the component separator", t, 2, "segment terminator", 0, 0});
  }
  {
    X12 d = base;
    std::string s = isa();
    s[s.find('^')] = ':';  // ISA11 repetition separator = ISA16
    d.segments[0] = s;
    add({"repetition separator reused", d.text(), 2, "repetition separator (ISA11)", 0, 0});
  }
  {
    X12 d = base;
    std::string t;
    for (size_t i = 0; i < d.segments.size(); ++i) {
      std::string s = d.segments[i];
      if (i > 0) std::replace(s.begin(), s.end(), '*', '|');
      t += s + "~\n";
    }
    add({"wrong element separator in the body", t, 2, "looks like a CLM", -1, -1});
  }
  {
    std::string t = base.segments[0] + "~\n";
    for (size_t i = 1; i < base.segments.size(); ++i) t += base.segments[i] + "\n";
    add({"segments end with line breaks, not the declared terminator", t, 0, "end with line breaks", 2,
         static_cast<int64_t>(base.segments[0].size() + 2)});
  }
  {
    std::string t = clean;
    std::replace(t.begin(), t.end(), '\n', '\r');
    add({"CR-only line breaks", t, 0, ""});
  }
  {
    X12 d = base;
    d.segments[0] = isa();
    std::string t;
    for (const auto& s : d.segments) t += s + "\r";  // CR is the terminator itself
    t[isa().size()] = '\r';
    add({"CR as the segment terminator", t, 0, ""});
  }
  {
    std::string t;
    for (const auto& s : base.segments) t += s + "~\r\n    ";
    add({"CRLF and indentation", t, 0, ""});
  }
  {
    std::string t = clean;
    t.erase(t.rfind("IEA*"));
    add({"missing IEA", t, 0, "no IEA", -1, -1});
  }
  {
    std::string t = clean;
    t.erase(t.find("SE*"));
    add({"missing SE, GE and IEA", t, 0, "no SE, GE, IEA", -1, -1});
  }
  {
    X12 d = base;
    d.replace("SE*", "SE*999*0001");
    add({"SE count wrong", d.text(), 0, "SE01 says '999' segments", static_cast<int64_t>(d.number("SE*")),
         static_cast<int64_t>(d.offset("SE*"))});
  }
  {
    X12 d = base;
    d.replace("GE*", "GE*7*1");
    add({"GE count wrong", d.text(), 0, "GE01 says '7' transaction sets", static_cast<int64_t>(d.number("GE*")),
         static_cast<int64_t>(d.offset("GE*"))});
  }
  {
    X12 d = base;
    d.replace("IEA*", "IEA*3*000000001");
    add({"IEA count wrong", d.text(), 0, "IEA01 says '3' functional groups", static_cast<int64_t>(d.number("IEA*")),
         static_cast<int64_t>(d.offset("IEA*"))});
  }
  {
    X12 d = base;
    d.replace("SE*", "SE*" + std::to_string(d.index("SE*") - d.index("ST*") + 1) + "*9999");
    add({"control numbers do not match", d.text(), 0, "SE02 control number '9999' does not match ST02",
         static_cast<int64_t>(d.number("SE*")), static_cast<int64_t>(d.offset("SE*"))});
  }
  add({"banner before the ISA", "FILE FROM SENDER 42\n" + clean, 0, "bytes of text before the first ISA header", 0, 0});
  add({"junk between interchanges", clean + "@@@ NOISE @@@\n" + clean, 0, "between interchanges", 0,
       static_cast<int64_t>(clean.size())});
  {
    std::string t = clean;
    t.erase(t.rfind("IEA*"));
    add({"new ISA before the IEA", t + clean, 0, "a new ISA begins before the interchange", -1,
         static_cast<int64_t>(t.size())});
  }
  add({"UTF-8 byte order mark", "\xEF\xBB\xBF" + clean, 0, ""});
  add({"UTF-16LE with a byte order mark", utf16(clean, true, true), 0, "UTF-16LE", 0, 0, 3,
       "counted in the UTF-8 text the UTF-16 was made from"});
  add({"UTF-16BE without a byte order mark", utf16(clean, false, false), 0, "UTF-16BE", 0, 0, 3,
       "counted in the UTF-8 text the UTF-16 was made from"});
  add({"empty file", "", 2, "the input is empty", 0, 0});
  add({"only blank space", "  \n\r\n\t ", 2, "the input is empty", 0, 0});
  {
    std::string t;
    for (int i = 0; i < 4096; ++i) t += static_cast<char>((i * 7919 + 13) % 256);
    t[0] = '\x01';
    add({"bytes that are not text (random binary)", t, 2, "not X12", 0, 0});
  }
  {
    std::string t = clean;
    t.erase(0, t.find("GS*"));
    add({"no ISA at all (X12 without its header)", t, 2, "no ISA interchange header found", 0, 0, -1, ""});
  }
  {
    // 80-column records: line breaks inside segments.
    std::string flat;
    for (const auto& s : base.segments) flat += s + "~";
    std::string t = flat.substr(0, 106 + 1);
    for (size_t i = 107; i < flat.size(); i += 80) t += "\n" + flat.substr(i, 80);
    add({"wrapped at 80 columns", t, 2, "line break inside it", -1, -1});
  }

  // ---- claims ---------------------------------------------------------
  {
    X12 d = base;
    for (int i = 0; i < 2; ++i) d.erase("LX*", 2), d.erase("SV1", 2), d.erase("DTP*472", 2);
    d.fix_counts();
    add({"claim without lines", d.text(), 2, "the claim has no service lines", static_cast<int64_t>(d.number("CLM", 1)),
         static_cast<int64_t>(d.offset("CLM", 1))});
  }
  {
    X12 d = base;
    d.erase("DTP*472", 2);
    d.fix_counts();
    add({"line without a date", d.text(), 2, "has no DTP*472 service date", static_cast<int64_t>(d.number("LX*", 2)),
         static_cast<int64_t>(d.offset("LX*", 2))});
  }
  {
    X12 d = base;
    d.replace("DTP*472", "DTP*472*D8*20240231", 2);
    add({"invalid date (February 31)", d.text(), 2, "is not a CCYYMMDD date",
         static_cast<int64_t>(d.number("DTP*472", 2)), static_cast<int64_t>(d.offset("DTP*472", 2))});
  }
  {
    X12 d = base;
    d.replace("DTP*472", "DTP*472*RD8*20240603-20240601", 2);
    add({"reversed date range", d.text(), 2, "ends before it begins", static_cast<int64_t>(d.number("DTP*472", 2)),
         static_cast<int64_t>(d.offset("DTP*472", 2))});
  }
  {
    X12 d = base;
    d.replace("DTP*472", "DTP*472*DT*202406011200", 2);
    add({"unknown date qualifier", d.text(), 2, "is not D8 or RD8", static_cast<int64_t>(d.number("DTP*472", 2)),
         static_cast<int64_t>(d.offset("DTP*472", 2))});
  }
  auto sv1 = [&](const std::string& name, const std::string& seg, const std::string& told, int exit = 2) {
    X12 d = base;
    d.replace("SV1", seg, 2);
    add({name, d.text(), exit, told, static_cast<int64_t>(d.number("SV1", 2)), static_cast<int64_t>(d.offset("SV1", 2))});
  };
  sv1("non-numeric units", "SV1*HC:S9500*300.00*UN*THREE*12**1", "SV104 units [value of 5 bytes, not shown] are not a number");
  sv1("negative units", "SV1*HC:S9500*300.00*UN*-3*12**1", "are negative");
  sv1("enormous units", "SV1*HC:S9500*300.00*UN*99999999999999999999*12**1", "is too large or too precise");
  sv1("units with a field of garbage", "SV1*HC:S9500*300.00*UN*\x01\x02\xff\xfe*12**1", "are not a number");
  sv1("non-numeric charge", "SV1*HC:S9500*ABC*UN*3*12**1", "SV102 charge [value of 3 bytes, not shown] is not an amount");
  sv1("negative charge", "SV1*HC:S9500*-300.00*UN*3*12**1", "SV102 charge '-300.00' is not an amount");
  sv1("enormous charge", "SV1*HC:S9500*9999999999999999999.99*UN*3*12**1", "is too large or too precise");
  sv1("empty composite (SV101)", "SV1**300.00*UN*3*12**1", "SV101 (the procedure code) is missing");
  sv1("composite without a code", "SV1*HC:*300.00*UN*3*12**1", "has no procedure code after the qualifier");
  sv1("composite with the wrong separator", "SV1*HC>S9500*300.00*UN*3*12**1", "has no procedure code after the qualifier");
  {
    X12 d = base;
    d.replace("SV1", "SV1*HC:ZZ991*300.00*UN*3*12**1", 2);
    d.replace("SV1", "SV1*HC:ZZ992*60.00*UN*12*12**1", 3);
    add({"unknown procedure codes", d.text(), 0, ""});
  }
  {
    X12 d = base;
    d.replace("SV1", "SV1*HC:S9500*300.00*UN*3*12**1", 2);
    d.insert_before("DTP*472", "SV1*HC:J0696*60.00*UN*12*12**1", 2);
    d.fix_counts();
    add({"second SV1 in a line", d.text(), 2, "has a second SV1", static_cast<int64_t>(d.number("SV1", 3)),
         static_cast<int64_t>(d.offset("SV1", 3))});
  }
  {
    X12 d = base;
    d.replace("SV1", "SV2*0250*HC:J0696*60.00*UN*12", 3);
    add({"institutional SV2 line in an 837P", d.text(), 2, "has SV2 instead of SV1", static_cast<int64_t>(d.number("LX*", 3)),
         static_cast<int64_t>(d.offset("LX*", 3))});
  }
  {
    X12 d = base;
    d.replace("CLM", "CLM**360.00***12:B:1*Y*A*Y*Y", 1);
    add({"claim without an id", d.text(), 2, "CLM01 (the claim id) is missing", static_cast<int64_t>(d.number("CLM", 1)),
         static_cast<int64_t>(d.offset("CLM", 1))});
  }
  {
    X12 d = base;
    d.replace("CLM", "CLX*PD-2*360.00***12:B:1*Y*A*Y*Y", 1);
    add({"damaged CLM segment id", d.text(), 2, "has no claim (CLM) before it", static_cast<int64_t>(d.number("LX*", 2)),
         static_cast<int64_t>(d.offset("LX*", 2)), 3,
         "the lines of the damaged claim are reported as a claim without an id"});
  }
  {
    X12 d = base;
    d.insert_before("SV1", "@@!\x01garbage", 2);
    d.fix_counts();
    add({"a segment of garbage inside a claim", d.text(), 2, "does not begin with a valid segment id",
         static_cast<int64_t>(d.number("@@!")), static_cast<int64_t>(d.offset("@@!"))});
  }
  {
    X12 d = base;
    std::string seg = "NTE*ADD*";
    seg += std::string(70000, 'X');
    d.insert_before("LX*", seg, 2);
    d.fix_counts();
    add({"a 70,000-character element (under the limit)", d.text(), 0, ""});
  }
  {
    X12 d = base;
    std::string seg = "NTE*ADD*";
    seg += std::string(2 << 20, 'X');
    d.insert_before("LX*", seg, 2);
    d.fix_counts();
    add({"one enormous segment (2 MiB)", d.text(), 2, "longer than the 1048576-byte limit (max_segment_bytes)",
         static_cast<int64_t>(d.number("NTE")), static_cast<int64_t>(d.offset("NTE"))});
  }
  {
    // A stretch written with another terminator: one segment swallows two claims.
    std::string t = base.text("");
    const size_t from = base.offset("CLM", 1, ""), to = base.offset("SE*", 0, "");
    for (size_t i = from; i < to - 1; ++i)
      if (t[i] == '~') t[i] = '|';
    Kind k{"wrong terminator over a stretch (a segment swallows claims)", t, 2, "inside segment",
           static_cast<int64_t>(base.number("CLM", 1)), static_cast<int64_t>(base.offset("CLM", 2, "")), 3,
           "the independent count sees CLM only after a '~' or a line break; PD-3 follows a '|'"};
    k.args = {"--max-segment-bytes", "256"};
    k.limits.max_segment_bytes = 256;
    add(k);
  }
  {
    X12 d = base;
    auto c = claim_segments(9, "PD-BIG");
    std::vector<std::string> lines;
    for (int i = 1; i <= 100000; ++i) {
      lines.push_back("LX*" + std::to_string(i));
      lines.push_back("SV1*HC:J0696*1.00*UN*1*12**1");
      lines.push_back("DTP*472*D8*20240601");
    }
    c.erase(c.begin() + 9, c.end());
    c.insert(c.end(), lines.begin(), lines.end());
    d.segments.insert(d.segments.begin() + d.index("SE*"), c.begin(), c.end());
    d.fix_counts();
    add({"a claim with 100,000 lines", d.text(), 2, "more than 10000 service lines (max_lines_per_claim",
         static_cast<int64_t>(d.number("LX*10001")), static_cast<int64_t>(d.offset("LX*10001"))});
  }
  {
    Kind k{"more claims than --max-claims", clean, 2, "more than 2 claims (max_claims", static_cast<int64_t>(base.number("CLM", 2)),
           static_cast<int64_t>(base.offset("CLM", 2)), 2, "the limit stops reading at the third claim, and says so"};
    k.args = {"--max-claims", "2"};
    k.limits.max_claims = 2;
    add(k);
  }
  {
    Kind k{"input larger than --max-input-bytes", clean, 2, "more than the 1000-byte limit (max_input_bytes)", 0, 0, 0,
           "the input is not read at all, and the message says so"};
    k.args = {"--max-input-bytes", "1000"};
    k.limits.max_input_bytes = 1000;
    add(k);
  }
  {
    X12 d = base;
    d.replace("CLM", "CLM*PD-1*360.00***12:B:1*Y*A*Y*Y", 2);
    add({"duplicate claim ids", d.text(), 0, "claim id \"PD-1\" was already used by the claim at",
         static_cast<int64_t>(d.number("CLM", 2)), static_cast<int64_t>(d.offset("CLM", 2))});
  }
  {
    X12 d = base;
    auto c = claim_segments(4, "PD-OUT");
    const int se = d.index("SE*");
    d.segments.insert(d.segments.begin() + se + 1, c.begin() + 7, c.end());
    add({"claim outside a transaction set", d.text(), 2, "this CLM is outside a transaction set",
         static_cast<int64_t>(d.number("CLM*PD-OUT")), static_cast<int64_t>(d.offset("CLM*PD-OUT"))});
  }
  {
    X12 d = base;
    d.replace("ST*", "ST*835*0001*005010X221A1");
    add({"claims in a transaction set that is not an 837", d.text(), 2, "which is not an 837",
         static_cast<int64_t>(d.number("CLM")), static_cast<int64_t>(d.offset("CLM"))});
  }
  {
    X12 d = base;
    d.replace("HI*", "HI*A419*ABF", 1);
    add({"diagnosis that is not a composite", d.text(), 0, "qualifier:code composite", static_cast<int64_t>(d.number("HI*", 1)),
         static_cast<int64_t>(d.offset("HI*", 1))});
  }
  {
    std::string t = clean;
    t[base.offset("SV1", 2) + 8] = '\0';
    add({"a NUL byte inside a code", t, 2, "is not a procedure code", static_cast<int64_t>(base.number("SV1", 2)),
         static_cast<int64_t>(base.offset("SV1", 2))});
  }

  // ---- JSON and NDJSON -------------------------------------------------
  auto js = [&](Kind k) {
    k.json = true;
    add(std::move(k));
  };
  const std::string a = json_claim("JS-1"), b = json_claim("JS-2"), c = json_claim("JS-3");
  js({"JSON: clean array (control)", json_array({a, b, c}), 0, ""});
  js({"JSON: wrong types (units a word, lines a string)",
      json_array({a, json_claim("JS-2", "\"three\""), R"({"claim_id":"JS-3","lines":"S9500"})"}), 2,
      "lines[0].units: expected a number, found a string [value of 5 bytes, not shown]"});
  js({"JSON: negative and enormous numbers", json_array({json_claim("JS-1", "-3"), json_claim("JS-2", "1e309"), c}), 2,
      "units is negative"});
  js({"JSON: missing claim_id", json_array({a, R"({"lines":[{"code":"S9500","from":"2024-06-01","units":1}]})", c}), 2,
      "claim_id is missing", -1, -1, 3, "a claim without a claim_id key is still reported"});
  js({"JSON: duplicate claim ids", json_array({a, json_claim("JS-1"), c}), 0, "claim id \"JS-1\" was already used"});
  {
    const std::string t = json_array({a, b, c});
    js({"JSON: truncated transfer", t.substr(0, t.find("JS-3") + 40), 2, "not valid", -1, -1});
  }
  {
    std::string broken = b;
    broken.erase(broken.find("\"S9500\"") + 6, 1);  // an unclosed string
    js({"JSON: an unclosed string breaks the structure", json_array({a, broken, c}), 2, "not valid", -1, -1});
  }
  js({"JSON: missing comma between claims", "[" + a + "\n" + b + ",\n" + c + "]", 2, "a comma is missing"});
  js({"JSON: a field given twice", json_array({a, json_claim("JS-2", "3", R"("claim_id":"JS-2",)"), c}), 2,
      "the field is given more than once", -1, -1, 3, "the claim with claim_id given twice is one claim"});
  {
    std::string deep = json_claim("JS-2", "3", R"("x":)" + std::string(100, '[') + std::string(100, ']') + ",");
    js({"JSON: nesting deeper than --max-json-depth", json_array({a, deep, c}), 2, "nests deeper than max_json_depth (64)"});
  }
  js({"JSON: bytes that are not UTF-8", json_array({a, json_claim("JS-2\xff\xfe"), c}), 2, "UTF-8"});
  js({"JSON: a number where the document should be", "42", 2, "is not X12 (it does not begin with ISA), JSON or NDJSON", 0, 0});
  js({"JSON: a string where the claim object should be", json_array({a, "\"JS-2\"", c}), 2,
      "expected a claim object, found a string", -1, -1, 3, "the string element is reported as a claim"});
  js({"NDJSON: one broken line among good ones", a + "\n" + "{\"claim_id\":\"JS-2\",\"lines\":[\n" + c + "\n", 2,
      "line 2: not valid JSON"});
  {
    Kind k{"NDJSON: a line longer than --max-segment-bytes", a + "\n" + b + "\n" + c + "\n", 2,
           "longer than max_segment_bytes (200)"};
    k.args = {"--max-segment-bytes", "200"};
    k.limits.max_segment_bytes = 200;
    js(k);
  }
  {
    std::string lines = R"({"claim_id":"JS-BIG","place_of_service":"12","lines":[)";
    for (int i = 0; i < 100000; ++i)
      lines += std::string(i ? "," : "") + R"({"code":"J0696","from":"2024-06-01","units":1})";
    lines += "]}";
    js({"JSON: a claim with 100,000 lines", json_array({a, lines}), 2, "more than max_lines_per_claim (10000) lines"});
  }
  js({"JSON: UTF-16LE", utf16(json_array({a, b, c}), true, true), 0, "UTF-16LE", 0, 0, 3,
      "counted in the UTF-8 text the UTF-16 was made from"});
  {
    auto pretty = [](std::string s) {
      std::string out;
      for (char ch : s) {
        out += ch;
        if (ch == ',') out += "\n  ";
      }
      return out;
    };
    js({"JSON: pretty-printed objects one after another (no array)", pretty(a) + "\n" + pretty(b) + "\n" + pretty(c) + "\n",
        0, "more claim objects, not in an array; each was read as a claim"});
  }
  js({"JSON: byte order mark and CRLF", "\xEF\xBB\xBF" + a + "\r\n" + b + "\r\n", 0, ""});
  return v;
}
#pragma GCC diagnostic pop

}  // namespace perdiem::malformed
