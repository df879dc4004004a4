// Google Benchmark micro-benchmarks of the engine's parts on generated
// claims held in memory: the X12 reader, the rule engine, the writers.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "perdiem/engine.h"
#include "perdiem/generator.h"
#include "perdiem/input.h"
#include "perdiem/writer.h"

namespace {

using namespace perdiem;

const std::string& generated() {
  static const std::string data = [] {
    std::string s;
    GenOptions o;
    o.claims = 5000;
    o.seed = 42;
    generate_837(o, [&](std::string_view chunk) { s.append(chunk); });
    return s;
  }();
  return data;
}

struct Keep : ClaimSink {
  std::vector<Claim> claims;
  void on_claim(Claim&& c) override { claims.push_back(std::move(c)); }
  void on_file_problem(const Problem&) override {}
};

struct Count : ClaimSink {
  uint64_t n = 0;
  void on_claim(Claim&&) override { ++n; }
  void on_file_problem(const Problem&) override {}
};

const Engine& engine() {
  static std::vector<PackError> errors;
  static Engine e(load_pack(default_pack_path(), errors));
  return e;
}

void BM_ReadX12(benchmark::State& state) {
  const std::string& data = generated();
  for (auto _ : state) {
    Count sink;
    read_x12(data, "bench", sink);
    benchmark::DoNotOptimize(sink.n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_ReadX12)->Unit(benchmark::kMillisecond);

void BM_EngineCheck(benchmark::State& state) {
  Keep sink;
  read_x12(generated(), "bench", sink);
  for (auto _ : state)
    for (const Claim& c : sink.claims) benchmark::DoNotOptimize(engine().check(c));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * sink.claims.size()));
}
BENCHMARK(BM_EngineCheck)->Unit(benchmark::kMillisecond);

// The same into one reused result, as the check session checks: what a check
// costs once its memory has warmed up.
void BM_EngineCheckInto(benchmark::State& state) {
  Keep sink;
  read_x12(generated(), "bench", sink);
  ClaimResult result;
  for (auto _ : state)
    for (const Claim& c : sink.claims) {
      engine().check(c, result);
      benchmark::DoNotOptimize(result.lines.data());
    }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * sink.claims.size()));
}
BENCHMARK(BM_EngineCheckInto)->Unit(benchmark::kMillisecond);

void BM_Write(benchmark::State& state) {
  Keep sink;
  read_x12(generated(), "bench", sink);
  std::vector<ClaimResult> results;
  for (const Claim& c : sink.claims) results.push_back(engine().check(c));
  auto writer = ResultWriter::make(static_cast<OutputFormat>(state.range(0)), engine().headline_pack());
  std::string out;
  for (auto _ : state) {
    out.clear();
    for (size_t i = 0; i < results.size(); ++i) writer->write_claim(out, sink.claims[i], results[i], i == 0);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * results.size()));
  state.SetLabel(state.range(0) == 0 ? "json" : state.range(0) == 1 ? "ndjson" : state.range(0) == 2 ? "table" : "csv");
}
BENCHMARK(BM_Write)->Arg(0)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
