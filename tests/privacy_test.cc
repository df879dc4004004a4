// No member data in messages or logs (docs/robustness.md, "Privacy"):
// whatever the damage, nothing perdiem writes — results in every format,
// problems, file problems on standard error — holds a member's name, id,
// birth date, address or phone number. The inputs carry such data (the
// kSecrets of malformed_inputs.h) in the member segments and fields, and are
// damaged in every way the malformation suite knows, plus damage aimed at the
// member segments themselves. --echo-values, for local debugging, is the one
// way to see raw input text in a problem; the test shows it works, so that
// the checks above would catch a leak.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>

#include "malformed_inputs.h"
#include "test_util.h"

namespace perdiem {
namespace {

using malformed::Kind;
using malformed::kSecrets;
namespace fs = std::filesystem;

struct CliRun {
  int status = -1;
  std::string out;  // standard output and standard error
};

CliRun run_check(const std::string& input, const std::vector<std::string>& args) {
  static int n = 0;
  const std::string path =
      (fs::temp_directory_path() / ("perdiem-privacy-" + std::to_string(getpid()) + "-" + std::to_string(n++)))
          .string();
  testing::write_file(path, input);
  std::string cmd = "'" + std::string(PERDIEM_BINARY) + "' check";
  for (const auto& a : args) cmd += " '" + a + "'";
  cmd += " '" + path + "' 2>&1";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p) {
    std::array<char, 65536> buf;
    size_t got;
    while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), got);
    const int st = pclose(p);
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  fs::remove(path);
  return r;
}

// The member data found in `text`, if any.
std::string leaked(const std::string& text) {
  for (const auto& s : kSecrets)
    if (text.find(s) != std::string::npos) return s;
  return {};
}

void expect_no_member_data(const std::string& name, const std::string& input, std::vector<std::string> args = {}) {
  for (const char* format : {"json", "ndjson", "table", "csv"}) {
    std::vector<std::string> a = {"--format", format};
    a.insert(a.end(), args.begin(), args.end());
    const CliRun r = run_check(input, a);
    EXPECT_NE(r.status, -1) << name;
    const std::string s = leaked(r.out);
    EXPECT_TRUE(s.empty()) << name << " (--format " << format << "): member data \"" << s
                           << "\" is in the output:\n"
                           << r.out.substr(0, 4000);
  }
}

// Damage aimed at the member segments: the subscriber's NM1, N3, DMG and
// PER, the patient loop, and JSON member_id.
std::vector<Kind> member_damage() {
  using malformed::clean_x12;
  std::vector<Kind> v;
  auto x12 = [&](const std::string& name, const std::function<void(malformed::X12&)>& f) {
    malformed::X12 d = clean_x12();
    f(d);
    Kind k;
    k.name = name;
    k.input = d.text();
    v.push_back(k);
  };
  x12("subscriber NM1 with a garbage segment id",
      [](auto& d) { d.replace("NM1*IL", "N\x01M1*IL*1*ZZPRIVATE*JANEQ****MI*MSECRET0002", 1); });
  x12("subscriber NM1 with the wrong element separator",
      [](auto& d) { d.replace("NM1*IL", "NM1|IL|1|ZZPRIVATE|JANEQ||||MI|MSECRET0002", 1); });
  x12("DMG with a broken birth date", [](auto& d) { d.replace("DMG", "DMG*D8*19470315X*F", 1); });
  x12("DMG with a garbage segment id", [](auto& d) { d.replace("DMG", "D#G*D8*19470315*F", 1); });
  x12("address with bytes that are not text",
      [](auto& d) { d.replace("N3*", "N3*2 SECRET LANE\x01\xff\xfe", 1); });
  x12("lost terminator: DMG swallows the CLM", [](auto& d) {
    const int i = d.index("DMG", 1);
    d.segments[static_cast<size_t>(i)] += "~" + d.segments[static_cast<size_t>(i) + 1];
    d.segments[static_cast<size_t>(i)].erase(d.segments[static_cast<size_t>(i)].find('~'), 1);
    d.segments.erase(d.segments.begin() + i + 1);
  });
  x12("lost terminator: PER runs into the CLM", [](auto& d) {
    const int i = d.index("PER", 1);
    d.segments[static_cast<size_t>(i)] += d.segments[static_cast<size_t>(i) + 1];
    d.segments.erase(d.segments.begin() + i + 1);
  });
  x12("patient loop with damage after the patient's NM1", [](auto& d) {
    const int clm = d.index("CLM", 1);
    d.segments.insert(d.segments.begin() + clm,
                      {"HL*9*3*23*0", "PAT*19", "NM1*QC*1*ZZPRIVATE*JANEQ****MI*MSECRET0009", "N3*9 SECRET LANE",
                       "DMG*D8*19470315*F"});
    d.replace("SV1", "SV1*HC:S9500*300.00*UN*BAD*12**1", 2);
  });
  x12("CLM outside a transaction set after member data", [](auto& d) {
    auto c = malformed::claim_segments(7, "PD-7");
    d.segments.insert(d.segments.begin() + d.index("SE*") + 1, c.begin(), c.end());
  });
  {
    malformed::X12 d = clean_x12();
    const std::string t = d.text();
    Kind k;
    k.name = "file ends inside the subscriber NM1";
    k.input = t.substr(0, t.find("ZZPRIVATE", t.find("CLM*PD-1")) + 5);
    v.push_back(k);
    k.name = "file ends inside the DMG";
    k.input = t.substr(0, t.find("19470315", t.find("CLM*PD-1")) + 4);
    v.push_back(k);
  }
  {
    malformed::X12 d = clean_x12();
    d.replace("NM1*IL", "NM1*IL*1*ZZPRIVATE*JANEQ****MI*MSECRET0002" + std::string(400, 'Q'), 1);
    Kind k;
    k.name = "subscriber NM1 longer than --max-segment-bytes";
    k.input = d.text();
    k.args = {"--max-segment-bytes", "300"};
    v.push_back(k);
  }
  auto json = [&](const std::string& name, const std::string& text) {
    Kind k;
    k.name = name;
    k.input = text;
    v.push_back(k);
  };
  const std::string ok = malformed::json_claim("JS-1");
  json("JSON member_id of the wrong types",
       malformed::json_array({malformed::json_claim("JS-2", "3", R"("member_id":19470315,)"),
                              malformed::json_claim("JS-3", "3", R"("member_id":["ZZPRIVATE JANEQ"],)"),
                              malformed::json_claim("JS-4", "3", R"("member_id":{"name":"ZZPRIVATE"},)")}));
  json("JSON member_id given twice", malformed::json_array({malformed::json_claim("JS-2", "3", R"("member_id":"MSECRET9",)")}));
  json("JSON member_id with bytes that are not UTF-8",
       malformed::json_array({ok, R"({"claim_id":"JS-2","member_id":"MSECRET)" "\xff\xfe" R"(","lines":[]})"}));
  json("JSON cut inside member_id", ok.substr(0, ok.find("MSECRET") + 9));
  json("NDJSON line broken after member_id",
       ok + "\n" + R"({"claim_id":"JS-2","member_id":"MSECRET0002","lines":[{"code":)" + "\n");
  json("JSON member name where a date goes (a sender's mapping mistake)",
       malformed::json_array({malformed::json_claim("JS-2", "3", R"("member_name":"ZZPRIVATE JANEQ",)")}));
  return v;
}

TEST(Privacy, NoMemberDataInAnyOutputForAnyKindOfDamage) {
  for (const auto& k : malformed::kinds()) {
    if (k.input.size() > (1u << 20)) continue;  // the large kinds add nothing here and cost time
    expect_no_member_data(k.name, k.input, k.args);
  }
}

TEST(Privacy, NoMemberDataWhenTheMemberSegmentsThemselvesAreDamaged) {
  for (const auto& k : member_damage()) expect_no_member_data(k.name, k.input, k.args);
}

TEST(Privacy, TheInputsReallyHoldMemberData) {
  // Guards the test itself: the secrets are in the inputs it feeds.
  for (const auto& k : member_damage()) {
    const bool utf16 = k.input.size() > 1 && k.input[1] == '\0';
    if (!utf16) {
      EXPECT_FALSE(leaked(k.input).empty()) << k.name;
    }
  }
  EXPECT_FALSE(leaked(malformed::clean_x12().text()).empty());
}

TEST(Privacy, EchoValuesShowsRawTextForLocalDebugging) {
  // A damaged subscriber NM1: by default nothing of it is shown...
  malformed::X12 d = malformed::clean_x12();
  d.replace("NM1*IL", "N\x01M1*IL*1*ZZPRIVATE*JANEQ****MI*MSECRET0002", 1);
  d.insert_before("SV1", "Z@Z*ZZPRIVATE*JANEQ", 2);
  const CliRun quiet = run_check(d.text(), {"--format", "table"});
  EXPECT_TRUE(leaked(quiet.out).empty()) << quiet.out;
  EXPECT_NE(quiet.out.find("does not begin with a valid segment id"), std::string::npos) << quiet.out;
  // ...and --echo-values quotes the segment at fault.
  const CliRun loud = run_check(d.text(), {"--format", "table", "--echo-values"});
  EXPECT_NE(loud.out.find("[segment text: 'Z@Z*ZZPRIVATE*JANEQ']"), std::string::npos) << loud.out;
  // The same for JSON: the value at fault.
  const std::string j = malformed::json_array({malformed::json_claim("JS-1", "\"ZZPRIVATE\"")});
  EXPECT_TRUE(leaked(run_check(j, {"--format", "json"}).out).empty());
  EXPECT_NE(run_check(j, {"--format", "json", "--echo-values"}).out.find("[value: '\\\"ZZPRIVATE\\\""), std::string::npos);
}

}  // namespace
}  // namespace perdiem
