#include "test_util.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace perdiem::testing {

std::string source_path(const std::string& rel) { return std::string(PERDIEM_SOURCE_DIR) + "/" + rel; }

std::optional<std::string> corpus_dir() {
  if (const char* env = std::getenv("PERDIEM_CORPUS_DIR"))
    if (std::filesystem::is_directory(env)) return std::string(env);
  if (std::filesystem::is_directory(PERDIEM_CORPUS_DIR)) return std::string(PERDIEM_CORPUS_DIR);
  return std::nullopt;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

CliRun run_perdiem(const std::string& args, const std::string& dir, bool with_stderr) {
  const std::string cmd = "cd '" + dir + "' && '" + PERDIEM_BINARY + "' " + args +
                          (with_stderr ? " 2>&1" : " 2>/dev/null");
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace perdiem::testing
