// One rule, one unit (docs/design.md, "Adding a rule"): every rule the
// engine has is one file, src/rules/stageN/RULE-ID.cc, whose description
// names itself and its stage; it has its tests (tests/rules/RULE-ID_test.cc)
// and its section in docs/rules.md; its declaration is well formed (what it
// starts from and must find non-empty is among what it reads; what it
// replaces is a rule). And the built-in pack applies every rule, each with
// an example claim that fires it (engine_test.cc, Catalogue).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "rules/facts.h"
#include "rules/registry.h"
#include "test_util.h"

namespace perdiem::testing {
namespace {

namespace fs = std::filesystem;

bool has(std::span<const std::string_view> names, std::string_view n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

TEST(Registry, EveryRuleFileHoldsTheRuleItIsNamedForInItsStagesFolder) {
  const auto reg = rules::registry();
  ASSERT_EQ(reg.size(), 18u);  // SPEC §4's catalogue
  std::set<std::string_view> ids;
  for (const rules::RegistryEntry& e : reg) {
    SCOPED_TRACE(std::string(e.file));
    ASSERT_NE(e.spec, nullptr);
    EXPECT_EQ(e.spec->id, e.file);
    EXPECT_EQ(e.folder, "stage" + std::to_string(e.spec->stage));
    EXPECT_TRUE(ids.insert(e.spec->id).second) << "two rules share the id";
    EXPECT_NE(e.spec->check, nullptr);
    EXPECT_EQ(rules::find_rule(e.spec->id), e.spec);
    EXPECT_TRUE(fs::exists(source_path("src/rules/" + std::string(e.folder) + "/" + std::string(e.file) + ".cc")));
  }
  EXPECT_EQ(rules::find_rule("no-such-rule"), nullptr);
}

TEST(Registry, EveryRuleHasItsTestsAndItsDocsSection) {
  const std::string docs = read_file(source_path("docs/rules.md"));
  for (const rules::RegistryEntry& e : rules::registry()) {
    const std::string id(e.spec->id);
    EXPECT_TRUE(fs::exists(source_path("tests/rules/" + id + "_test.cc"))) << id << " has no tests/rules/" << id
                                                                           << "_test.cc";
    EXPECT_NE(docs.find("\n### " + id + " "), std::string::npos) << id << " has no section in docs/rules.md";
  }
}

TEST(Registry, EveryDeclarationIsWellFormed) {
  uint32_t every_fact = 0;
  for (const rules::FactSpec& f : rules::fact_specs()) every_fact |= f.fact;
  for (const rules::RegistryEntry& e : rules::registry()) {
    const rules::RuleSpec& s = *e.spec;
    SCOPED_TRACE(std::string(s.id));
    ASSERT_FALSE(s.message_keys.empty());
    EXPECT_EQ(s.message_keys.front(), "default");
    for (std::string_view n : s.starts_from) EXPECT_TRUE(has(s.needs.sets, n)) << n << " is not among its sets";
    for (std::string_view n : s.needs.nonempty)
      EXPECT_TRUE(has(s.needs.sets, n) || has(s.needs.lists, n)) << n << " is not among its sets and lists";
    for (std::string_view r : s.replaces) EXPECT_NE(rules::find_rule(r), nullptr) << "replaces " << r;
    EXPECT_EQ(s.needs.facts & ~every_fact, 0u) << "names a fact that does not exist";
    for (std::string_view a : s.args) EXPECT_FALSE(has(rules::common_message_args(), a)) << a << " is common";
  }
}

// A fact is derived only from facts derived before it (fact_specs() order).
TEST(Registry, FactsAreDerivedFromFactsBeforeThem) {
  uint32_t before = 0;
  for (const rules::FactSpec& f : rules::fact_specs()) {
    EXPECT_EQ(f.needs.facts & ~before, 0u) << f.id;
    before |= f.fact;
  }
}

}  // namespace
}  // namespace perdiem::testing
