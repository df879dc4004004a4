// The policy pack loader: the CPCP019 pack loads; broken packs are refused
// with every mistake named by file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "perdiem/pack.h"
#include "test_util.h"

using namespace perdiem;
using perdiem::testing::read_file;
using perdiem::testing::source_path;
using perdiem::testing::write_file;
namespace fs = std::filesystem;

namespace {

// A scratch copy of the built-in pack whose files a test may edit.
class PackCopy {
 public:
  PackCopy() {
    dir_ = fs::temp_directory_path() / ("perdiem-pack-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& e : fs::directory_iterator(source_path("packs/cpcp019")))
      fs::copy_file(e.path(), dir_ / e.path().filename());
  }
  ~PackCopy() { fs::remove_all(dir_); }
  std::string path() const { return dir_.string(); }
  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  // Replaces the first occurrence of `from` in file `name`; fails the test if absent.
  void replace(const std::string& name, const std::string& from, const std::string& to) {
    std::string text = read_file(file(name));
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << "fixture text not found: " << from;
    text.replace(at, from.size(), to);
    write_file(file(name), text);
  }
  // The 1-based line of the first occurrence of `needle` in file `name`.
  uint32_t line_of(const std::string& name, const std::string& needle) const {
    const std::string text = read_file(file(name));
    const size_t at = text.find(needle);
    return at == std::string::npos ? 0 : 1 + static_cast<uint32_t>(std::count(text.begin(), text.begin() + at, '\n'));
  }

 private:
  fs::path dir_;
};

std::string joined(const std::vector<PackError>& errors) {
  std::string s;
  for (const auto& e : errors) s += e.text() + "\n";
  return s;
}

bool has_error(const std::vector<PackError>& errors, const std::string& file_suffix, uint32_t line,
               const std::string& words) {
  for (const auto& e : errors)
    if (e.file.size() >= file_suffix.size() &&
        e.file.compare(e.file.size() - file_suffix.size(), file_suffix.size(), file_suffix) == 0 &&
        (line == 0 || e.line == line) && e.message.find(words) != std::string::npos)
      return true;
  return false;
}

}  // namespace

TEST(Pack, BuiltInCpcp019PackLoads) {
  std::vector<PackError> errors;
  auto packs = load_pack(source_path("packs/cpcp019"), errors);
  ASSERT_TRUE(packs) << joined(errors);
  const Pack& p = packs->latest();
  EXPECT_EQ(p.policy, "CPCP019");
  EXPECT_EQ(p.effective.iso(), "2024-04-22");
  EXPECT_EQ(p.rules.size(), 18u);
  EXPECT_GT(p.drugs.size(), 300u);
  EXPECT_GT(p.ndcs.size(), 10u);
  EXPECT_TRUE(p.set("per_diem").contains("S9500"));
  EXPECT_TRUE(p.set("supplies").contains("A5120"));  // inside A4206-A8004
  EXPECT_FALSE(p.set("per_diem").contains("S9810"));
  ASSERT_NE(p.family_of("S9502"), nullptr);
  EXPECT_EQ(p.family_of("S9502")->id, "anti-infective");
  EXPECT_EQ(p.family_of("J0696"), nullptr);
}

TEST(Pack, EveryExistingPerDiemCodeBelongsToAFamily) {
  std::vector<PackError> errors;
  auto packs = load_pack(source_path("packs/cpcp019"), errors);
  ASSERT_TRUE(packs);
  const Pack& p = packs->latest();
  // The HCPCS codes that exist inside the policy's per diem ranges (CMS HCPCS
  // files, as listed in shared/reference/README.md section 1).
  const char* codes[] = {"S5497", "S5498", "S5501", "S5502", "S5517", "S5518", "S5520", "S5521", "S5522",
                         "S5523", "S9325", "S9326", "S9327", "S9328", "S9329", "S9330", "S9331", "S9335",
                         "S9336", "S9338", "S9339", "S9340", "S9341", "S9342", "S9343", "S9345", "S9346",
                         "S9347", "S9348", "S9349", "S9351", "S9353", "S9355", "S9357", "S9359", "S9361",
                         "S9363", "S9364", "S9365", "S9366", "S9367", "S9368", "S9370", "S9372", "S9373",
                         "S9374", "S9375", "S9376", "S9377", "S9379", "S9490", "S9494", "S9497", "S9500",
                         "S9501", "S9502", "S9503", "S9504", "S9529", "S9537", "S9538", "S9542", "S9558",
                         "S9559", "S9560", "S9562", "S9563", "S9590"};
  for (const char* code : codes) {
    EXPECT_TRUE(p.set("per_diem").contains(code)) << code;
    EXPECT_NE(p.family_of(code), nullptr) << code << " is a per diem code with no family";
  }
}

TEST(Pack, TomlSyntaxErrorNamesFileAndLine) {
  PackCopy pack;
  pack.replace("pack.toml", "version = \"1.0.0\"", "version = \"1.0.0");
  const uint32_t line = pack.line_of("pack.toml", "version = \"1.0.0");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].line, line) << joined(errors);
  EXPECT_NE(errors[0].file.find("pack.toml"), std::string::npos);
}

TEST(Pack, BadCodeRangeIsReportedWithItsLine) {
  PackCopy pack;
  pack.replace("pack.toml", "iv_solutions = [\"J7030-J7060\"]", "iv_solutions = [\"J7060-J7030\"]");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "J7060-J7030"), "reversed")) << joined(errors);
}

TEST(Pack, EveryMistakeIsReportedNotOnlyTheFirst) {
  PackCopy pack;
  pack.replace("pack.toml", "iv_solutions = [\"J7030-J7060\"]", "iv_solutions = [\"J70-J7060\"]");
  pack.replace("pack.toml", "carc = \"151\"", "carc = 151");
  pack.replace("pack.toml", "decision = \"pend\"", "decision = \"maybe\"");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "different lengths")) << joined(errors);
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "\"carc\" must be a string")) << joined(errors);
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "decision must be deny, bundle, pend or reduce")) << joined(errors);
}

TEST(Pack, MessagePlaceholderTypoIsRefused) {
  PackCopy pack;
  pack.replace("pack.toml", "{allowed} of its days", "{allowd} of its days");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "{allowd}"), "{allowd} is not a name this rule fills"))
      << joined(errors);
}

TEST(Pack, UnknownRuleAndMissingRuleAreRefused) {
  PackCopy pack;
  pack.replace("pack.toml", "id = \"iv-solution-incidental\"", "id = \"iv-solutions-incidental\"");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "no such rule in this engine")) << joined(errors);
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "rule \"iv-solution-incidental\" is missing")) << joined(errors);
}

TEST(Pack, StageCannotBeMovedByData) {
  PackCopy pack;
  pack.replace("pack.toml", "id = \"per-diem-units\"\nstage = 4", "id = \"per-diem-units\"\nstage = 2");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "stage must be 4")) << joined(errors);
}

TEST(Pack, MissingRequiredSetIsRefused) {
  PackCopy pack;
  pack.replace("pack.toml", "hourly_pharmacy = [\"S9810\"]", "");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "\"hourly_pharmacy\" is missing")) << joined(errors);
}

TEST(Pack, FamilyClassTypoIsRefused) {
  PackCopy pack;
  pack.replace("pack.toml", "classes = [\"inotrope\"]", "classes = [\"inotropes\"]");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "\"inotropes\""), "class \"inotropes\""))
      << joined(errors);
}

TEST(Pack, PerDiemInTwoFamiliesIsRefused) {
  PackCopy pack;
  pack.replace("pack.toml", "per_diem = [\"S9348\"]", "per_diem = [\"S9348\", \"S9500\"]");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "is in two families")) << joined(errors);
}

TEST(Pack, DrugTableMistakesNameTheCsvLine) {
  PackCopy pack;
  const uint32_t line = pack.line_of("drugs.csv", "\nJ0696,") + 1;
  pack.replace("drugs.csv", "J0696,ceftriaxone,anti-infective,IV;IM,", "J0696,ceftriaxone,anti-infective,IVP;IM,");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "drugs.csv", line, "unknown route \"IVP\"")) << joined(errors);
}

TEST(Pack, DrugTableHeaderMustMatch) {
  PackCopy pack;
  pack.replace("ndc.csv", "ndc,name,class,routes,tpn,source", "ndc,name,class,route,tpn,source");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "ndc.csv", 1, "the header must be exactly")) << joined(errors);
}

TEST(Pack, DuplicateDrugRowIsRefused) {
  PackCopy pack;
  std::string text = read_file(pack.file("drugs.csv"));
  text += "J0696,ceftriaxone again,anti-infective,IV,no,no,,test\n";
  write_file(pack.file("drugs.csv"), text);
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "drugs.csv", 0, "J0696 appears twice")) << joined(errors);
}

TEST(Pack, FolderOfVersionsPicksTheOneInForce) {
  const fs::path root = fs::temp_directory_path() / ("perdiem-versions-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / "v1");
  fs::create_directories(root / "v2");
  for (const auto& e : fs::directory_iterator(source_path("packs/cpcp019"))) {
    fs::copy_file(e.path(), root / "v1" / e.path().filename());
    fs::copy_file(e.path(), root / "v2" / e.path().filename());
  }
  std::string v2 = read_file((root / "v2" / "pack.toml").string());
  v2.replace(v2.find("version = \"1.0.0\""), 17, "version = \"2.0.0\"");
  v2.replace(v2.find("effective = 2024-04-22"), 22, "effective = 2025-01-01");
  write_file((root / "v2" / "pack.toml").string(), v2);
  std::vector<PackError> errors;
  auto packs = load_pack(root.string(), errors);
  ASSERT_TRUE(packs) << joined(errors);
  EXPECT_EQ(packs->packs().size(), 2u);
  EXPECT_EQ(packs->in_force(*Date::parse_iso("2024-06-01"))->version, "1.0.0");
  EXPECT_EQ(packs->in_force(*Date::parse_iso("2025-01-01"))->version, "2.0.0");
  EXPECT_EQ(packs->in_force(*Date::parse_iso("2024-04-21")), nullptr);
  fs::remove_all(root);
}

TEST(Pack, NotAPackFolder) {
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack("/nonexistent/perdiem/pack", errors));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors[0].message.find("not a pack folder"), std::string::npos);
}

TEST(MessageTemplate, FillsNamesAndKeepsEscapedBraces) {
  const MessageArg args[] = {{"line", "3"}, {"code", "S9500"}};
  EXPECT_EQ(render_message("Line {line} {code} {{x}} {unknown}", args), "Line 3 S9500 {x} {unknown}");
  std::vector<std::string> names;
  EXPECT_TRUE(template_names("a {b} {{c}} {d}", names));
  EXPECT_EQ(names, (std::vector<std::string>{"b", "d"}));
  names.clear();
  EXPECT_FALSE(template_names("a {b", names));
  EXPECT_FALSE(template_names("a } b", names));
}

TEST(CodeSet, RangesCompareAsTextOfTheSameLength) {
  CodeSet s;
  std::string err;
  ASSERT_TRUE(s.add("A4206-A8004", err));
  ASSERT_TRUE(s.add("99601", err));
  s.finish();
  EXPECT_TRUE(s.contains("A4206"));
  EXPECT_TRUE(s.contains("A8004"));
  EXPECT_TRUE(s.contains("a5000"));  // case-insensitive
  EXPECT_FALSE(s.contains("A8005"));
  EXPECT_FALSE(s.contains("A4205"));
  EXPECT_TRUE(s.contains("99601"));
  EXPECT_FALSE(s.contains("99602"));
  EXPECT_FALSE(s.contains(""));
  EXPECT_FALSE(s.add("S95-S9500", err));
  EXPECT_FALSE(s.add("S9500;", err));
}

// Braces that pair with nothing are text, and a field the arguments do not
// fill is left as written, with the walk going on inside it: the renderer
// and the engine's precompiled messages share this one reading
// (walk_template), so these cases pin it for both.
TEST(MessageTemplate, LoneBracesAndUnfilledFieldsAreText) {
  const MessageArg args[] = {{"b", "B"}, {"line", "3"}};
  EXPECT_EQ(render_message("{", args), "{");
  EXPECT_EQ(render_message("}", args), "}");
  EXPECT_EQ(render_message("a}b{", args), "a}b{");
  EXPECT_EQ(render_message("{a{b}", args), "{aB");  // "{a" is text, then {b}
  EXPECT_EQ(render_message("{{{b}}}", args), "{B}");
  EXPECT_EQ(render_message("{}", args), "{}");
  EXPECT_EQ(render_message("", args), "");
  std::string out = "kept ";
  append_message(out, "line {line}", args);
  EXPECT_EQ(out, "kept line 3");
}
