// Tests of read_x12() on the shared public sample corpus (../shared/corpus):
// what each sample yields, pinned against its SOURCES.md, and how the quirky
// samples are read. Skipped, saying so, when the corpus is not there.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "perdiem/input.h"
#include "x12_test_util.h"

namespace perdiem {
namespace {

using namespace x12_testing;

// --------------------------------------------------------------- corpus

struct Pinned {
  int claims;
  int lines;
  int rejected;
};

// What each sample yields. Claim and line counts agree with SOURCES.md.
const std::map<std::string, Pinned>& pinned() {
  static const std::map<std::string, Pinned> m = {
      // 837P
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-MedicaidExample.edi", {5, 10, 0}},
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-MissingEntityCode.edi", {5, 10, 0}},
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-ST1309-XX.edi", {1, 2, 0}},
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-UnicodeExample.edi", {0, 0, 0}},
      {"LinuxForHealth-x12__src-tests-resources-837_005010X222A2-demo.cob.example3.C.edi", {1, 3, 0}},
      {"LinuxForHealth-x12__src-tests-resources-837_005010X222A2-demo.drug.example10.2.edi", {1, 6, 0}},
      {"LinuxForHealth-x12__src-tests-resources-837_005010X222A2-demo.example9.edi", {1, 1, 1}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_bad_first_line.edi", {2, 2, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_complex.edi", {6, 10, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_many_claims.edi", {820, 820, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_multiple_gs.edi", {6, 6, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_multiple_isa.edi", {4, 4, 0}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_multiple_transactions.edi", {624, 624, 0}},
      // No ISA: its claims are reported, rejected (the delimiters are not declared).
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_no_isa_line.edi", {2, 0, 2}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x12_valid_different_separators.edi", {2, 2, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222-HC837-Health-Care-Claim-Professional-case-1.edi", {1, 4, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-COB-claim-from-payer-a-to-payer-b-in-payer-to-payer.edi", {1, 3, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-ambulance.edi", {1, 4, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-anesthesia.edi", {1, 1, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-drug-administered-in-the-physician-office.edi", {1, 2, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-home-infusion-therapy-pharmacy-adjudicated-with-HCPCS-in-loop-2400-or-NDC-in-loop-2410.edi", {1, 6, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-home-infusion-therapy-pharmacy-adjudicated-with-NDC-in-loop-2410.edi", {1, 6, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-wheelchair.edi", {1, 1, 0}},
      // 837I: claims are read, their SV2 lines are not, so every claim is rejected.
      {"LinuxForHealth-x12__src-tests-resources-837_005010X223A3-two-claims-single-provider.edi", {2, 3, 2}},
      {"imsweb-x12-parser__src-test-resources-837_5010-x223-test.edi", {1, 1, 1}},
      {"kputnam-stupidedi__spec-fixtures-005010-X223A2-HC837-Health-Care-Claim-Institutional-pass-837-institutional-claim.edi", {1, 2, 1}},
      {"kputnam-stupidedi__spec-fixtures-005010-X223A2-HC837-Health-Care-Claim-Institutional-pass-two-claims-for-the-same-provider.edi", {2, 3, 2}},
      // 835: not claims; skipped with a warning per transaction set.
      {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_835-_5010-FromNth-835_WithMultipleInterchanges.edi", {0, 0, 0}},
      {"LinuxForHealth-x12__src-tests-resources-835_005010X221A1-medicare-part-a.edi", {0, 0, 0}},
      {"azoner-pyx12__pyx12-tests-835_mult_loops.edi", {0, 0, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X221A1-HP835-Health-Care-Claim-Payment-Advice-pass-multiple-claims-single-check.edi", {0, 0, 0}},
      {"kputnam-stupidedi__spec-fixtures-005010-X221A1-HP835-Health-Care-Claim-Payment-Advice-pass-secondary-payments.edi", {0, 0, 0}},
      {"tastypackets-x12-parser__test-test-files-835-multi-line-not-delimited.edi", {0, 0, 0}},
      {"tastypackets-x12-parser__test-test-files-835-profee-multiple.edi", {0, 0, 0}},
  };
  return m;
}



TEST(X12ReaderCorpus, EverySampleIsReadWithoutCrashingAndYieldsWhatIsPinned) {
  REQUIRE_CORPUS();
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus_x12())) {
    if (entry.path().extension() != ".edi") continue;
    const std::string name = entry.path().filename().string();
    SCOPED_TRACE(name);
    ++files;
    std::string data;
    const auto sink = read_corpus(name, &data);
    int lines = 0, rejected = 0;
    for (const auto& c : sink.claims) {
      lines += static_cast<int>(c.lines.size());
      rejected += c.has_errors();
      EXPECT_LT(c.source.offset, data.size());
      for (const auto& p : c.problems) EXPECT_LE(p.offset, data.size());
    }
    for (const auto& p : sink.file_problems) EXPECT_LE(p.offset, data.size());
    const auto it = pinned().find(name);
    if (it == pinned().end()) continue;  // a new sample: it must not crash
    EXPECT_EQ(static_cast<int>(sink.claims.size()), it->second.claims);
    EXPECT_EQ(lines, it->second.lines);
    EXPECT_EQ(rejected, it->second.rejected);
  }
  EXPECT_GE(files, static_cast<int>(pinned().size()));
  for (const auto& [name, _] : pinned())
    EXPECT_TRUE(std::filesystem::exists(corpus_x12() + "/" + name)) << "pinned sample missing: " << name;
}

TEST(X12ReaderCorpus, HomeInfusionSampleFields) {
  REQUIRE_CORPUS();
  std::string data;
  const auto sink = read_corpus(
      "kputnam-stupidedi__spec-fixtures-005010-X222A1-HC837-Health-Care-Claim-Professional-pass-"
      "home-infusion-therapy-pharmacy-adjudicated-with-HCPCS-in-loop-2400-or-NDC-in-loop-2410.edi",
      &data);
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 1u);
  const Claim& c = sink.claims[0];
  EXPECT_EQ(c.claim_id, "CLMNO12345");
  EXPECT_EQ(c.member_id, "MBRID01234");
  EXPECT_EQ(c.total_charge, *Money::parse("2232.93"));
  EXPECT_EQ(c.place_of_service, "12");
  EXPECT_EQ(c.frequency, "1");
  EXPECT_EQ(c.diagnoses, (std::vector<std::string_view>{"4659"}));
  EXPECT_EQ(c.source.segment, 21u);
  EXPECT_EQ(c.source.offset, data.find("CLM*"));
  ASSERT_EQ(c.lines.size(), 6u);
  const ServiceLine& l1 = c.lines[0];
  EXPECT_EQ(l1.code, "S9500");
  EXPECT_EQ(l1.units, Quantity::from_int(7));
  EXPECT_EQ(l1.charge, *Money::parse("1400.00"));
  EXPECT_EQ(l1.place_of_service, "12");
  EXPECT_EQ(l1.dates.from, *Date::parse_iso("2004-02-01"));
  EXPECT_EQ(l1.dates.to, *Date::parse_iso("2004-02-07"));
  EXPECT_EQ(c.lines[1].code, "J0696");
  EXPECT_EQ(c.lines[1].ndc, "00004196501");
  EXPECT_EQ(c.lines[1].ndc_quantity, Quantity::from_int(7));
  const ServiceLine& l4 = c.lines[3];
  EXPECT_EQ(l4.code, "J3490");
  EXPECT_EQ(l4.description, "Sod Chl 0.9%see NDC#");
  EXPECT_EQ(l4.ndc, "00338004938");
  EXPECT_EQ(c.lines[4].description, "Sod Chl 0.9% see NDC#");
  EXPECT_EQ(c.lines[5].ndc_unit, "UN");
}

TEST(X12ReaderCorpus, QuirkySamplesBehaveAsDecided) {
  REQUIRE_CORPUS();
  std::string data;
  // Prose before the ISA: a warning; the claim and the 2000A taxonomy are read.
  auto sink = read_corpus(
      "kputnam-stupidedi__spec-fixtures-005010-X222-HC837-Health-Care-Claim-Professional-case-1.edi",
      &data);
  ASSERT_EQ(sink.file_problems.size(), 1u);
  EXPECT_EQ(sink.file_problems[0].severity, Severity::kWarning);
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_EQ(sink.claims[0].billing_taxonomy, "207VG0400X");
  EXPECT_EQ(sink.claims[0].member_id, "JS00111223333");  // patient NM1*QC has no id
  EXPECT_EQ(sink.claims[0].diagnoses, (std::vector<std::string_view>{"0340", "V7389"}));

  // A 105-byte ISA: delimiters found by counting elements, with a warning.
  sink = read_corpus("imsweb-x12-parser__src-test-resources-837_5010-x12_bad_first_line.edi", &data);
  ASSERT_EQ(sink.claims.size(), 2u);
  EXPECT_EQ(sink.claims[1].lines[0].code, "478331");
  EXPECT_EQ(sink.file_problems[0].element, "ISA");

  // ISA16 says ':' but the body uses '>': SV101 has no code, so the claim is rejected.
  sink = read_corpus("LinuxForHealth-x12__src-tests-resources-837_005010X222A2-demo.example9.edi",
                     &data);
  ASSERT_EQ(sink.claims.size(), 1u);
  ASSERT_EQ(errors(sink.claims[0]).size(), 1u);
  EXPECT_EQ(errors(sink.claims[0])[0]->element, "SV101-2");
  EXPECT_EQ(errors(sink.claims[0])[0]->offset, data.find("SV1*"));

  // CR as segment terminator, claim-level rendering provider, patient level.
  sink = read_corpus(
      "Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-ST1309-XX.edi",
      &data);
  EXPECT_TRUE(sink.file_problems.empty());
  ASSERT_EQ(sink.claims.size(), 1u);
  EXPECT_EQ(sink.claims[0].rendering_taxonomy, "207X00000X");
  EXPECT_EQ(sink.claims[0].member_id, "X9999999");  // not the 2330A other subscriber

  // UTF-16 and a file without ISA: one error each, nothing read.
  for (const char* name :
       {"Inteligenz-X12Parser__tests-OopFactory.X12.Tests.Unit-Parsing-_SampleEdiFiles-INS-_837P-_5010-UnicodeExample.edi",
        "imsweb-x12-parser__src-test-resources-837_5010-x12_no_isa_line.edi"}) {
    sink = read_corpus(name, &data);
    ASSERT_EQ(sink.file_problems.size(), 1u) << name;
    EXPECT_EQ(sink.file_problems[0].severity, Severity::kError);
  }

  // Three GS under an IEA that says one: a warning naming IEA01.
  sink = read_corpus("imsweb-x12-parser__src-test-resources-837_5010-x12_multiple_gs.edi", &data);
  bool iea01 = false;
  for (const auto& p : sink.file_problems) {
    EXPECT_EQ(p.severity, Severity::kWarning);
    iea01 = iea01 || p.element == "IEA01";
  }
  EXPECT_TRUE(iea01);
}

}  // namespace
}  // namespace perdiem
