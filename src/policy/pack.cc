// Pack loading and validation (pack.toml + drugs.csv + ndc.csv), message
// templates, and pack look-ups. Loading reports every mistake it finds with
// file and line, so an analyst fixes a pack in one pass.
#define TOML_HEADER_ONLY 1
#define TOML_EXCEPTIONS 0
#include <toml++/toml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "perdiem/pack.h"
#include "policy/drug_reference.h"
#include "policy/pack_text.h"
#include "rules/catalogue.h"
#include "rules/compiled.h"

namespace perdiem {

namespace fs = std::filesystem;

std::string PackError::text() const {
  return line ? file + ":" + std::to_string(line) + ": " + message : file + ": " + message;
}

bool template_names(std::string_view t, std::vector<std::string>& names) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{') {
      if (i + 1 < t.size() && t[i + 1] == '{') { ++i; continue; }
      const size_t close = t.find('}', i);
      if (close == std::string_view::npos) return false;
      names.emplace_back(t.substr(i + 1, close - i - 1));
      i = close;
    } else if (t[i] == '}') {
      if (i + 1 < t.size() && t[i + 1] == '}') { ++i; continue; }
      return false;
    }
  }
  return true;
}

std::string render_message(std::string_view t, std::span<const MessageArg> args) {
  std::string out;
  out.reserve(t.size() + 64);
  append_message(out, t, args);
  return out;
}

void append_message(std::string& out, std::string_view t, std::span<const MessageArg> args) {
  walk_template(
      t, [&](std::string_view text) { out.append(text); },
      [&](std::string_view name) {
        for (const auto& a : args)
          if (a.name == name) {
            out.append(a.value);
            return true;
          }
        return false;  // left as written (the loader rejects such templates)
      });
}

const std::string& RuleDef::message(std::string_view key) const {
  auto it = messages.find(key);
  if (it == messages.end()) it = messages.find("default");
  return it->second;
}

const CodeSet& Pack::set(std::string_view name) const {
  static const CodeSet kEmpty;
  auto it = sets.find(name);
  return it == sets.end() ? kEmpty : it->second;
}
const std::vector<std::string>& Pack::list(std::string_view name) const {
  static const std::vector<std::string> kEmpty;
  auto it = lists.find(name);
  return it == lists.end() ? kEmpty : it->second;
}
const RuleDef* Pack::rule(std::string_view id) const {
  for (const auto& r : rules)
    if (r.id == id) return &r;
  return nullptr;
}
const DrugInfo* Pack::drug(std::string_view hcpcs) const {
  if (hcpcs.empty()) return nullptr;
  auto it = drugs.find(std::string(hcpcs));
  return it == drugs.end() ? nullptr : &it->second;
}
const DrugInfo* Pack::ndc(std::string_view n) const {
  if (n.empty()) return nullptr;
  auto it = ndcs.find(std::string(n));
  return it == ndcs.end() ? nullptr : &it->second;
}
const Family* Pack::family_of(std::string_view code) const {
  const CodeKey k = code_key(code);
  for (const auto& f : families)
    if (f.per_diem.contains_key(k)) return &f;
  return nullptr;
}

const Pack* PackSet::in_force(Date date) const {
  const Pack* best = nullptr;
  for (const auto& p : packs_)
    if (p->effective <= date && (!p->expires || date <= *p->expires)) best = p.get();
  return best;
}

namespace {

Date to_date(const toml::date& d) { return Date::from_ymd(d.year, d.month, d.day); }

struct Loader {
  std::string file;
  std::vector<PackError>& errors;
  // When set, the drug tables' text (load_pack_text); else they are read from
  // the files pack.toml names, beside it.
  const std::string* drugs_text = nullptr;
  const std::string* ndc_text = nullptr;

  void error(const toml::node* n, const std::string& m) {
    errors.push_back({file, n ? static_cast<uint32_t>(n->source().begin.line) : 0u, m});
  }
  void error(const toml::node_view<const toml::node>& n, const std::string& m) { error(n.node(), m); }

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
  void load_rules(const toml::table& root, Pack& pack);
  void check_template(const toml::node* n, const RuleSpec& spec, const std::string& tmpl,
                      const std::string& where);
};

void Loader::load(const toml::table& root, Pack& pack) {
  const toml::table* meta = root["pack"].as_table();
  if (!meta) {
    error(&root, "the [pack] table (id, version, effective) is missing");
    return;
  }
  pack.id = str(*meta, "id", true, "[pack]");
  pack.name = str(*meta, "name", false, "[pack]");
  pack.policy = str(*meta, "policy", true, "[pack]");
  pack.title = str(*meta, "title", false, "[pack]");
  pack.version = str(*meta, "version", true, "[pack]");
  if (auto d = date(*meta, "effective", true, "[pack]")) pack.effective = *d;
  pack.expires = date(*meta, "expires", false, "[pack]");
  if (pack.expires && *pack.expires < pack.effective) error(meta->get("expires"), "[pack]: expires is before effective");

  if (const toml::table* sets = root["sets"].as_table()) {
    for (const auto& [k, v] : *sets) pack.sets.emplace(std::string(k.str()), codes(&v, "[sets] " + std::string(k.str())));
  } else {
    error(&root, "the [sets] table is missing");
  }
  for (std::string_view name : required_sets())
    if (!pack.sets.count(name)) error(root.get("sets"), "[sets]: \"" + std::string(name) + "\" is missing (the rules use it)");

  if (const toml::table* lists = root["lists"].as_table()) {
    for (const auto& [k, v] : *lists) {
      pack.lists.emplace(std::string(k.str()), strings(&v, "[lists] " + std::string(k.str())));
    }
  } else {
    error(&root, "the [lists] table is missing");
  }
  for (std::string_view name : required_lists())
    if (!pack.lists.count(name)) error(root.get("lists"), "[lists]: \"" + std::string(name) + "\" is missing (the rules use it)");
  // Keyword lists match case-insensitively: keep them lower case.
  for (auto& [name, items] : pack.lists)
    if (name.find("keywords") != std::string::npos)
      for (auto& s : items)
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });

  std::set<std::string> known_classes = {"*"};
  if (const toml::table* dc = root["description_classes"].as_table()) {
    for (const auto& [k, v] : *dc) {
      auto items = strings(&v, "[description_classes] " + std::string(k.str()));
      for (auto& s : items) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        pack.lists["class:" + std::string(k.str())].push_back(s);
      }
      known_classes.insert(std::string(k.str()));
      pack.lists["description_class_order"].push_back(std::string(k.str()));
    }
  }

  // Drug tables, beside pack.toml.
  const fs::path folder = fs::path(file).parent_path();
  const std::string drugs = str(*meta, "drugs", true, "[pack]");
  if (!drugs.empty()) {
    if (drugs_text) load_drug_table_text(*drugs_text, drugs, false, pack.drugs, errors);
    else load_drug_table((folder / drugs).string(), false, pack.drugs, errors);
  }
  const std::string ndc = str(*meta, "ndc", false, "[pack]");
  if (!ndc.empty()) {
    if (ndc_text) load_drug_table_text(*ndc_text, ndc, true, pack.ndcs, errors);
    else load_drug_table((folder / ndc).string(), true, pack.ndcs, errors);
  }
  for (const auto& [code, d] : pack.drugs) known_classes.insert(d.drug_class);
  for (const auto& [code, d] : pack.ndcs) known_classes.insert(d.drug_class);

  // Families.
  const CodeSet& per_diem = pack.set("per_diem");
  std::set<std::string> family_ids;
  if (const toml::array* fams = root["family"].as_array()) {
    for (const auto& node : *fams) {
      const toml::table* t = node.as_table();
      if (!t) { error(&node, "[[family]] must be a table"); continue; }
      Family f;
      f.id = str(*t, "id", true, "[[family]]");
      const std::string where = "[[family]] " + f.id;
      f.name = str(*t, "name", false, where);
      if (!family_ids.insert(f.id).second) error(t, where + ": the id is used twice");
      f.per_diem = codes(t->get("per_diem"), where + " per_diem");
      if (f.per_diem.empty()) error(t, where + ": per_diem is missing or empty");
      for (const auto& item : f.per_diem.items()) {
        const std::string lo = item.substr(0, item.find('-'));
        const std::string hi = item.find('-') == std::string::npos ? item : item.substr(item.find('-') + 1);
        if (!per_diem.contains(lo) || !per_diem.contains(hi))
          error(t->get("per_diem"), where + ": " + item + " is not in [sets] per_diem");
      }
      f.classes = strings(t->get("classes"), where + " classes");
      for (const auto& c : f.classes)
        if (!known_classes.count(c))
          error(t->get("classes"), where + ": class \"" + c + "\" is used by no drug in the drug tables and no [description_classes] entry");
      f.products = codes(t->get("products"), where + " products");
      f.excluded_products = codes(t->get("excluded_products"), where + " excluded_products");
      if (auto v = t->get("needs_product")) {
        if (auto b = v->value<bool>()) f.needs_product = *b;
        else error(v, where + ": needs_product must be true or false");
      }
      if (auto v = t->get("drug_products")) {
        if (auto b = v->value<bool>()) f.drug_products = *b;
        else error(v, where + ": drug_products must be true or false");
      }
      if (auto v = t->get("concurrent")) {
        if (auto b = v->value<bool>()) f.concurrent = *b;
        else error(v, where + ": concurrent must be true or false");
      }
      f.accepts_unknown = f.drug_products;
      if (f.classes.empty() && f.products.empty() && f.needs_product)
        error(t, where + ": names no classes and no products, so nothing can pair with it");
      pack.families.push_back(std::move(f));
    }
  }
  if (pack.families.empty()) error(&root, "no [[family]] is defined");
  // A per diem code belongs to one family at most.
  for (size_t i = 0; i < pack.families.size(); ++i)
    for (size_t j = i + 1; j < pack.families.size(); ++j)
      for (const auto& item : pack.families[j].per_diem.items()) {
        const std::string lo = item.substr(0, item.find('-'));
        if (pack.families[i].per_diem.contains(lo))
          errors.push_back({file, 0, "per diem " + item + " is in two families: " + pack.families[i].id +
                                         " and " + pack.families[j].id});
      }

  if (const toml::array* ex = root["exclusive"].as_array()) {
    for (const auto& node : *ex) {
      const toml::table* t = node.as_table();
      if (!t) { error(&node, "[[exclusive]] must be a table"); continue; }
      Pack::ExclusivePair p;
      p.first = codes(t->get("first"), "[[exclusive]] first");
      p.second = codes(t->get("second"), "[[exclusive]] second");
      p.note = str(*t, "note", true, "[[exclusive]]");
      if (p.first.empty() || p.second.empty()) error(t, "[[exclusive]]: first and second must both name codes");
      pack.exclusive_pairs.push_back(std::move(p));
    }
  }
  load_rules(root, pack);
}

void Loader::check_template(const toml::node* n, const RuleSpec& spec, const std::string& tmpl,
                            const std::string& where) {
  std::vector<std::string> names;
  if (!template_names(tmpl, names)) {
    error(n, where + ": unbalanced braces (write {{ and }} for literal braces)");
    return;
  }
  for (const auto& name : names) {
    bool ok = false;
    for (auto a : common_message_args()) ok = ok || a == name;
    for (auto a : spec.args) ok = ok || a == name;
    if (!ok) {
      std::string allowed;
      for (auto a : common_message_args()) allowed += " {" + std::string(a) + "}";
      for (auto a : spec.args) allowed += " {" + std::string(a) + "}";
      error(n, where + ": {" + name + "} is not a name this rule fills; it offers" + allowed);
    }
  }
}

void Loader::load_rules(const toml::table& root, Pack& pack) {
  const toml::array* rules = root["rule"].as_array();
  if (!rules) {
    error(&root, "no [[rule]] is defined");
    return;
  }
  std::set<std::string> seen;
  for (const auto& node : *rules) {
    const toml::table* t = node.as_table();
    if (!t) { error(&node, "[[rule]] must be a table"); continue; }
    RuleDef r;
    r.id = str(*t, "id", true, "[[rule]]");
    const std::string where = "[[rule]] " + r.id;
    const RuleSpec* spec = find_rule_spec(r.id);
    if (!spec) {
      std::string known;
      for (const auto& s : rule_specs()) known += " " + std::string(s.id);
      error(t->get("id"), where + ": no such rule in this engine; the rules are:" + known);
      continue;
    }
    if (!seen.insert(r.id).second) error(t, where + ": defined twice");
    if (auto v = t->get("stage")) {
      auto st = v->value<int64_t>();
      if (!st || *st != spec->stage)
        error(v, where + ": stage must be " + std::to_string(spec->stage) + " (the stage is part of the rule's logic)");
    }
    r.stage = spec->stage;
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
    if (auto v = t->get("enabled")) {
      if (auto b = v->value<bool>()) r.enabled = *b;
      else error(v, where + ": enabled must be true or false");
    }
    r.effective = date(*t, "effective", false, where);
    r.expires = date(*t, "expires", false, where);
    if (const toml::table* msgs = (*t)["messages"].as_table()) {
      for (const auto& [k, v] : *msgs) {
        const std::string key(k.str());
        auto s = v.value<std::string>();
        if (!s) { error(&v, where + " messages." + key + " must be a string"); continue; }
        bool known = false;
        for (auto mk : spec->message_keys) known = known || mk == key;
        if (!known) {
          std::string keys;
          for (auto mk : spec->message_keys) keys += " " + std::string(mk);
          error(&v, where + ": message \"" + key + "\" is not used by this rule; its messages are:" + keys);
        }
        check_template(&v, *spec, *s, where + " messages." + key);
        r.messages.emplace(key, *s);
      }
    }
    if (!r.messages.count("default")) error(t, where + ": messages.default is missing");
    if (const toml::table* rb = (*t)["rarc_by_message"].as_table())
      for (const auto& [k, v] : *rb) r.rarc_by_message.emplace(std::string(k.str()), strings(&v, where + " rarc_by_message"));
    pack.rules.push_back(std::move(r));
  }
  for (const auto& s : rule_specs())
    if (!seen.count(std::string(s.id)))
      error(&root, "rule \"" + std::string(s.id) + "\" is missing (to switch a rule off, keep it with enabled = false)");
}

// toml++ 3.3 (Debian 12) reaches __builtin_unreachable() — undefined behaviour
// — when it tests some non-ASCII characters for whitespace: outside a string
// (where TOML allows no such character anyway), after a line-ending
// backslash in a multi-line string, and in text that is not UTF-8 (upstream
// issues 190 and 295). Found by fuzz/fuzz_pack. So the text is checked
// first: not UTF-8, or non-ASCII outside strings and comments, is a pack
// error; non-ASCII inside basic strings ("...", """...""") is rewritten as
// \uXXXX escapes, which toml++ reads back as the same characters. Lines do
// not move, so toml++'s line numbers stay right.
bool safe_toml_text(std::string_view in, const std::string& file, std::string& out, std::vector<PackError>& errors) {
  enum class In : uint8_t { kCode, kComment, kBasic, kMultiBasic, kLiteral, kMultiLiteral };
  In state = In::kCode;
  uint32_t line = 1;
  out.clear();
  out.reserve(in.size() + in.size() / 8);
  auto run = [&](size_t i, char q) {
    size_t n = 0;
    while (i + n < in.size() && in[i + n] == q) ++n;
    return n;
  };
  for (size_t i = 0; i < in.size();) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c >= 0x80) {
      // Decode one UTF-8 sequence.
      size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
      uint32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
      bool ok = len != 0 && i + len <= in.size();
      for (size_t k = 1; ok && k < len; ++k) {
        const auto cc = static_cast<unsigned char>(in[i + k]);
        ok = (cc & 0xC0) == 0x80;
        cp = (cp << 6) | (cc & 0x3F);
      }
      ok = ok && !((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                   cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF));
      if (!ok) {
        errors.push_back({file, line, "the text is not valid UTF-8 here"});
        return false;
      }
      if (state == In::kCode) {
        char hex[16];
        std::snprintf(hex, sizeof hex, "U+%04X", cp);
        errors.push_back({file, line, std::string("the character ") + hex +
                                          " is outside a quoted string or a comment, which TOML does not allow"});
        return false;
      }
      if (state == In::kBasic || state == In::kMultiBasic) {
        char esc[16];
        std::snprintf(esc, sizeof esc, cp <= 0xFFFF ? "\\u%04X" : "\\U%08X", cp);
        out += esc;
      } else {
        out.append(in.substr(i, len));
      }
      i += len;
      continue;
    }
    const char ch = in[i];
    if (ch == '\n') ++line;
    switch (state) {
      case In::kCode:
        if (ch == '#') state = In::kComment;
        else if (ch == '"') {
          const size_t n = run(i, '"');
          if (n >= 3) { out.append(3, '"'); i += 3; state = In::kMultiBasic; continue; }
          if (n == 2) { out += "\"\""; i += 2; continue; }  // an empty string
          state = In::kBasic;
        } else if (ch == '\'') {
          const size_t n = run(i, '\'');
          if (n >= 3) { out.append(3, '\''); i += 3; state = In::kMultiLiteral; continue; }
          if (n == 2) { out += "''"; i += 2; continue; }
          state = In::kLiteral;
        }
        break;
      case In::kComment:
        if (ch == '\n') state = In::kCode;
        break;
      case In::kBasic:
      case In::kMultiBasic:
        if (ch == '\\' && i + 1 < in.size()) {
          const auto next = static_cast<unsigned char>(in[i + 1]);
          if (next >= 0x80) {
            errors.push_back({file, line, "a backslash before a non-ASCII character is not a TOML escape"});
            return false;
          }
          if (in[i + 1] == '\n') ++line;
          out += ch;
          out += in[i + 1];
          i += 2;
          continue;
        }
        if (state == In::kBasic && (ch == '"' || ch == '\n')) state = In::kCode;
        if (state == In::kMultiBasic && ch == '"' && run(i, '"') >= 3) {
          const size_t n = std::min<size_t>(run(i, '"'), 5);
          out.append(n, '"');
          i += n;
          state = In::kCode;
          continue;
        }
        break;
      case In::kLiteral:
        if (ch == '\'' || ch == '\n') state = In::kCode;
        break;
      case In::kMultiLiteral:
        if (ch == '\'' && run(i, '\'') >= 3) {
          const size_t n = std::min<size_t>(run(i, '\''), 5);
          out.append(n, '\'');
          i += n;
          state = In::kCode;
          continue;
        }
        break;
    }
    out += ch;
    ++i;
  }
  return true;
}

// Validates a parsed pack.toml into `pack` and builds what the rules look up.
// The drug tables are read from files beside it, or taken from the given text.
bool load_parsed(const toml::table& table, const std::string& name, Pack& pack, std::vector<PackError>& errors,
                 const std::string* drugs_text = nullptr, const std::string* ndc_text = nullptr) {
  const size_t before = errors.size();
  Loader loader{name, errors, drugs_text, ndc_text};
  loader.load(table, pack);
  if (errors.size() != before) return false;
  pack.compiled = rules::compile(pack);
  return true;
}

bool load_one(const fs::path& folder, Pack& pack, std::vector<PackError>& errors) {
  const fs::path toml_path = folder / "pack.toml";
  const size_t before = errors.size();
  std::ifstream in(toml_path, std::ios::binary);
  if (!in) {
    errors.push_back({toml_path.string(), 0, "cannot open the file"});
    return false;
  }
  std::ostringstream raw;
  raw << in.rdbuf();
  std::string text;
  if (!safe_toml_text(raw.str(), toml_path.string(), text, errors)) return false;
  toml::parse_result parsed = toml::parse(std::string_view(text), toml_path.string());
  if (!parsed) {
    const auto& e = parsed.error();
    errors.push_back({toml_path.string(), static_cast<uint32_t>(e.source().begin.line), std::string(e.description())});
    return false;
  }
  pack.folder = folder.string();
  return load_parsed(parsed.table(), toml_path.string(), pack, errors) && errors.size() == before;
}

}  // namespace

struct PackLoader {
  static std::shared_ptr<const PackSet> load_text(const std::string& toml_text, const std::string& drugs_csv,
                                                  const std::string& ndc_csv, std::vector<PackError>& errors) {
    const std::string name = "pack.toml";
    std::string text;
    if (!safe_toml_text(toml_text, name, text, errors)) return nullptr;
    toml::parse_result parsed = toml::parse(std::string_view(text), std::string_view(name));
    if (!parsed) {
      const auto& e = parsed.error();
      errors.push_back({name, static_cast<uint32_t>(e.source().begin.line), std::string(e.description())});
      return nullptr;
    }
    auto pack = std::make_unique<Pack>();
    if (!load_parsed(parsed.table(), name, *pack, errors, &drugs_csv, &ndc_csv)) return nullptr;
    auto set = std::make_shared<PackSet>();
    set->packs_.push_back(std::move(pack));
    return set;
  }

  static std::shared_ptr<const PackSet> load(const std::string& path, std::vector<PackError>& errors) {
    auto set = std::make_shared<PackSet>();
    std::error_code ec;
    const fs::path root(path);
    if (!fs::is_directory(root, ec)) {
      if (fs::is_regular_file(root, ec) && root.filename() == "pack.toml") return load(root.parent_path().string(), errors);
      errors.push_back({path, 0, "not a pack folder (a folder holding pack.toml, or folders that do)"});
      return nullptr;
    }
    std::vector<fs::path> folders;
    if (fs::exists(root / "pack.toml")) {
      folders.push_back(root);
    } else {
      for (const auto& entry : fs::directory_iterator(root, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "pack.toml")) folders.push_back(entry.path());
      std::sort(folders.begin(), folders.end());
    }
    if (folders.empty()) {
      errors.push_back({path, 0, "no pack.toml here or in the folders below"});
      return nullptr;
    }
    bool ok = true;
    for (const auto& f : folders) {
      auto pack = std::make_unique<Pack>();
      ok = load_one(f, *pack, errors) && ok;
      set->packs_.push_back(std::move(pack));
    }
    if (!ok) return nullptr;
    std::sort(set->packs_.begin(), set->packs_.end(),
              [](const auto& a, const auto& b) { return a->effective < b->effective; });
    for (size_t i = 1; i < set->packs_.size(); ++i)
      if (set->packs_[i]->effective == set->packs_[i - 1]->effective) {
        errors.push_back({set->packs_[i]->folder, 0, "two pack versions take effect on the same date"});
        return nullptr;
      }
    return set;
  }
};

std::shared_ptr<const PackSet> load_pack(const std::string& path, std::vector<PackError>& errors) {
  return PackLoader::load(path, errors);
}

std::shared_ptr<const PackSet> load_pack_text(const std::string& toml_text, const std::string& drugs_csv,
                                              const std::string& ndc_csv, std::vector<PackError>& errors) {
  return PackLoader::load_text(toml_text, drugs_csv, ndc_csv, errors);
}

std::string default_pack_path() {
  if (const char* env = std::getenv("PERDIEM_PACK"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "perdiem" / "packs" / "cpcp019";
    if (fs::exists(installed / "pack.toml", ec)) return installed.string();
  }
  return PERDIEM_DEFAULT_PACK;
}

}  // namespace perdiem
