// `perdiem serve`: the process around a Server. Signals are taken by one
// thread with sigtimedwait() (SIGTERM and SIGINT are blocked in every other
// thread), which stops the server: it stops accepting at once, the requests
// in flight are answered, and run() returns 0.
#include <pthread.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <thread>

#include "perdiem/server.h"

namespace perdiem::server {

int run(std::shared_ptr<const PackSet> packs, ServerOptions options, const std::string& api_key_file) {
  if (!api_key_file.empty()) {
    std::string error;
    if (!read_api_keys(api_key_file, options.api_keys, error)) {
      std::fprintf(stderr, "perdiem serve: %s\n", error.c_str());
      return 64;
    }
  }
  // Block the signals before any thread starts, so that every thread the
  // server makes inherits the mask and only the waiter below takes them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const Pack& pack = packs->latest();
  Server server(packs, options);
  std::string error;
  if (!server.bind(error)) {
    std::fprintf(stderr, "perdiem serve: %s\n", error.c_str());
    return 64;
  }
  std::fprintf(stderr,
               "perdiem serve: listening on http://%s:%d/ (policy %s %s; %zu threads, %zu requests at once, "
               "bodies up to %zu bytes, %lld ms per request%s)\n",
               options.host.find(':') != std::string::npos ? ("[" + options.host + "]").c_str()
                                                            : options.host.c_str(),
               server.port(), pack.id.c_str(), pack.version.c_str(), options.threads, options.max_concurrent,
               options.max_body, static_cast<long long>(options.timeout.count()),
               options.api_keys.empty() ? "" : "; API key required");
  std::fflush(stderr);

  std::atomic<bool> done{false};
  std::thread waiter([&] {
    while (!done) {
      timespec ts{0, 200 * 1000 * 1000};
      const int sig = sigtimedwait(&stop_signals, nullptr, &ts);
      if (sig == SIGTERM || sig == SIGINT) {
        std::fprintf(stderr, "perdiem serve: %s: no new connections; finishing the requests in flight\n",
                     sig == SIGTERM ? "SIGTERM" : "SIGINT");
        std::fflush(stderr);
        server.stop();
        return;
      }
    }
  });
  server.serve();
  done = true;
  waiter.join();
  std::fprintf(stderr, "perdiem serve: stopped\n");
  return 0;
}

}  // namespace perdiem::server
