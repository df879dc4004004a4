// The rules' look-up tables for one pack, built once when the pack loads:
// a code's set memberships and per diem family in one binary search, the
// rule functions of each stage resolved, the keyword lists at hand.
// Immutable after build; shared read-only by every thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rules/context.h"

namespace perdiem::rules {

struct StageRule {
  const RuleDef* def;
  RuleFn fn;
};

struct Compiled {
  // Disjoint code intervals [lo, next lo): the Kind bits and the family
  // index (-1 none) every code in the interval has.
  struct Interval {
    CodeKey lo;
    uint32_t kinds;
    int32_t family;
  };
  std::vector<Interval> intervals;
  std::vector<StageRule> stages[5];  // [1]..[4]

  // Lists the line classification reads for every line.
  const std::vector<std::string>* flush_keywords = nullptr;
  const std::vector<std::string>* heparin_flush_keywords = nullptr;
  const std::vector<std::string>* amino_acid_keywords = nullptr;
  const std::vector<std::string>* specialty_high_keywords = nullptr;
  const std::vector<std::string>* tpn_separate_keywords = nullptr;
  const std::vector<std::string>* tpn_included_keywords = nullptr;
  const CodeSet* flush_noc = nullptr;

  // The kinds of a code, and its family (nullptr when none).
  uint32_t lookup(CodeKey k, const Pack& pack, const Family** family) const;
};

// REQUIRES: a pack that passed validation.
std::shared_ptr<const Compiled> compile(const Pack& pack);

}  // namespace perdiem::rules
