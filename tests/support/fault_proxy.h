#pragma once
/// A fault-injecting HTTP proxy for tests, in front of the real S3 server (MinIO). Clients use the proxy's
/// endpoint as their S3 endpoint; the proxy forwards every request byte for byte to the upstream host:port,
/// so SigV4 signatures stay valid (the client signs the Host header it sends, the proxy's, and MinIO checks
/// the signature against the Host header it receives). Rules, matched per request number, method or path,
/// make the proxy answer 500/503 with an S3 XML error instead, delay the response, reset the connection in
/// the middle of the response body, or answer 404 NoSuchKey as if the object were gone.
///
/// Bounded by construction: loopback only (it listens on 127.0.0.1 and refuses a non-loopback upstream),
/// every read and write waits at most `io_timeout`, bodies are capped at 64 MiB, at most 64 connections are
/// served at once, and the destructor closes every socket and joins every thread.
///
///   FaultProxy proxy(server->Options().endpoint);
///   proxy.AddRule({.method = "GET", .path_contains = ".parquet", .times = 2, .fault =
///   FaultProxy::Status(503)}); S3Options o = server->Options(); o.endpoint = proxy.endpoint();

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace costagg::testing {

class FaultProxy {
 public:
  /// What to do to a matching request.
  struct Fault {
    enum class Kind {
      kNone,     ///< forward unchanged
      kStatus,   ///< answer `status` with an S3 XML error body; the upstream never sees the request
      kDelay,    ///< forward, then hold the response `delay` before sending it
      kReset,    ///< forward, send the head and `reset_after_bytes` of the body, then reset the connection
      kMissing,  ///< answer 404 NoSuchKey (no body for HEAD), as if the object had been deleted
    };
    Kind kind = Kind::kNone;
    int status = 0;
    std::chrono::milliseconds delay{0};
    size_t reset_after_bytes = 0;
  };
  static Fault Status(int status) { return {Fault::Kind::kStatus, status}; }
  static Fault Delay(std::chrono::milliseconds delay) { return {Fault::Kind::kDelay, 0, delay}; }
  static Fault ResetMidResponse(size_t after_bytes = 16) { return {Fault::Kind::kReset, 0, {}, after_bytes}; }
  static Fault Missing() { return {Fault::Kind::kMissing, 404}; }

  /// Which requests a fault applies to: all conditions must hold. Rules are tried in the order added; the
  /// first one that matches and has applications left is used.
  struct Rule {
    std::string method;          ///< "GET", "HEAD", "PUT", ...; empty = any
    std::string path_contains;   ///< substring of the path (before '?', percent-encoded); empty = any
    std::string query_contains;  ///< substring of the query (after '?'), e.g. "list-type=2"; empty = any
    int request_number = 0;      ///< only the proxy's Nth request (1-based, all connections); 0 = any
    int times = -1;              ///< how many requests it applies to; -1 = every matching one
    Fault fault;
  };

  /// One request the proxy served, in arrival order.
  struct Request {
    int number = 0;  ///< 1-based
    std::string method;
    std::string target;  ///< path and query as sent
    int status = 0;      ///< the status the client got; 0 while pending or when the connection was reset
    Fault::Kind fault = Fault::Kind::kNone;
  };

  /// Starts listening on a free loopback port. `upstream` is http://127.0.0.1:PORT (or localhost).
  /// Throws std::invalid_argument for anything else and std::runtime_error when it cannot listen.
  explicit FaultProxy(const std::string& upstream,
                      std::chrono::milliseconds io_timeout = std::chrono::seconds(30));
  /// Stops: closes every connection and joins every thread.
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  /// http://127.0.0.1:PORT, for S3Options::endpoint or S3_ENDPOINT.
  std::string endpoint() const;

  void AddRule(Rule rule);
  void ClearRules();
  /// Called on the proxy's thread for each request before it is forwarded or faulted (e.g. to delete the
  /// object for real between a listing and a read). Must not call back into the proxy.
  void OnRequest(std::function<void(const Request&)> hook);

  /// Every request so far, listed when it arrives (status 0 until it is answered).
  std::vector<Request> Requests() const;
  /// How many requests so far match `method` (empty = any) and contain `path_contains` in their path.
  int Count(const std::string& method, const std::string& path_contains) const;
  /// How many requests got a fault.
  int FaultsInjected() const;

  /// Closes every connection and joins the threads; later connections are refused. Idempotent.
  void Stop();

 private:
  struct Connection;
  void AcceptLoop();
  void Serve(int client_fd);
  Fault Decide(Request* request);
  void Finish(const Request& request);
  bool Track(int fd);
  void Untrack(int fd);

  std::string upstream_host_;
  int upstream_port_ = 0;
  std::chrono::milliseconds io_timeout_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;

  mutable std::mutex mu_;
  std::vector<Rule> rules_;
  std::vector<Request> requests_;
  std::function<void(const Request&)> hook_;
  int next_number_ = 1;
  std::set<int> open_fds_;
  std::vector<std::thread> workers_;
  int active_ = 0;
};

}  // namespace costagg::testing
