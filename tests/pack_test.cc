// The policy pack loader: the CPCP019 pack loads; broken packs are refused
// with every mistake named by file and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "perdiem/engine.h"
#include "perdiem/pack.h"
#include "policy/pack_text.h"
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
  std::vector<PackError> errors, warnings;
  auto packs = load_pack(source_path("packs/cpcp019"), errors, &warnings);
  ASSERT_TRUE(packs) << joined(errors);
  // Everything in the built-in pack is read by some rule it applies.
  EXPECT_TRUE(warnings.empty()) << joined(warnings);
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
  pack.replace("pack.toml", "iv_solutions = [\"J7030-J7060\", \"J7070\", \"J7120\", \"J7121\"]", "iv_solutions = [\"J7060-J7030\"]");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "J7060-J7030"), "reversed")) << joined(errors);
}

TEST(Pack, EveryMistakeIsReportedNotOnlyTheFirst) {
  PackCopy pack;
  pack.replace("pack.toml", "iv_solutions = [\"J7030-J7060\", \"J7070\", \"J7120\", \"J7121\"]", "iv_solutions = [\"J70-J7060\"]");
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
  pack.replace("pack.toml", "; that is {allowed}.", "; that is {allowd}.");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "{allowd}"), "{allowd} is not a name this rule fills"))
      << joined(errors);
}

TEST(Pack, UnknownRuleIsRefusedAtItsLine) {
  PackCopy pack;
  pack.replace("pack.toml", "id = \"iv-solution-incidental\"", "id = \"iv-solutions-incidental\"");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  // The error is at the [[rule]] line just above the id.
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "id = \"iv-solutions-incidental\"") - 1,
                        "no such rule in this engine"))
      << joined(errors);
}

// A pack applies the rules it lists: one it leaves out is not applied, and
// the data only that rule read is then reported as read by nothing.
TEST(Pack, ARuleThePackDoesNotListIsNotApplied) {
  PackCopy pack;
  std::string text = read_file(pack.file("pack.toml"));
  const size_t at = text.find("[[rule]]\nid = \"iv-solution-incidental\"");
  ASSERT_NE(at, std::string::npos);
  const size_t next = text.find("[[rule]]", at + 8);
  text.erase(at, next - at);
  write_file(pack.file("pack.toml"), text);
  std::vector<PackError> errors, warnings;
  auto packs = load_pack(pack.path(), errors, &warnings);
  ASSERT_TRUE(packs) << joined(errors);
  EXPECT_EQ(packs->latest().rule("iv-solution-incidental"), nullptr);
  EXPECT_EQ(packs->latest().rules.size(), 17u);
  EXPECT_TRUE(has_error(warnings, "pack.toml", pack.line_of("pack.toml", "hydration_per_diem = "),
                        "[sets] hydration_per_diem is read by no rule this pack applies"))
      << joined(warnings);
  // J7050 beside an anti-infective per diem is no longer bundled.
  const Engine engine(packs);
  perdiem::testing::CollectingSink sink;
  const std::string claim = R"({"claim_id":"X","member_id":"M","place_of_service":"12","lines":[
    {"code":"S9500","from":"2024-06-01","to":"2024-06-07","units":7,"charge":700},
    {"code":"J0696","from":"2024-06-01","to":"2024-06-07","units":7,"charge":70},
    {"code":"J7050","from":"2024-06-01","to":"2024-06-07","units":7,"charge":35}]})";
  read_json(claim, "t", sink, false);
  ASSERT_EQ(sink.claims.size(), 1u);
  const ClaimResult r = engine.check(sink.claims[0]);
  EXPECT_EQ(r.lines.at(2).decision, Decision::kPay);
}

// Sets, lists, parameters and drug table columns that nothing the pack
// applies reads are reported, each at its line; the pack still loads.
TEST(Pack, DataNoRuleReadsIsAWarningAtItsLine) {
  PackCopy pack;
  pack.replace("pack.toml", "[sets]\n", "[sets]\nspare_codes = [\"A1234\"]\n");
  pack.replace("pack.toml", "[lists]\n", "[lists]\nspare_words = [\"x\"]\n");
  pack.replace("pack.toml", "[params]\n", "[params]\nspare_number = 3\n");
  std::string csv = read_file(pack.file("ndc.csv"));
  const size_t eol = csv.find('\n');
  csv.insert(eol, ",comment");
  // One more (empty) field at the end of every row.
  const size_t body = csv.find('\n', eol) + 1;  // the header ends past what was inserted
  for (size_t at = csv.find('\n', body); at != std::string::npos; at = csv.find('\n', at + 2)) csv.insert(at, ",");
  write_file(pack.file("ndc.csv"), csv);
  std::vector<PackError> errors, warnings;
  ASSERT_TRUE(load_pack(pack.path(), errors, &warnings)) << joined(errors);
  EXPECT_TRUE(has_error(warnings, "pack.toml", pack.line_of("pack.toml", "spare_codes"), "[sets] spare_codes"))
      << joined(warnings);
  EXPECT_TRUE(has_error(warnings, "pack.toml", pack.line_of("pack.toml", "spare_words"), "[lists] spare_words"))
      << joined(warnings);
  EXPECT_TRUE(has_error(warnings, "pack.toml", pack.line_of("pack.toml", "spare_number"), "[params] spare_number"))
      << joined(warnings);
  EXPECT_TRUE(has_error(warnings, "ndc.csv", 1, "the column \"comment\" is read by nothing")) << joined(warnings);
  EXPECT_EQ(warnings.size(), 4u) << joined(warnings);
}

// Only the data the listed rules (and the line facts they read) declare is
// required: a pack of two rules needs no TPN keywords, families or NDC table.
TEST(Pack, APackNeedsOnlyWhatItsRulesRead) {
  const std::string toml = R"([pack]
id = "small"
policy = "TEST"
version = "1"
effective = 2024-01-01
drugs = "drugs.csv"
scope = ["per_diem"]
[sets]
per_diem = ["S9490-S9590"]
incidental_per_diem = ["S9537"]
[lists]
home_place_of_service = ["12"]
non_drug_classes = []
unlisted_drug_classes = []
[[rule]]
id = "place-of-service-home"
decision = "deny"
group = "CO"
carc = "5"
title = "t"
summary = "s"
citation = "c"
policy_text = "p"
[rule.messages]
default = "Line {line} {code}: POS {pos}."
[[rule]]
id = "incidental-per-diem"
decision = "bundle"
group = "CO"
carc = "97"
title = "t"
summary = "s"
citation = "c"
policy_text = "p"
[rule.messages]
default = "Line {line} {code} is incidental."
)";
  // The drug table's columns in another order than the built-in pack's.
  const std::string drugs = "source,class,hcpcs,tpn,routes,name,clotting_factor\nt,abx,J0696,,IV,ceftriaxone,no\n";
  std::vector<PackError> errors, warnings;
  auto packs = load_pack_text(toml, drugs, "", errors, &warnings);
  ASSERT_TRUE(packs) << joined(errors);
  EXPECT_TRUE(warnings.empty()) << joined(warnings);
  ASSERT_NE(packs->latest().drug("J0696"), nullptr);
  EXPECT_EQ(packs->latest().drug("J0696")->drug_class, "abx");
  EXPECT_EQ(packs->latest().drug("J0696")->name, "ceftriaxone");
  const Engine engine(packs);
  perdiem::testing::CollectingSink sink;
  read_json(R"({"claim_id":"X","place_of_service":"11","lines":[{"code":"S9537","from":"2024-06-01","units":1,"charge":1}]})",
            "t", sink, false);
  const ClaimResult r = engine.check(sink.claims.at(0));
  ASSERT_EQ(r.lines.size(), 1u);
  ASSERT_EQ(r.lines[0].edits.size(), 2u);
  EXPECT_EQ(r.lines[0].edits[0].rule->id, "place-of-service-home");
  EXPECT_EQ(r.lines[0].edits[1].rule->id, "incidental-per-diem");

  // Without the set that place-of-service-home's scope names, the pack is refused.
  std::string broken = toml;
  broken.replace(broken.find("scope = [\"per_diem\"]"), 20, "scope = [\"per_diems\"]");
  errors.clear();
  EXPECT_FALSE(load_pack_text(broken, drugs, "", errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", 7, "scope: \"per_diems\" is not a set")) << joined(errors);
}

TEST(Pack, AParameterMustHaveItsType) {
  PackCopy pack;
  pack.replace("pack.toml", "specialty_amino_acid_percent = 15", "specialty_amino_acid_percent = \"fifteen\"");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "specialty_amino_acid_percent"),
                        "must be a number"))
      << joined(errors);
  // A fraction is written as a string, exactly; a TOML float is refused.
  PackCopy exact;
  exact.replace("pack.toml", "specialty_amino_acid_percent = 15", "specialty_amino_acid_percent = \"14.5\"");
  errors.clear();
  auto packs = load_pack(exact.path(), errors);
  ASSERT_TRUE(packs) << joined(errors);
  EXPECT_EQ(packs->latest().param("specialty_amino_acid_percent")->number, Quantity::from_raw(14500));
  PackCopy floating;
  floating.replace("pack.toml", "specialty_amino_acid_percent = 15", "specialty_amino_acid_percent = 14.5");
  errors.clear();
  EXPECT_FALSE(load_pack(floating.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "write a fraction as a string")) << joined(errors);
}

TEST(Pack, AMissingParameterNamesWhatReadsIt) {
  PackCopy pack;
  pack.replace("pack.toml", "specialty_amino_acid_percent = 15", "");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", 0, "\"specialty_amino_acid_percent\" is missing (the line fact \"tpn\""))
      << joined(errors);
}

// The home place of service is the first of home_place_of_service: an
// empty list leaves place-of-service-home no place to propose.
TEST(Pack, AListARuleTakesAFixFromMustNotBeEmpty) {
  PackCopy pack;
  pack.replace("pack.toml", "home_place_of_service = [\"12\"]", "home_place_of_service = []");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "home_place_of_service = []"),
                        "home_place_of_service is empty; rule place-of-service-home needs at least one item"))
      << joined(errors);
}

TEST(Pack, AClassListNamesClassesTheTablesKnow) {
  PackCopy pack;
  pack.replace("pack.toml", "chemotherapy_classes = [\"chemotherapy\"]", "chemotherapy_classes = [\"chemo\"]");
  std::vector<PackError> errors;
  EXPECT_FALSE(load_pack(pack.path(), errors));
  EXPECT_TRUE(has_error(errors, "pack.toml", pack.line_of("pack.toml", "chemotherapy_classes"), "class \"chemo\""))
      << joined(errors);
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

TEST(Pack, DrugTableColumnsAreFoundByNameAndNoneIsMissing) {
  PackCopy pack;
  pack.replace("ndc.csv", "ndc,name,class,routes,tpn,source", "ndc,name,class,route,tpn,source");
  std::vector<PackError> errors, warnings;
  EXPECT_FALSE(load_pack(pack.path(), errors, &warnings));
  EXPECT_TRUE(has_error(errors, "ndc.csv", 1, "the header lacks the column(s) routes")) << joined(errors);
  EXPECT_TRUE(has_error(warnings, "ndc.csv", 1, "the column \"route\" is read by nothing")) << joined(warnings);
}

TEST(Pack, DuplicateDrugRowIsRefused) {
  PackCopy pack;
  std::string text = read_file(pack.file("drugs.csv"));
  text += "J0696,ceftriaxone again,anti-infective,IV,no,,test\n";
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
