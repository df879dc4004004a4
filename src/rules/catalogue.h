// The rules the engine implements, as the pack loader must know them: id,
// stage, the message keys the logic uses and the names a message may use.
// This file's external interface is rule_specs() and find_rule_spec().
#pragma once

#include <span>
#include <string_view>

namespace perdiem {

struct RuleSpec {
  std::string_view id;
  int stage;
  std::span<const std::string_view> message_keys;  // "default" first
  std::span<const std::string_view> args;          // beyond the common ones
};

// Names every message may use.
std::span<const std::string_view> common_message_args();
std::span<const RuleSpec> rule_specs();
const RuleSpec* find_rule_spec(std::string_view id);

// Every named code set and list the rules read; the loader requires them.
std::span<const std::string_view> required_sets();
std::span<const std::string_view> required_lists();

}  // namespace perdiem
