// The one registry of rules: every src/rules/stageN/RULE-ID.cc, listed by
// the build (CMakeLists.txt generates registry.cc from registry.cc.in), so
// that a rule's file is all that adds it to the engine. A pack applies the
// rules it lists, by id (compiled.h).
#pragma once

#include <span>
#include <string_view>

#include "rules/rule.h"

namespace perdiem::rules {

struct RegistryEntry {
  std::string_view file;    // the file's name without .cc: the rule id it must hold
  std::string_view folder;  // "stage3": the stage it must have
  const RuleSpec* spec;
};

// Every rule the engine has, by file name.
std::span<const RegistryEntry> registry();
// The rule the engine has under `id`, or nullptr.
const RuleSpec* find_rule(std::string_view id);

}  // namespace perdiem::rules
