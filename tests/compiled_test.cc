// The compiled look-up tables (src/rules/compiled.h) against a plain reading
// of the pack. The engine finds a code's sets, family and drug row in one
// search over intervals it cut when the pack was compiled; here every code
// of HCPCS shape (a letter and four digits, or five digits: 360,000 codes)
// and every code just either side of every boundary the pack draws is looked
// up both ways: what the tables say must be what the pack's own sets,
// families and drug table say, code for code, in both directions. The same
// for every NDC of the NDC table and its neighbours.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "rule_test_util.h"
#include "rules/compiled.h"

namespace perdiem::testing {
namespace {

// The code a key stands for (code_key in reverse).
std::string code_of(CodeKey k) {
  const size_t n = static_cast<size_t>(k >> 56);
  std::string s;
  for (size_t i = 0; i < n; ++i) s += static_cast<char>((k >> (8 * (6 - i))) & 0xFF);
  return s;
}

struct Tables {
  const Pack& pack;
  const rules::Compiled& compiled;
};

Tables tables() {
  const PackSet& ps = *cpcp019();
  return {ps.latest(), ps.compiled(ps.latest())};
}

// Every code to look at: HCPCS-shaped codes, and the codes next to every
// boundary of every set, family and drug row (in key order, so also codes
// such as "A420Z" between "A4209" and "A4210").
std::vector<std::string> codes_to_try(const Pack& pack) {
  std::set<std::string> out;
  for (char letter = 'A'; letter <= 'Z'; ++letter)
    for (int n = 0; n < 10000; ++n) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "%c%04d", letter, n);
      out.insert(buf);
    }
  for (int n = 0; n < 100000; ++n) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%05d", n);
    out.insert(buf);
  }
  auto around = [&](const CodeSet& s) {
    for (const auto& r : s.ranges())
      for (CodeKey k : {r.lo - 1, r.lo, r.lo + 1, r.hi - 1, r.hi, r.hi + 1}) out.insert(code_of(k));
  };
  for (const auto& [name, set] : pack.sets) around(set);
  for (const Family& f : pack.families) around(f.per_diem);
  for (const auto& [code, d] : pack.drugs) {
    const CodeKey k = code_key(code);
    for (CodeKey n : {k - 1, k, k + 1}) out.insert(code_of(n));
  }
  out.erase("");
  return {out.begin(), out.end()};
}

TEST(CompiledTables, EverySetHoldsExactlyThePacksCodesBothWays) {
  const auto [pack, c] = tables();
  ASSERT_FALSE(c.set_bits.empty());
  const auto codes = codes_to_try(pack);
  ASSERT_GT(codes.size(), 360000u);
  size_t members = 0, mismatches = 0;
  for (const std::string& code : codes) {
    const rules::CodeInfo* info = c.lookup(code_key(code));
    const uint64_t bits = info ? info->sets : 0;
    for (const auto& [name, bit] : c.set_bits) {
      const bool plain = pack.set(name).contains(code);
      const bool fast = (bits & bit) != 0;
      members += plain;
      if (plain != fast && ++mismatches < 20)
        ADD_FAILURE() << code << " in [sets] " << name << ": the pack says " << plain << ", the tables " << fast;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(members, 10000u);  // A4206-A8004 alone holds thousands
}

TEST(CompiledTables, EveryCodeHasThePacksFamilyAndDrugRow) {
  const auto [pack, c] = tables();
  size_t with_family = 0, with_drug = 0, mismatches = 0;
  for (const std::string& code : codes_to_try(pack)) {
    const rules::CodeInfo* info = c.lookup(code_key(code));
    const Family* plain = pack.family_of(code);
    const Family* fast = info && info->family >= 0 ? &pack.families[static_cast<size_t>(info->family)] : nullptr;
    if (plain != fast && ++mismatches < 20)
      ADD_FAILURE() << code << ": the pack's family " << (plain ? plain->id : "none") << ", the tables' "
                    << (fast ? fast->id : "none");
    const DrugInfo* drug = pack.drug(code);
    const DrugInfo* fast_drug = info ? info->drug : nullptr;
    if (drug != fast_drug && ++mismatches < 20)
      ADD_FAILURE() << code << ": the pack's drug row " << (drug ? drug->name : "none") << ", the tables' "
                    << (fast_drug ? fast_drug->name : "none");
    if (drug && fast_drug) {
      ++with_drug;
      EXPECT_EQ(c.classes[info->drug_class].name, drug->drug_class) << code;
    }
    with_family += plain != nullptr;
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(with_drug, pack.drugs.size());  // every row of drugs.csv is found
  EXPECT_GT(with_family, 60u);
}

TEST(CompiledTables, EveryNdcRowIsFoundAndItsNeighboursAreNot) {
  const auto [pack, c] = tables();
  ASSERT_FALSE(pack.ndcs.empty());
  for (const auto& [ndc, d] : pack.ndcs) {
    const rules::Compiled::NdcRow* row = c.ndc(ndc);
    ASSERT_NE(row, nullptr) << ndc;
    EXPECT_EQ(row->drug, &d) << ndc;
    EXPECT_EQ(c.classes[row->drug_class].name, d.drug_class) << ndc;
    for (long delta : {-1L, 1L}) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%011ld", std::stol(ndc) + delta);
      EXPECT_EQ(c.ndc(buf) != nullptr, pack.ndc(buf) != nullptr) << buf;
    }
  }
  EXPECT_EQ(c.ndc("0000419650"), nullptr);   // 10 digits
  EXPECT_EQ(c.ndc("0000419650A"), nullptr);  // not digits
}

// The classes the compiler marks as drugs are those the pack's
// non_drug_classes leaves out (a "*" family takes every drug, and no other).
TEST(CompiledTables, DrugClassesAreThePacksAndOnlyThoseAreDrugs) {
  const auto [pack, c] = tables();
  const auto& not_drugs = pack.list("non_drug_classes");
  std::set<std::string> used;
  for (const auto& [code, d] : pack.drugs) used.insert(d.drug_class);
  for (const auto& [ndc, d] : pack.ndcs) used.insert(d.drug_class);
  for (const std::string& cls : used) {
    auto it = c.class_index.find(cls);
    ASSERT_NE(it, c.class_index.end()) << cls;
    const bool drug = std::find(not_drugs.begin(), not_drugs.end(), cls) == not_drugs.end();
    EXPECT_EQ(c.classes[it->second].drug, drug) << cls;
  }
  EXPECT_FALSE(c.classes[0].drug);  // the unknown class
  for (size_t f = 0; f < pack.families.size(); ++f) {
    const Family& fam = pack.families[f];
    const bool any = std::find(fam.classes.begin(), fam.classes.end(), "*") != fam.classes.end();
    for (size_t k = 1; k < c.classes.size(); ++k) {
      const bool named = std::find(fam.classes.begin(), fam.classes.end(), c.classes[k].name) != fam.classes.end();
      EXPECT_EQ(c.family_classes[f][k], named || (any && c.classes[k].drug)) << fam.id << " " << c.classes[k].name;
    }
  }
}

}  // namespace
}  // namespace perdiem::testing
