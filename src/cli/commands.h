// The CLI's subcommands that live in files of their own (fix_command.cc, ...):
// each adds itself to the app and says how to run when it is the one chosen.
// main.cc parses, then runs the chosen one.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

#include "perdiem/pack.h"

namespace perdiem::cli {

struct Command {
  CLI::App* app = nullptr;   // the subcommand, to ask whether it was chosen
  std::function<int()> run;  // its exit status
};

// Loads the pack (empty: the built-in one); says on stderr what is wrong
// with it, or what in it no rule reads. nullptr when it cannot be used.
std::shared_ptr<const PackSet> load_or_report(const std::string& path);

// `perdiem fix` (SPEC §6): the corrected claims.
Command add_fix_command(CLI::App& app);

}  // namespace perdiem::cli
