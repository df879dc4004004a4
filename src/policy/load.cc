// Reading a pack's files into a Pack (load.h): pack.toml with toml++ and
// the drug tables (drug_reference.h), each checked for form. Every mistake
// is reported with file and line, so an analyst fixes a pack in one pass.
// Nothing here knows the engine's rules: whether the rules a pack lists
// exist and have the data they read is the compiler's (src/rules/compiled.h).
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "policy/drug_reference.h"
#include "policy/load.h"
#include "policy/toml_text.h"

namespace perdiem::policy {

namespace fs = std::filesystem;

namespace {

Date to_date(const toml::date& d) { return Date::from_ymd(d.year, d.month, d.day); }

uint32_t line_of(const toml::node* n) { return n ? static_cast<uint32_t>(n->source().begin.line) : 0u; }

void lower(std::string& s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
}

struct Loader {
  std::string file;
  std::vector<PackError>& errors;
  std::vector<PackError>& warnings;
  // When set, the drug tables' text (read_pack_text); else they are read from
  // the files pack.toml names, beside it.
  const std::string* drugs_text = nullptr;
  const std::string* ndc_text = nullptr;

  void error(const toml::node* n, const std::string& m) { errors.push_back({file, line_of(n), m}); }

  std::string str(const toml::table& t, std::string_view key, bool required, const std::string& where) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) error(&t, where + ": \"" + std::string(key) + "\" is missing");
      return {};
    }
    if (auto v = n->value<std::string>()) return *v;
    error(n, where + ": \"" + std::string(key) + "\" must be a string");
    return {};
  }

  std::optional<Date> date(const toml::table& t, std::string_view key, bool required, const std::string& where) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) error(&t, where + ": \"" + std::string(key) + "\" is missing");
      return std::nullopt;
    }
    if (auto d = n->value<toml::date>()) return to_date(*d);
    if (auto s = n->value<std::string>())
      if (auto d = Date::parse_iso(*s)) return d;
    error(n, where + ": \"" + std::string(key) + "\" must be a date (YYYY-MM-DD)");
    return std::nullopt;
  }

  bool boolean(const toml::table& t, std::string_view key, bool fallback, const std::string& where) {
    const toml::node* v = t.get(key);
    if (!v) return fallback;
    if (auto b = v->value<bool>()) return *b;
    error(v, where + ": " + std::string(key) + " must be true or false");
    return fallback;
  }

  std::vector<std::string> strings(const toml::node* n, const std::string& where) {
    std::vector<std::string> out;
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
      error(n, where + " must be an array of strings");
      return out;
    }
    for (const auto& e : *a) {
      if (auto v = e.value<std::string>()) out.push_back(*v);
      else error(&e, where + ": every item must be a string");
    }
    return out;
  }

  CodeSet codes(const toml::node* n, const std::string& where) {
    CodeSet set;
    if (!n) return set;
    const toml::array* a = n->as_array();
    if (!a) {
      error(n, where + " must be an array of codes");
      return set;
    }
    for (const auto& e : *a) {
      auto v = e.value<std::string>();
      std::string err;
      if (!v) error(&e, where + ": every item must be a string");
      else if (!set.add(*v, err)) error(&e, where + ": " + err);
    }
    set.finish();
    return set;
  }

  void load(const toml::table& root, Pack& pack);
  void load_identity(const toml::table& meta, Pack& pack);
  void load_named(const toml::table& root, Pack& pack);
  void load_drug_tables(const toml::table& meta, Pack& pack);
  void load_families(const toml::table& root, Pack& pack, const std::set<std::string>& known_classes);
  void load_exclusive(const toml::table& root, Pack& pack);
  void load_rules(const toml::table& root, Pack& pack);
};

void Loader::load(const toml::table& root, Pack& pack) {
  pack.file = file;
  const toml::table* meta = root["pack"].as_table();
  if (!meta) {
    error(&root, "the [pack] table (id, version, effective) is missing");
    return;
  }
  load_identity(*meta, pack);
  load_named(root, pack);
  load_drug_tables(*meta, pack);
  std::set<std::string> known_classes = {"*"};
  for (const auto& dc : pack.description_classes) known_classes.insert(dc.drug_class);
  for (const auto& [code, d] : pack.drugs) known_classes.insert(d.drug_class);
  for (const auto& [code, d] : pack.ndcs) known_classes.insert(d.drug_class);
  load_families(root, pack, known_classes);
  load_exclusive(root, pack);
  load_rules(root, pack);
}

void Loader::load_identity(const toml::table& meta, Pack& pack) {
  pack.id = str(meta, "id", true, "[pack]");
  pack.name = str(meta, "name", false, "[pack]");
  pack.policy = str(meta, "policy", true, "[pack]");
  pack.title = str(meta, "title", false, "[pack]");
  pack.version = str(meta, "version", true, "[pack]");
  if (auto d = date(meta, "effective", true, "[pack]")) pack.effective = *d;
  pack.expires = date(meta, "expires", false, "[pack]");
  if (pack.expires && *pack.expires < pack.effective) error(meta.get("expires"), "[pack]: expires is before effective");
  pack.lines["scope"] = line_of(&meta);
  if (const toml::node* scope = meta.get("scope")) {
    pack.scope = strings(scope, "[pack] scope");
    pack.lines["scope"] = line_of(scope);
  }
}

// [sets], [lists], [params] and [description_classes]: named data, each
// noted with its line.
void Loader::load_named(const toml::table& root, Pack& pack) {
  if (const toml::table* sets = root["sets"].as_table()) {
    pack.lines["sets"] = line_of(sets);
    for (const auto& [k, v] : *sets) {
      const std::string name(k.str());
      pack.sets.emplace(name, codes(&v, "[sets] " + name));
      pack.lines["sets." + name] = line_of(&v);
    }
  } else {
    error(&root, "the [sets] table is missing");
  }

  if (const toml::table* lists = root["lists"].as_table()) {
    pack.lines["lists"] = line_of(lists);
    for (const auto& [k, v] : *lists) {
      const std::string name(k.str());
      auto items = strings(&v, "[lists] " + name);
      // Keyword lists match case-insensitively: keep them lower case.
      if (name.find("keywords") != std::string::npos)
        for (auto& s : items) lower(s);
      pack.lists.emplace(name, std::move(items));
      pack.lines["lists." + name] = line_of(&v);
    }
  } else {
    error(&root, "the [lists] table is missing");
  }

  if (const toml::table* params = root["params"].as_table()) {
    pack.lines["params"] = line_of(params);
    for (const auto& [k, v] : *params) {
      const std::string name(k.str());
      Param p;
      p.line = line_of(&v);
      if (auto i = v.value_exact<int64_t>()) {
        p.type = Param::Type::kNumber;
        p.number = Quantity::from_int(*i);
        p.numeric = true;
      } else if (auto s = v.value_exact<std::string>()) {
        p.type = Param::Type::kString;
        p.text = *s;
      } else if (auto b = v.value_exact<bool>()) {
        p.type = Param::Type::kBool;
        p.flag = *b;
      } else if (v.is_floating_point()) {
        // Exact decimals only: a TOML float has passed through binary
        // floating point, so its text is asked for as a string.
        error(&v, "[params] " + name + ": write a fraction as a string (\"12.5\"), so it stays exact");
        continue;
      } else {
        error(&v, "[params] " + name + " must be a whole number, a string or true/false");
        continue;
      }
      if (p.type == Param::Type::kString)
        if (auto q = Quantity::parse(p.text)) {  // "12.5": a number written exactly
          p.number = *q;
          p.numeric = true;
        }
      pack.params.emplace(name, std::move(p));
    }
  } else {
    pack.lines["params"] = line_of(&root);
  }

  if (const toml::table* dc = root["description_classes"].as_table()) {
    pack.lines["description_classes"] = line_of(dc);
    for (const auto& [k, v] : *dc) {
      Pack::DescriptionClass c;
      c.drug_class = std::string(k.str());
      c.keywords = strings(&v, "[description_classes] " + c.drug_class);
      for (auto& s : c.keywords) lower(s);
      pack.description_classes.push_back(std::move(c));
    }
  }
}

void Loader::load_drug_tables(const toml::table& meta, Pack& pack) {
  const fs::path folder = fs::path(file).parent_path();
  const std::string drugs = str(meta, "drugs", true, "[pack]");
  if (!drugs.empty()) {
    pack.drugs_file = drugs_text ? drugs : (folder / drugs).string();
    if (drugs_text) load_drug_table_text(*drugs_text, drugs, false, pack.drugs, errors, warnings);
    else load_drug_table(pack.drugs_file, false, pack.drugs, errors, warnings);
  }
  const std::string ndc = str(meta, "ndc", false, "[pack]");
  if (!ndc.empty()) {
    pack.ndc_file = ndc_text ? ndc : (folder / ndc).string();
    if (ndc_text) load_drug_table_text(*ndc_text, ndc, true, pack.ndcs, errors, warnings);
    else load_drug_table(pack.ndc_file, true, pack.ndcs, errors, warnings);
  }
}

void Loader::load_families(const toml::table& root, Pack& pack, const std::set<std::string>& known_classes) {
  std::set<std::string> family_ids;
  if (const toml::array* fams = root["family"].as_array()) {
    for (const auto& node : *fams) {
      const toml::table* t = node.as_table();
      if (!t) {
        error(&node, "[[family]] must be a table");
        continue;
      }
      Family f;
      f.line = line_of(t);
      f.id = str(*t, "id", true, "[[family]]");
      const std::string where = "[[family]] " + f.id;
      f.name = str(*t, "name", false, where);
      if (!family_ids.insert(f.id).second) error(t, where + ": the id is used twice");
      f.per_diem = codes(t->get("per_diem"), where + " per_diem");
      if (f.per_diem.empty()) error(t, where + ": per_diem is missing or empty");
      f.classes = strings(t->get("classes"), where + " classes");
      for (const auto& c : f.classes)
        if (!known_classes.count(c))
          error(t->get("classes"),
                where + ": class \"" + c + "\" is used by no drug in the drug tables and no [description_classes] entry");
      f.products = codes(t->get("products"), where + " products");
      f.excluded_products = codes(t->get("excluded_products"), where + " excluded_products");
      f.needs_product = boolean(*t, "needs_product", true, where);
      f.drug_products = boolean(*t, "drug_products", true, where);
      f.concurrent = boolean(*t, "concurrent", true, where);
      f.accepts_unknown = f.drug_products;
      if (const toml::node* r = t->get("routes")) {
        std::string joined;
        for (const std::string& s : strings(r, where + " routes")) joined += (joined.empty() ? "" : ";") + s;
        std::string err;
        if (!parse_routes(joined, f.routes, err)) error(r, where + " routes: " + err);
      }
      if (f.classes.empty() && f.products.empty() && f.needs_product)
        error(t, where + ": names no classes and no products, so nothing can pair with it");
      pack.families.push_back(std::move(f));
    }
  }
  // A per diem code belongs to one family at most.
  for (size_t i = 0; i < pack.families.size(); ++i)
    for (size_t j = i + 1; j < pack.families.size(); ++j)
      for (const auto& item : pack.families[j].per_diem.items()) {
        const std::string lo = item.substr(0, item.find('-'));
        if (pack.families[i].per_diem.contains(lo))
          errors.push_back({file, pack.families[j].line, "per diem " + item + " is in two families: " +
                                                             pack.families[i].id + " and " + pack.families[j].id});
      }
}

void Loader::load_exclusive(const toml::table& root, Pack& pack) {
  if (const toml::array* ex = root["exclusive"].as_array()) {
    for (const auto& node : *ex) {
      const toml::table* t = node.as_table();
      if (!t) {
        error(&node, "[[exclusive]] must be a table");
        continue;
      }
      Pack::ExclusivePair p;
      p.line = line_of(t);
      p.first = codes(t->get("first"), "[[exclusive]] first");
      p.second = codes(t->get("second"), "[[exclusive]] second");
      p.note = str(*t, "note", true, "[[exclusive]]");
      const std::string loses = str(*t, "loses", false, "[[exclusive]]");
      if (loses == "later") p.later_loses = true;
      else if (!loses.empty() && loses != "first")
        error(t->get("loses"), "[[exclusive]]: loses must be \"first\" (the default) or \"later\"");
      if (p.first.empty() || p.second.empty()) error(t, "[[exclusive]]: first and second must both name codes");
      pack.exclusive_pairs.push_back(std::move(p));
    }
  }
}

void Loader::load_rules(const toml::table& root, Pack& pack) {
  const toml::array* rules = root["rule"].as_array();
  if (!rules) {
    error(&root, "no [[rule]] is defined");
    return;
  }
  pack.lines["rules"] = rules->empty() ? line_of(rules) : line_of(&(*rules)[0]);
  std::set<std::string> seen;
  for (const auto& node : *rules) {
    const toml::table* t = node.as_table();
    if (!t) {
      error(&node, "[[rule]] must be a table");
      continue;
    }
    RuleDef r;
    r.line = line_of(t);
    r.id = str(*t, "id", true, "[[rule]]");
    const std::string where = "[[rule]] " + r.id;
    if (!seen.insert(r.id).second) error(t, where + ": defined twice");
    if (const toml::node* v = t->get("stage")) {
      auto st = v->value<int64_t>();
      if (!st) error(v, where + ": stage must be a number");
      r.stage = st ? static_cast<int>(*st) : 0;
      r.stage_line = line_of(v);
    }
    const std::string dec = str(*t, "decision", true, where);
    if (!dec.empty() && (!parse_decision(dec, r.decision) || r.decision == Decision::kPay))
      error(t->get("decision"), where + ": decision must be deny, bundle, pend or reduce");
    r.group = str(*t, "group", true, where);
    if (!r.group.empty() && r.group != "CO" && r.group != "PR" && r.group != "OA" && r.group != "PI")
      error(t->get("group"), where + ": group must be CO, PR, OA or PI");
    r.carc = str(*t, "carc", true, where);
    r.rarc = strings(t->get("rarc"), where + " rarc");
    r.title = str(*t, "title", true, where);
    r.summary = str(*t, "summary", true, where);
    r.citation = str(*t, "citation", true, where);
    r.policy_text = str(*t, "policy_text", true, where);
    r.example = str(*t, "example", false, where);
    r.enabled = boolean(*t, "enabled", true, where);
    r.effective = date(*t, "effective", false, where);
    r.expires = date(*t, "expires", false, where);
    if (const toml::table* msgs = (*t)["messages"].as_table()) {
      for (const auto& [k, v] : *msgs) {
        const std::string key(k.str());
        auto s = v.value<std::string>();
        if (!s) {
          error(&v, where + " messages." + key + " must be a string");
          continue;
        }
        std::vector<std::string> names;
        if (!template_names(*s, names))
          error(&v, where + " messages." + key + ": unbalanced braces (write {{ and }} for literal braces)");
        r.messages.emplace(key, *s);
        r.message_lines.emplace(key, line_of(&v));
      }
    }
    if (!r.messages.count("default")) error(t, where + ": messages.default is missing");
    if (const toml::table* rb = (*t)["rarc_by_message"].as_table())
      for (const auto& [k, v] : *rb)
        r.rarc_by_message.emplace(std::string(k.str()), strings(&v, where + " rarc_by_message"));
    pack.rules.push_back(std::move(r));
  }
}

// Checks a parsed pack.toml into `pack`; the drug tables are read from files
// beside it, or taken from the given text.
bool load_parsed(const toml::table& table, const std::string& name, Pack& pack, std::vector<PackError>& errors,
                 std::vector<PackError>& warnings, const std::string* drugs_text = nullptr,
                 const std::string* ndc_text = nullptr) {
  const size_t before = errors.size();
  Loader loader{name, errors, warnings, drugs_text, ndc_text};
  loader.load(table, pack);
  return errors.size() == before;
}

std::unique_ptr<Pack> parse(const std::string& raw, const std::string& name, const std::string& folder,
                            std::vector<PackError>& errors, std::vector<PackError>& warnings,
                            const std::string* drugs_text, const std::string* ndc_text) {
  std::string text;
  if (!safe_toml_text(raw, name, text, errors)) return nullptr;
  toml::parse_result parsed = toml::parse(std::string_view(text), name);
  if (!parsed) {
    const auto& e = parsed.error();
    errors.push_back({name, static_cast<uint32_t>(e.source().begin.line), std::string(e.description())});
    return nullptr;
  }
  auto pack = std::make_unique<Pack>();
  pack->folder = folder;
  if (!load_parsed(parsed.table(), name, *pack, errors, warnings, drugs_text, ndc_text)) return nullptr;
  return pack;
}

}  // namespace

std::unique_ptr<Pack> read_pack_folder(const std::string& folder, std::vector<PackError>& errors,
                                       std::vector<PackError>& warnings) {
  const fs::path toml_path = fs::path(folder) / "pack.toml";
  std::ifstream in(toml_path, std::ios::binary);
  if (!in) {
    errors.push_back({toml_path.string(), 0, "cannot open the file"});
    return nullptr;
  }
  std::ostringstream raw;
  raw << in.rdbuf();
  return parse(raw.str(), toml_path.string(), folder, errors, warnings, nullptr, nullptr);
}

std::unique_ptr<Pack> read_pack_text(const std::string& toml_text, const std::string& drugs_csv,
                                     const std::string& ndc_csv, std::vector<PackError>& errors,
                                     std::vector<PackError>& warnings) {
  return parse(toml_text, "pack.toml", "", errors, warnings, &drugs_csv, &ndc_csv);
}

bool pack_folders(const std::string& path, std::vector<std::string>& folders, std::vector<PackError>& errors) {
  std::error_code ec;
  const fs::path root(path);
  if (!fs::is_directory(root, ec)) {
    if (fs::is_regular_file(root, ec) && root.filename() == "pack.toml") {
      folders.push_back(root.parent_path().string());
      return true;
    }
    errors.push_back({path, 0, "not a pack folder (a folder holding pack.toml, or folders that do)"});
    return false;
  }
  if (fs::exists(root / "pack.toml")) {
    folders.push_back(root.string());
    return true;
  }
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(root, ec))
    if (entry.is_directory() && fs::exists(entry.path() / "pack.toml")) found.push_back(entry.path());
  std::sort(found.begin(), found.end());
  if (found.empty()) {
    errors.push_back({path, 0, "no pack.toml here or in the folders below"});
    return false;
  }
  for (const auto& f : found) folders.push_back(f.string());
  return true;
}

}  // namespace perdiem::policy
