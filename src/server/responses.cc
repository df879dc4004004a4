// The server's own answers (responses.h): problem documents and JSON.
#include "responses.h"

#include "json_out.h"

namespace perdiem::server {

namespace {

const char* status_title(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 422: return "Unprocessable Content";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Server Error" : "Client Error";
  }
}

}  // namespace

void set_only(httplib::Response& res, const char* key, const std::string& value) {
  res.headers.erase(key);
  res.set_header(key, value);
}

void send_problem(httplib::Response& res, const ProblemDoc& p) {
  JsonOut j;
  j.begin_object();
  j.kv("type", p.type);
  j.kv("title", p.title.empty() ? status_title(p.status) : p.title);
  j.kv("status", static_cast<int64_t>(p.status));
  if (!p.detail.empty()) j.kv("detail", p.detail);
  if (!p.errors.empty()) {
    j.key("errors").begin_array();
    for (const auto& e : p.errors) {
      j.begin_object();
      j.kv("file", p.file);
      j.kv("message", e.message);
      j.kv("segment", static_cast<int64_t>(e.segment));
      j.kv("offset", static_cast<int64_t>(e.offset));
      if (!e.element.empty()) j.kv("element", e.element);
      j.kv("severity", e.severity == Severity::kWarning ? "warning" : "error");
      j.end_object();
    }
    j.end_array();
  }
  j.end_object();
  res.status = p.status;
  res.body = j.take();
  set_only(res, "Content-Type", "application/problem+json");
  set_only(res, "Cache-Control", "no-store");
}

void send_problem(httplib::Response& res, int status, std::string detail, std::string type) {
  ProblemDoc p;
  p.status = status;
  p.type = std::move(type);
  p.detail = std::move(detail);
  send_problem(res, p);
}

void send_json(httplib::Response& res, std::string body) {
  res.status = 200;
  res.body = std::move(body);
  set_only(res, "Content-Type", "application/json");
  set_only(res, "Cache-Control", "no-store");
}

}  // namespace perdiem::server
