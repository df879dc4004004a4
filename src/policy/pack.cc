// The pack data model's look-ups (perdiem/pack.h) and message templates.
// Reading a pack's files is policy/load.cc; compiling it against the
// rules, src/rules/compiled.cc; load_pack() joins them (src/engine/load_pack.cc).
#include "perdiem/pack.h"

namespace perdiem {

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
const Param* Pack::param(std::string_view name) const {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}
uint32_t Pack::line_of(std::string_view key) const {
  auto it = lines.find(key);
  return it == lines.end() ? 0 : it->second;
}
const Family* Pack::family_of(std::string_view code) const {
  const CodeKey k = code_key(code);
  for (const auto& f : families)
    if (f.per_diem.contains_key(k)) return &f;
  return nullptr;
}

const Pack* PackSet::in_force(Date date) const {
  const Pack* best = nullptr;
  for (const Pack* p : packs_)
    if (p->effective <= date && (!p->expires || date <= *p->expires)) best = p;
  return best;
}

const rules::Compiled& PackSet::compiled(const Pack& pack) const {
  for (const Version& v : versions_)
    if (v.pack.get() == &pack) return *v.compiled;
  return *versions_.front().compiled;  // REQUIRES: one of packs(); not reached
}

}  // namespace perdiem
