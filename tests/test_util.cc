#include "test_util.h"

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

}  // namespace perdiem::testing
