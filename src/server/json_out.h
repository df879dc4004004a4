// Private to perdiem_server: a small compact JSON builder for the server's
// own documents (problems, /v1/pack, /v1/rules/{id}). Claim results are
// never written here: they come from the engine's ResultWriter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "perdiem/writer.h"

namespace perdiem::server {

class JsonOut {
 public:
  JsonOut& begin_object() { return open('{'); }
  JsonOut& end_object() { return close('}'); }
  JsonOut& begin_array() { return open('['); }
  JsonOut& end_array() { return close(']'); }
  JsonOut& key(std::string_view k) {
    comma();
    append_json_string(out_, k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonOut& string(std::string_view s) {
    comma();
    append_json_string(out_, s);
    return *this;
  }
  JsonOut& number(int64_t n) {
    comma();
    out_ += std::to_string(n);
    return *this;
  }
  JsonOut& boolean(bool b) {
    comma();
    out_ += b ? "true" : "false";
    return *this;
  }
  JsonOut& null() {
    comma();
    out_ += "null";
    return *this;
  }
  JsonOut& kv(std::string_view k, std::string_view v) { return key(k).string(v); }
  JsonOut& kv(std::string_view k, const char* v) { return key(k).string(v); }
  JsonOut& kv(std::string_view k, int64_t v) { return key(k).number(v); }
  JsonOut& kv(std::string_view k, bool v) { return key(k).boolean(v); }
  JsonOut& strings(std::string_view k, const std::vector<std::string>& v) {
    key(k).begin_array();
    for (const auto& s : v) string(s);
    return end_array();
  }

  std::string take() {
    out_ += '\n';
    return std::move(out_);
  }

 private:
  JsonOut& open(char c) {
    comma();
    out_ += c;
    first_ = true;
    return *this;
  }
  JsonOut& close(char c) {
    out_ += c;
    first_ = false;
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (!first_) out_ += ',';
    first_ = false;
  }

  std::string out_;
  bool first_ = true;
  bool after_key_ = false;
};

}  // namespace perdiem::server
