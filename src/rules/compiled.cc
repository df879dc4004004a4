// Compiling a pack against the rule registry (compiled.h), and reading the
// compiled tables.
#include "rules/compiled.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <iterator>
#include <set>

#include "rules/registry.h"

namespace perdiem::rules {

// ---------------------------------------------------------------- reading

const CodeInfo* Compiled::lookup(CodeKey k) const {
  if (k == 0 || starts.empty() || k < starts.front()) return nullptr;
  // The last start <= k, by halving without branches: every line's code is
  // looked up, and their order is unpredictable.
  const CodeKey* base = starts.data();
  size_t n = starts.size();
  while (n > 1) {
    const size_t half = n / 2;
    base = base[half] <= k ? base + half : base;
    n -= half;
  }
  return &intervals[static_cast<size_t>(base - starts.data())];
}

const Compiled::NdcRow* Compiled::ndc(std::string_view n) const {
  const uint64_t k = ndc_key(n);
  if (k == 0) return nullptr;
  auto it = std::lower_bound(ndcs.begin(), ndcs.end(), k, [](const NdcRow& r, uint64_t key) { return r.key < key; });
  return it != ndcs.end() && it->key == k ? &*it : nullptr;
}

const Message& Rule::message(std::string_view key) const {
  for (size_t i = 0; i + 1 < messages.size(); ++i)
    if (messages[i].key == key) return messages[i];
  return messages.back();
}

std::span<const std::string_view> common_message_args() {
  static constexpr std::string_view kCommon[] = {"line", "code", "dates", "units", "passing", "failing"};
  return kCommon;
}

uint64_t ndc_key(std::string_view s) {
  if (s.size() != 11) return 0;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v | (uint64_t{1} << 40);  // 11 digits stay below 2^37
}

// ---------------------------------------------------------------- compiling

namespace {

// Cuts a template as render_message() reads it, taking every name to be
// given (Context::edit leaves a template that names one the rule does not
// give to render_message()).
std::vector<Message::Piece> cut(std::string_view t) {
  using Part = Message::Part;
  std::vector<Message::Piece> out;
  walk_template(
      t, [&](std::string_view text) { out.push_back({Part::kText, text}); },
      [&](std::string_view name) {
        const Part part = name == "line"    ? Part::kLine
                          : name == "code"  ? Part::kCode
                          : name == "dates" ? Part::kDates
                          : name == "units" ? Part::kUnits
                          : name == "passing" ? Part::kPassing
                          : name == "failing" ? Part::kFailing
                                              : Part::kArg;
        out.push_back({part, name});
        return true;
      });
  return out;
}

// A rule's messages, as Rule::message() finds them.
std::vector<Message> compile_messages(const RuleDef& rule) {
  std::vector<Message> out;
  auto add = [&](std::string_view key, const std::string& tmpl, const std::vector<std::string>& rarc) {
    Message m;
    m.key = key;
    m.tmpl = tmpl;
    m.pieces = cut(tmpl);
    m.rarc.assign(rarc.begin(), rarc.end());
    out.push_back(std::move(m));
  };
  // The keys that have a template or RARCs of their own, as RuleDef reads them.
  std::vector<std::string_view> keys;
  for (const auto& [key, tmpl] : rule.messages) keys.push_back(key);
  for (const auto& [key, rarc] : rule.rarc_by_message) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (std::string_view key : keys) {
    auto rb = rule.rarc_by_message.find(key);
    add(key, rule.message(key), rb != rule.rarc_by_message.end() ? rb->second : rule.rarc);
  }
  add({}, rule.message("default"), rule.rarc);  // any other key
  return out;
}

bool contains(std::span<const std::string_view> names, std::string_view n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

// Who reads a piece of pack data, for errors: "rule per-diem-units" or
// "the line fact \"tpn\" (read by rule tpn-component-included)".
struct Reader {
  std::string who;
  uint32_t line;
};

class Compiler {
 public:
  Compiler(Pack& pack, std::vector<PackError>& errors, std::vector<PackError>& warnings)
      : pack_(pack), errors_(errors), warnings_(warnings), out_(std::make_shared<Compiled>()) {}

  std::shared_ptr<const Compiled> run() {
    const size_t before = errors_.size();
    static std::atomic<uint64_t> serials{0};
    out_->serial = ++serials;
    check_rules();
    gather_facts();
    check_needs();
    check_scope();
    if (errors_.size() != before) return nullptr;
    assign_bits();
    if (errors_.size() != before) return nullptr;
    number_classes();
    check_class_lists();
    check_families();
    if (errors_.size() != before) return nullptr;
    cut_codes();
    bind_facts();
    bind_rules();
    warn_unread();
    return out_;
  }

 private:
  void error(uint32_t line, std::string message) { errors_.push_back({pack_.file, line, std::move(message)}); }
  void warning(uint32_t line, std::string message) { warnings_.push_back({pack_.file, line, std::move(message)}); }

  // Notes what `needs` reads, for who.
  void want(const Needs& needs, const Reader& who) {
    for (std::string_view s : needs.sets) sets_.emplace(std::string(s), who);
    for (std::string_view s : needs.lists) lists_.emplace(std::string(s), who);
    for (std::string_view s : needs.class_lists) class_lists_.emplace(std::string(s), who);
    for (std::string_view s : needs.nonempty) nonempty_.emplace(std::string(s), who);
    for (const ParamSpec& p : needs.params) params_.emplace(std::string(p.name), std::make_pair(p.type, who));
    for (uint32_t t = 1; t <= kTableDescriptionClasses; t <<= 1)
      if (needs.tables & t) tables_.emplace(t, who);
  }

  void check_rules() {
    std::string known;
    for (const RegistryEntry& e : registry()) known += " " + std::string(e.spec->id);
    for (RuleDef& r : pack_.rules) {
      const std::string where = "[[rule]] " + r.id;
      const RuleSpec* spec = find_rule(r.id);
      specs_.push_back(spec);
      if (!spec) {
        error(r.line, where + ": no such rule in this engine; the rules are:" + known);
        continue;
      }
      if (r.stage_line != 0 && r.stage != spec->stage)
        error(r.stage_line,
              where + ": stage must be " + std::to_string(spec->stage) + " (the stage is part of the rule's logic)");
      r.stage = spec->stage;
      for (const auto& [key, tmpl] : r.messages) {
        const uint32_t line = r.message_lines.count(key) ? r.message_lines.at(key) : r.line;
        if (!contains(spec->message_keys, key)) {
          std::string keys;
          for (auto mk : spec->message_keys) keys += " " + std::string(mk);
          error(line, where + ": message \"" + key + "\" is not used by this rule; its messages are:" + keys);
        }
        std::vector<std::string> names;
        if (!template_names(tmpl, names)) continue;  // the loader reported the braces
        for (const std::string& name : names) {
          if (contains(common_message_args(), name) || contains(spec->args, name)) continue;
          std::string allowed;
          for (auto a : common_message_args()) allowed += " {" + std::string(a) + "}";
          for (auto a : spec->args) allowed += " {" + std::string(a) + "}";
          error(line, where + " messages." + key + ": {" + name + "} is not a name this rule fills; it offers" + allowed);
        }
      }
      want(spec->needs, {"rule " + r.id, r.line});
      facts_wanted_ |= spec->needs.facts;
      if (!fact_reader_.count(spec->needs.facts)) fact_reader_.emplace(spec->needs.facts, r.id);
    }
  }

  // The facts the rules read, with the facts those are derived from.
  void gather_facts() {
    uint32_t facts = facts_wanted_ | kFactDrug;
    for (bool grew = true; grew;) {
      grew = false;
      for (const FactSpec& f : fact_specs())
        if ((facts & f.fact) && (facts | f.needs.facts) != facts) {
          facts |= f.needs.facts;
          grew = true;
        }
    }
    out_->facts = facts;
    for (const FactSpec& f : fact_specs()) {
      if (!(facts & f.fact)) continue;
      std::string by;
      for (const auto& [mask, rule] : fact_reader_)
        if (mask & f.fact) {
          by = rule;
          break;
        }
      want(f.needs, {"the line fact \"" + std::string(f.id) + "\"" + (by.empty() ? "" : " (read by rule " + by + ")"),
                     pack_.line_of("rules")});
    }
  }

  void check_needs() {
    for (const auto& [name, who] : sets_)
      if (!pack_.sets.count(name))
        error(pack_.line_of("sets"), "[sets]: \"" + name + "\" is missing (" + who.who + " reads it)");
    for (const auto* m : {&lists_, &class_lists_})
      for (const auto& [name, who] : *m)
        if (!pack_.lists.count(name))
          error(pack_.line_of("lists"), "[lists]: \"" + name + "\" is missing (" + who.who + " reads it)");
    for (const auto& [name, need] : params_) {
      const Param* p = pack_.param(name);
      const char* type = need.first == Param::Type::kNumber ? "a number"
                         : need.first == Param::Type::kString ? "a string"
                                                              : "true or false";
      if (!p)
        error(pack_.line_of("params"), "[params]: \"" + name + "\" is missing (" + need.second.who + " reads it)");
      else if (need.first == Param::Type::kNumber ? !p->numeric : p->type != need.first)
        error(p->line, "[params] " + name + " must be " + type + " (" + need.second.who + " reads it)");
    }
    for (const auto& [name, who] : nonempty_) {
      if (pack_.sets.count(name) && pack_.set(name).empty())
        error(pack_.line_of("sets." + name), "[sets] " + name + " is empty; " + who.who + " needs at least one code");
      if (pack_.lists.count(name) && pack_.list(name).empty())
        error(pack_.line_of("lists." + name), "[lists] " + name + " is empty; " + who.who + " needs at least one item");
    }
    if (tables_.count(kTableFamilies) && pack_.families.empty())
      error(pack_.line_of("rules"), "no [[family]] is defined (" + tables_.at(kTableFamilies).who + " reads them)");
  }

  void check_scope() {
    if (pack_.scope.empty()) {
      error(pack_.line_of("scope"),
            "[pack]: \"scope\" is missing: the sets whose lines bring a claim into the policy's scope");
      return;
    }
    for (const std::string& s : pack_.scope) {
      if (!pack_.sets.count(s)) error(pack_.line_of("scope"), "[pack] scope: \"" + s + "\" is not a set in [sets]");
      else sets_.emplace(s, Reader{"[pack] scope", pack_.line_of("scope")});
    }
  }

  void assign_bits() {
    if (sets_.size() > 64) {
      error(pack_.line_of("sets"), "the rules read " + std::to_string(sets_.size()) +
                                       " sets; the engine has room for 64 (split fewer, larger sets)");
      return;
    }
    const bool exclusive = tables_.count(kTableExclusive) && !pack_.exclusive_pairs.empty();
    if (sets_.size() + (exclusive ? 1 : 0) > 64) {
      error(pack_.line_of("sets"), "the rules read more sets than the engine has room for (64)");
      return;
    }
    uint64_t bit = 1;
    for (const auto& [name, who] : sets_) {
      out_->set_bits.emplace(name, bit);
      bit <<= 1;
    }
    if (exclusive) {
      for (const auto& pair : pack_.exclusive_pairs) exclusive_first_.add_all(pair.first);
      exclusive_first_.finish();
      out_->exclusive_first = bit;
    }
    for (const std::string& s : pack_.scope) out_->scope |= out_->bit(s);
  }

  // Numbers the drug classes: the unknown one first, then every one the
  // pack uses; and says which are drugs and which correspond to each family.
  void number_classes() {
    Compiled& c = *out_;
    std::set<std::string_view> not_drugs;
    for (const std::string& n : pack_.list("non_drug_classes")) not_drugs.insert(n);
    auto intern = [&](std::string_view name) {
      auto [it, added] = c.class_index.emplace(name, static_cast<uint16_t>(c.classes.size()));
      if (added) c.classes.push_back({name, !name.empty() && !not_drugs.count(name)});
      return it->second;
    };
    intern("");
    for (const auto& [code, d] : pack_.drugs) intern(d.drug_class);
    for (const auto& [ndc, d] : pack_.ndcs) intern(d.drug_class);
    for (const auto& dc : pack_.description_classes) intern(dc.drug_class);
    for (const Family& f : pack_.families)
      for (const std::string& cls : f.classes)
        if (cls != "*") intern(cls);
    for (const Family& f : pack_.families) {
      std::vector<bool> match(c.classes.size(), false);
      for (const std::string& cls : f.classes) {
        if (cls == "*") {
          for (size_t i = 0; i < c.classes.size(); ++i) match[i] = match[i] || c.classes[i].drug;
        } else {
          match[c.class_index.at(cls)] = true;
        }
      }
      c.family_classes.push_back(std::move(match));
    }
  }

  // A list of drug classes: every item a class the pack's tables use.
  ClassSet class_set(std::string_view list) {
    ClassSet s(out_->classes.size());
    for (const std::string& cls : pack_.list(list)) {
      auto it = out_->class_index.find(cls);
      if (it != out_->class_index.end() && !cls.empty()) s.add(it->second);
    }
    return s;
  }

  void check_class_lists() {
    for (const auto& [name, who] : class_lists_)
      for (const std::string& cls : pack_.list(name))
        if (cls.empty() || !out_->class_index.count(cls))
          error(pack_.line_of("lists." + name), "[lists] " + name + ": class \"" + cls +
                                                    "\" is used by no drug in the drug tables, no "
                                                    "[description_classes] entry and no family");
  }

  // Every family's per diem codes are per diem codes (rules that pair per
  // diems with products take a line's family only from its code).
  void check_families() {
    if (!tables_.count(kTableFamilies) || !pack_.sets.count("per_diem")) return;
    const CodeSet& per_diem = pack_.set("per_diem");
    for (const Family& f : pack_.families)
      for (const auto& item : f.per_diem.items()) {
        const size_t dash = item.find('-');
        const std::string lo = item.substr(0, dash);
        const std::string hi = dash == std::string::npos ? item : item.substr(dash + 1);
        if (!per_diem.contains(lo) || !per_diem.contains(hi))
          error(f.line, "[[family]] " + f.id + ": " + item + " is not in [sets] per_diem");
      }
  }

  // Cuts the code space into the intervals of Compiled::starts: where some
  // set, family or drug row starts or stops holding codes.
  void cut_codes() {
    Compiled& c = *out_;
    // drugs.csv rows by code key. The pack looks a code up by its exact text,
    // and claim codes are upper case: a row written in lower case never
    // matches, so it gets no key (which would fold its case).
    std::vector<std::pair<CodeKey, const DrugInfo*>> drugs;
    for (const auto& [code, d] : pack_.drugs) {
      const bool upper = std::none_of(code.begin(), code.end(), [](char ch) { return ch >= 'a' && ch <= 'z'; });
      if (const CodeKey k = code_key(code); k != 0 && upper) drugs.push_back({k, &d});
    }
    std::sort(drugs.begin(), drugs.end());
    auto drug_at = [&](CodeKey k) -> const DrugInfo* {
      auto it = std::lower_bound(drugs.begin(), drugs.end(), std::pair<CodeKey, const DrugInfo*>{k, nullptr});
      return it != drugs.end() && it->first == k ? it->second : nullptr;
    };

    std::vector<CodeKey> bounds;
    auto add_bounds = [&](const CodeSet& s) {
      for (const auto& r : s.ranges()) {
        bounds.push_back(r.lo);
        bounds.push_back(r.hi + 1);
      }
    };
    std::vector<std::pair<const CodeSet*, uint64_t>> sets;
    for (const auto& [name, bit] : c.set_bits) {
      sets.push_back({&pack_.set(name), bit});
      add_bounds(pack_.set(name));
    }
    if (c.exclusive_first) {
      sets.push_back({&exclusive_first_, c.exclusive_first});
      add_bounds(exclusive_first_);
    }
    for (const Family& f : pack_.families) add_bounds(f.per_diem);
    for (const auto& d : drugs) {
      bounds.push_back(d.first);
      bounds.push_back(d.first + 1);
    }
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());

    for (CodeKey b : bounds) {
      const DrugInfo* drug = drug_at(b);
      CodeInfo iv{0, -1, drug, drug ? c.class_index.at(drug->drug_class) : uint16_t{0}};
      for (const auto& [set, bit] : sets)
        if (set->contains_key(b)) iv.sets |= bit;
      for (size_t f = 0; f < pack_.families.size(); ++f)
        if (pack_.families[f].per_diem.contains_key(b)) {
          iv.family = static_cast<int32_t>(f);
          break;
        }
      const CodeInfo* last = c.intervals.empty() ? nullptr : &c.intervals.back();
      if (last && last->sets == iv.sets && last->family == iv.family && last->drug == iv.drug)
        continue;  // same as the interval before: extend it
      c.starts.push_back(b);
      c.intervals.push_back(iv);
    }
    for (const auto& [ndc, d] : pack_.ndcs)
      if (const uint64_t k = ndc_key(ndc)) c.ndcs.push_back({k, &d, c.class_index.at(d.drug_class)});
    std::sort(c.ndcs.begin(), c.ndcs.end(), [](const auto& x, const auto& y) { return x.key < y.key; });
  }

  void bind_facts() {
    const uint32_t facts = out_->facts;
    FactData& d = out_->fact;
    const Compiled& c = *out_;
    d.unlisted = class_set("unlisted_drug_classes");
    if (facts & kFactNoc) {
      d.noc_sets = c.bit("noc_drug") | c.bit("prescription_drug_noc");
      for (const auto& dc : pack_.description_classes)
        d.description_classes.push_back({c.class_index.at(dc.drug_class), Keywords(dc.keywords)});
      d.oral = Keywords(pack_.list("oral_keywords"));
      d.subcutaneous = Keywords(pack_.list("subcutaneous_keywords"));
      d.intramuscular = Keywords(pack_.list("intramuscular_keywords"));
      d.intravenous = Keywords(pack_.list("intravenous_keywords"));
    }
    if (facts & kFactFlush) {
      d.flush_noc = c.bit("flush_noc");
      d.heparin_lock_flush = c.bit("heparin_lock_flush");
      d.flush_keywords = Keywords(pack_.list("flush_keywords"));
      d.heparin_flush_keywords = Keywords(pack_.list("heparin_flush_keywords"));
      d.diluent_classes = class_set("diluent_classes");
      d.heparin_flush_classes = class_set("heparin_flush_classes");
    }
    if (facts & kFactProduct) {
      d.products = c.bit("products");
      d.supplies = c.bit("supplies");
    }
    if (facts & kFactIvSolution) {
      d.iv_solutions = c.bit("iv_solutions");
      d.iv_solution_classes = class_set("iv_solution_classes");
    }
    if (facts & kFactTpn) {
      d.amino_acid = c.bit("amino_acid");
      d.parenteral_nutrition = c.bit("parenteral_nutrition");
      d.description_codes = c.bit("tpn_description_codes");
      d.compounded = c.bit("compounded_formula");
      const auto& no = pack_.list("negation_words");
      const auto& free = pack_.list("negating_suffixes");
      d.amino_acid_words = WordKeywords(pack_.list("amino_acid_keywords"), no, free);
      d.specialty_high_words = WordKeywords(pack_.list("specialty_high_amino_acid_keywords"), no, free);
      d.separate_words = WordKeywords(pack_.list("tpn_separate_keywords"), no, free);
      d.included_words = WordKeywords(pack_.list("tpn_included_keywords"), no, free);
      d.multivitamin_words = WordKeywords(pack_.list("tpn_standard_multivitamin_keywords"), no, free);
      for (const char* l : {"tpn_separate_keywords", "tpn_included_keywords", "tpn_standard_multivitamin_keywords"})
        for (const std::string& w : pack_.list(l)) d.component_word_list.push_back(w);
      d.component_words = WordKeywords(d.component_word_list, no, free);
      d.specialty_percent = pack_.param("specialty_amino_acid_percent")->number;
    }
    if (facts & kFactClotting) d.clotting_factor = c.bit("clotting_factor");
  }

  void bind_rules() {
    Compiled& c = *out_;
    c.rules.resize(pack_.rules.size());
    for (size_t k = 0; k < pack_.rules.size(); ++k) {
      const RuleDef& def = pack_.rules[k];
      const RuleSpec& spec = *specs_[k];
      Rule& r = c.rules[k];
      r.spec = &spec;
      r.def = &def;
      for (std::string_view s : spec.needs.sets) {
        r.set_bits.push_back(c.bit(s));
        r.code_sets.push_back(&pack_.set(s));
      }
      for (std::string_view l : spec.needs.lists) r.lists.push_back(&pack_.list(l));
      for (std::string_view l : spec.needs.class_lists) r.class_sets.push_back(class_set(l));
      for (const ParamSpec& p : spec.needs.params) r.params.push_back(pack_.param(p.name));
      for (std::string_view s : spec.starts_from) r.starts_from |= c.bit(s);
      for (std::string_view id : spec.replaces)
        if (const RuleDef* other = pack_.rule(id)) r.replaces.push_back(other);
      r.messages = compile_messages(def);
      c.stages[spec.stage].push_back(&r);
      if (!r.replaces.empty()) c.replacing[spec.stage].push_back(&r);
      if (spec.notes) c.with_notes.push_back(&r);
    }
  }

  // Pack data that nothing the pack applies reads.
  void warn_unread() {
    auto unread = [&](const std::string& what) { return " is read by no rule this pack applies" + what; };
    for (const auto& [name, set] : pack_.sets)
      if (!sets_.count(name)) warning(pack_.line_of("sets." + name), "[sets] " + name + unread(""));
    for (const auto& [name, list] : pack_.lists)
      if (!lists_.count(name) && !class_lists_.count(name))
        warning(pack_.line_of("lists." + name), "[lists] " + name + unread(""));
    for (const auto& [name, p] : pack_.params)
      if (!params_.count(name)) warning(p.line, "[params] " + name + unread(""));
    if (!pack_.families.empty() && !tables_.count(kTableFamilies))
      warning(pack_.families.front().line, "[[family]]" + unread(""));
    if (!pack_.exclusive_pairs.empty() && !tables_.count(kTableExclusive))
      warning(pack_.exclusive_pairs.front().line, "[[exclusive]]" + unread(""));
    if (!pack_.description_classes.empty() && !tables_.count(kTableDescriptionClasses))
      warning(pack_.line_of("description_classes"), "[description_classes]" + unread(""));
  }

  Pack& pack_;
  std::vector<PackError>& errors_;
  std::vector<PackError>& warnings_;
  std::shared_ptr<Compiled> out_;
  std::vector<const RuleSpec*> specs_;  // parallel to pack_.rules
  // What is read, and by whom first.
  std::map<std::string, Reader> sets_, lists_, class_lists_, nonempty_;
  std::map<std::string, std::pair<Param::Type, Reader>> params_;
  std::map<uint32_t, Reader> tables_;
  uint32_t facts_wanted_ = 0;
  CodeSet exclusive_first_;  // the first codes of every [[exclusive]] pair
  std::map<uint32_t, std::string> fact_reader_;  // a Needs::facts mask -> the first rule with it
};

}  // namespace

std::shared_ptr<const Compiled> compile(Pack& pack, std::vector<PackError>& errors,
                                        std::vector<PackError>& warnings) {
  return Compiler(pack, errors, warnings).run();
}

}  // namespace perdiem::rules
