// Building a pack's Compiled tables, and reading them.
#include "rules/compiled.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <iterator>
#include <map>

namespace perdiem::rules {

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

const Message& Compiled::message(const Pack& pack, const RuleDef& rule, std::string_view key) const {
  assert(&rule >= pack.rules.data() && &rule < pack.rules.data() + pack.rules.size());
  const std::vector<Message>& all = messages[static_cast<size_t>(&rule - pack.rules.data())];
  for (size_t i = 0; i + 1 < all.size(); ++i)
    if (all[i].key == key) return all[i];
  return all.back();
}

Keywords::Keywords(const std::vector<std::string>& words) {
  for (const std::string& w : words)
    if (!w.empty()) words_.push_back(w);
  std::stable_sort(words_.begin(), words_.end(), [](std::string_view a, std::string_view b) {
    return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
  });
  for (size_t c = 0, w = 0; c <= 256; ++c) {
    while (w < words_.size() && static_cast<unsigned char>(words_[w][0]) < c) ++w;
    first_[c] = static_cast<uint32_t>(w);
  }
}

bool Keywords::found_in(std::string_view text) const {
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const auto c = static_cast<unsigned char>(text[pos]);
    for (uint32_t w = first_[c]; w < first_[c + 1]; ++w) {
      // The first characters are equal; most candidates differ right after.
      const std::string_view word = words_[w];
      if (word.size() > text.size() - pos) continue;
      size_t k = 1;
      while (k < word.size() && text[pos + k] == word[k]) ++k;
      if (k == word.size()) return true;
    }
  }
  return false;
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
                                            : Part::kArg;
        out.push_back({part, name});
        return true;
      });
  return out;
}

// A rule's messages, as Compiled::message() finds them.
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

using ClassIndex = std::map<std::string_view, uint16_t>;

// Numbers the drug classes: the unknown one first, then those the rules
// name, then every other the pack uses; and says which correspond to each
// family.
ClassIndex number_classes(const Pack& pack, Compiled& c) {
  ClassIndex index;
  auto intern = [&](std::string_view name) {
    auto [it, added] = index.emplace(name, static_cast<uint16_t>(c.classes.size()));
    if (added) c.classes.push_back({name, is_drug_class(name)});
    return it->second;
  };
  intern("");
  c.class_ids = {intern("noc"),           intern("iv-solution"),  intern("diluent"),
                 intern("heparin-flush"), intern("anticoagulant"), intern("chemotherapy"),
                 intern("osteoarthritis")};
  for (const auto& [code, d] : pack.drugs) intern(d.drug_class);
  for (const auto& [ndc, d] : pack.ndcs) intern(d.drug_class);
  for (const std::string& cls : pack.list("description_class_order"))
    c.description_classes.push_back({intern(cls), Keywords(pack.list("class:" + cls))});
  for (const Family& f : pack.families)
    for (const std::string& cls : f.classes) intern(cls);
  for (const Family& f : pack.families) {
    std::vector<bool> match(c.classes.size(), false);
    for (const std::string& cls : f.classes) {
      match[index[cls]] = true;
      if (cls == "*")
        for (size_t i = 0; i < c.classes.size(); ++i) match[i] = match[i] || c.classes[i].drug;
    }
    c.family_classes.push_back(std::move(match));
  }
  return index;
}

// Cuts the code space into the intervals of Compiled::starts: where some
// set, family, exclusive pair or drug row starts or stops holding codes.
void cut_codes(const Pack& pack, const ClassIndex& classes, Compiled& c) {
  struct Bit {
    const char* set;
    uint32_t kind;
  };
  static constexpr Bit kBits[] = {
      {"per_diem", kPerDiem},
      {"incidental_per_diem", kIncidental},
      {"catheter_care_per_diem", kCatheterCare},
      {"tpn_per_diem", kTpnPerDiem},
      {"hydration_per_diem", kHydrationPerDiem},
      {"dialysis_per_diem", kDialysisPerDiem},
      {"hourly_pharmacy", kHourlyPharmacy},
      {"nursing_primary", kNursingPrimary},
      {"nursing_add_on", kNursingAddOn},
      {"professional_visit", kProfessionalVisit},
      {"visit_other_iv", kVisitOtherIv},
      {"visit_subcutaneous", kVisitSubcutaneous},
      {"visit_chemotherapy", kVisitChemotherapy},
      {"supplies", kSupply},
      {"iv_solutions", kIvSolution},
      {"noc_drug", kNocDrug},
      {"prescription_drug_noc", kRxNoc},
      {"products", kProduct},
      {"enteral_formula", kEnteralFormula},
      {"parenteral_nutrition", kParenteralNutrition},
      {"clotting_factor", kClottingFactor},
      {"heparin_lock_flush", kHeparinFlush},
      {"amino_acid", kAminoAcid},
      {"anticoagulant_injection_per_diem", kAnticoagInjection},
      {"flush_noc", kFlushNoc},
  };

  // drugs.csv rows by code key. The pack looks a code up by its exact text,
  // and claim codes are upper case: a row written in lower case never
  // matches, so it gets no key (which would fold its case).
  std::vector<std::pair<CodeKey, const DrugInfo*>> drugs;
  for (const auto& [code, d] : pack.drugs) {
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
  const CodeSet* sets[std::size(kBits)];
  for (size_t i = 0; i < std::size(kBits); ++i) {
    sets[i] = &pack.set(kBits[i].set);
    add_bounds(*sets[i]);
  }
  for (const Family& f : pack.families) add_bounds(f.per_diem);
  for (const auto& pair : pack.exclusive_pairs) add_bounds(pair.first);
  for (const auto& d : drugs) {
    bounds.push_back(d.first);
    bounds.push_back(d.first + 1);
  }
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());

  for (CodeKey b : bounds) {
    const DrugInfo* drug = drug_at(b);
    CodeInfo iv{0, -1, drug, drug ? classes.at(drug->drug_class) : uint16_t{0}};
    for (size_t i = 0; i < std::size(kBits); ++i)
      if (sets[i]->contains_key(b)) iv.kinds |= kBits[i].kind;
    for (const auto& pair : pack.exclusive_pairs)
      if (pair.first.contains_key(b)) iv.kinds |= kExclusive;
    for (size_t f = 0; f < pack.families.size(); ++f)
      if (pack.families[f].per_diem.contains_key(b)) {
        iv.family = static_cast<int32_t>(f);
        break;
      }
    const CodeInfo* last = c.intervals.empty() ? nullptr : &c.intervals.back();
    if (last && last->kinds == iv.kinds && last->family == iv.family && last->drug == iv.drug)
      continue;  // same as the interval before: extend it
    c.starts.push_back(b);
    c.intervals.push_back(iv);
  }
}

// Resolves by name, once, what the rules read from the pack.
void resolve_names(const Pack& pack, Compiled& c) {
  c.home_place_of_service = &pack.list("home_place_of_service");
  c.qualified_professional_taxonomy = &pack.list("qualified_professional_taxonomy");
  c.registered_nurse_taxonomy = &pack.list("registered_nurse_taxonomy");
  c.second_therapy_modifier = &pack.list("second_therapy_modifier");
  c.third_therapy_modifier = &pack.list("third_therapy_modifier");
  c.oral_nutrition_modifier = &pack.list("oral_nutrition_modifier");
  c.fluid_restriction_diagnosis = &pack.list("fluid_restriction_diagnosis");
  c.flush_keywords = Keywords(pack.list("flush_keywords"));
  c.heparin_flush_keywords = Keywords(pack.list("heparin_flush_keywords"));
  c.amino_acid_keywords = Keywords(pack.list("amino_acid_keywords"));
  c.specialty_high_keywords = Keywords(pack.list("specialty_high_amino_acid_keywords"));
  c.tpn_separate_keywords = Keywords(pack.list("tpn_separate_keywords"));
  c.tpn_included_keywords = Keywords(pack.list("tpn_included_keywords"));
  c.oral_keywords = Keywords(pack.list("oral_keywords"));
  c.subcutaneous_keywords = Keywords(pack.list("subcutaneous_keywords"));
  c.intramuscular_keywords = Keywords(pack.list("intramuscular_keywords"));
  c.intravenous_keywords = Keywords(pack.list("intravenous_keywords"));
  const auto& primary = pack.set("nursing_primary").items();
  c.first_nursing_primary = primary.empty() ? std::string_view("99601") : std::string_view(primary.front());
  c.flush_rule = pack.rule("anticoagulant-per-diem-for-flush");
}

}  // namespace

std::shared_ptr<const Compiled> compile(const Pack& pack) {
  static std::atomic<uint64_t> serials{0};
  auto c = std::make_shared<Compiled>();
  c->serial = ++serials;
  const ClassIndex classes = number_classes(pack, *c);
  cut_codes(pack, classes, *c);
  for (const auto& [ndc, d] : pack.ndcs)
    if (const uint64_t k = ndc_key(ndc)) c->ndcs.push_back({k, &d, classes.at(d.drug_class)});
  std::sort(c->ndcs.begin(), c->ndcs.end(), [](const auto& x, const auto& y) { return x.key < y.key; });
  for (const RuleDef& r : pack.rules) {
    c->messages.push_back(compile_messages(r));
    if (r.stage >= 1 && r.stage <= 4)
      if (const RuleEntry* e = find_rule(r.id)) c->stages[r.stage].push_back({&r, e->fn, e->kinds});
  }
  resolve_names(pack, *c);
  return c;
}

}  // namespace perdiem::rules
