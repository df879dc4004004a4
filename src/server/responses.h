// Private to perdiem_server: the answers the server writes itself: RFC 9457
// problem documents for every error, plain JSON documents, and the header
// helper they share. (Checked claims are written by the check session.)
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "perdiem/problem.h"

namespace perdiem::server {

// An RFC 9457 problem document. `type` is "about:blank" (the status says it
// all) or a "urn:perdiem:problem:..." name documented in docs/api.md.
struct ProblemDoc {
  int status = 500;
  std::string type = "about:blank";
  std::string title;
  std::string detail;
  std::string file;
  std::vector<Problem> errors;  // the input's problems, as `perdiem check` reports them
};

// Sets a header, replacing any value it had (Response::set_header adds one).
void set_only(httplib::Response& res, const char* key, const std::string& value);

// The problem document `p`, with its status and content type.
void send_problem(httplib::Response& res, const ProblemDoc& p);
// A problem document of `status` saying `detail`.
void send_problem(httplib::Response& res, int status, std::string detail, std::string type = "about:blank");
// A 200 with a JSON document, never cached.
void send_json(httplib::Response& res, std::string body);

}  // namespace perdiem::server
