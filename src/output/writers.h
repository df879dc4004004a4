// Private to the writers: the four ResultWriters, made by
// ResultWriter::make() (writer.cc), each in its own file.
#pragma once

#include <memory>
#include <string>

#include "perdiem/pack.h"
#include "perdiem/writer.h"

namespace perdiem::output {

// What the headers name of the policy, copied so that a writer does not
// depend on the Pack outliving it.
struct PolicyId {
  explicit PolicyId(const Pack& p) : id(p.id), version(p.version), name(p.name), effective(p.effective) {}
  std::string id, version, name;
  Date effective;
};

std::unique_ptr<ResultWriter> make_json_writer(const Pack& policy);    // json_writer.cc
std::unique_ptr<ResultWriter> make_ndjson_writer();                    // json_writer.cc
std::unique_ptr<ResultWriter> make_csv_writer();                       // csv_writer.cc
std::unique_ptr<ResultWriter> make_table_writer(const Pack& policy);   // table_writer.cc

}  // namespace perdiem::output
