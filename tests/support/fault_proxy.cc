#include "support/fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace costagg::testing {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxHead = 64 << 10;
constexpr size_t kMaxBody = 64 << 20;
constexpr int kMaxConnections = 64;
constexpr int kPollSliceMs = 20;

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// A socket with a read buffer. Every wait is bounded by the timeout and ends early when the proxy stops.
class Stream {
 public:
  Stream(int fd, std::chrono::milliseconds timeout, const std::atomic<bool>& stopping)
      : fd_(fd), timeout_(timeout), stopping_(stopping) {}

  /// Reads through the blank line that ends an HTTP head. False on EOF, error, timeout or stop.
  bool ReadHead(std::string* head) {
    while (true) {
      size_t end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        *head = buffer_.substr(0, end + 4);
        buffer_.erase(0, end + 4);
        return true;
      }
      if (buffer_.size() > kMaxHead || !Fill()) return false;
    }
  }

  /// Appends one line, CRLF included.
  bool ReadLine(std::string* out) {
    while (true) {
      size_t end = buffer_.find("\r\n");
      if (end != std::string::npos) {
        out->append(buffer_, 0, end + 2);
        buffer_.erase(0, end + 2);
        return true;
      }
      if (buffer_.size() > kMaxHead || !Fill()) return false;
    }
  }

  /// Appends exactly `n` bytes.
  bool ReadExact(size_t n, std::string* out) {
    while (buffer_.size() < n) {
      if (!Fill()) return false;
    }
    out->append(buffer_, 0, n);
    buffer_.erase(0, n);
    return true;
  }

  /// Appends everything until the peer closes.
  bool ReadToEof(std::string* out) {
    while (Fill()) {
      if (buffer_.size() > kMaxBody) return false;
    }
    if (!eof_) return false;
    out->append(buffer_);
    buffer_.clear();
    return true;
  }

  bool SendAll(std::string_view data) {
    auto deadline = Clock::now() + timeout_;
    while (!data.empty()) {
      if (stopping_) return false;
      pollfd p{fd_, POLLOUT, 0};
      int ready = ::poll(&p, 1, kPollSliceMs);
      if (ready < 0 && errno != EINTR) return false;
      if (ready <= 0) {
        if (Clock::now() > deadline) return false;
        continue;
      }
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

 private:
  bool Fill() {
    auto deadline = Clock::now() + timeout_;
    while (true) {
      if (stopping_) return false;
      pollfd p{fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, kPollSliceMs);
      if (ready < 0 && errno != EINTR) return false;
      if (ready <= 0) {
        if (Clock::now() > deadline) return false;
        continue;
      }
      char chunk[64 << 10];
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n == 0) eof_ = true;
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
  }

  int fd_;
  std::chrono::milliseconds timeout_;
  const std::atomic<bool>& stopping_;
  std::string buffer_;
  bool eof_ = false;
};

/// A parsed request or response head.
struct Head {
  std::string first;                                         ///< request line or status line
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower case

  std::string Get(const std::string& name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return value;
    }
    return "";
  }
};

bool ParseHead(const std::string& raw, Head* head) {
  size_t pos = raw.find("\r\n");
  if (pos == std::string::npos || pos == 0) return false;
  head->first = raw.substr(0, pos);
  pos += 2;
  while (pos < raw.size()) {
    size_t end = raw.find("\r\n", pos);
    if (end == std::string::npos || end == pos) break;
    std::string line = raw.substr(pos, end - pos);
    size_t colon = line.find(':');
    if (colon == std::string::npos) return false;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    head->headers.emplace_back(Lower(line.substr(0, colon)), value);
    pos = end + 2;
  }
  return true;
}

/// Reads a body as it was sent (chunked framing kept), framed as `head` says. `until_eof` for responses that
/// have neither a length nor chunked encoding.
bool ReadBody(Stream& stream, const Head& head, bool no_body, bool* until_eof, std::string* raw) {
  *until_eof = false;
  if (no_body) return true;
  if (Lower(head.Get("transfer-encoding")).find("chunked") != std::string::npos) {
    for (int chunks = 0; chunks < (1 << 20); ++chunks) {
      std::string line;
      if (!stream.ReadLine(&line)) return false;
      raw->append(line);
      size_t size = std::strtoul(line.c_str(), nullptr, 16);
      if (size == 0) {
        while (true) {  // trailers, up to the blank line
          std::string trailer;
          if (!stream.ReadLine(&trailer)) return false;
          raw->append(trailer);
          if (trailer == "\r\n") return true;
        }
      }
      if (raw->size() + size > kMaxBody || !stream.ReadExact(size + 2, raw)) return false;
    }
    return false;
  }
  std::string length = head.Get("content-length");
  if (!length.empty()) {
    size_t n = std::strtoul(length.c_str(), nullptr, 10);
    return n <= kMaxBody && stream.ReadExact(n, raw);
  }
  *until_eof = true;
  return stream.ReadToEof(raw);
}

const char* Reason(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Injected Fault";
  }
}

/// An S3-style error response, as AWS and MinIO send them.
std::string ErrorResponse(int status, const std::string& method, const std::string& path, int number) {
  std::string code = status == 404   ? "NoSuchKey"
                     : status == 500 ? "InternalError"
                     : status == 503 ? "SlowDown"
                     : status == 502 ? "BadGateway"
                                     : "InjectedFault";
  std::string message = status == 404   ? "The specified key does not exist."
                        : status == 500 ? "We encountered an internal error. Please try again."
                        : status == 503 ? "Please reduce your request rate."
                                        : "Injected by the fault proxy.";
  std::string request_id = "costagg-fault-proxy-" + std::to_string(number);
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" +
                     message + "</Message><Resource>" + path + "</Resource><RequestId>" + request_id +
                     "</RequestId></Error>";
  bool head = method == "HEAD";
  return "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) +
         "\r\nServer: costagg-fault-proxy\r\nContent-Type: application/xml\r\nx-amz-request-id: " +
         request_id + "\r\nContent-Length: " + std::to_string(head ? 0 : body.size()) + "\r\n\r\n" +
         (head ? "" : body);
}

/// Closes with RST instead of FIN: what a crashed server or a dropped NAT entry looks like to the client.
void SetAbortiveClose(int fd) {
  linger l{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

bool SleepUnlessStopping(std::chrono::milliseconds delay, const std::atomic<bool>& stopping) {
  auto until = Clock::now() + delay;
  while (Clock::now() < until) {
    if (stopping) return false;
    std::this_thread::sleep_for(
        std::min<Clock::duration>(until - Clock::now(), std::chrono::milliseconds(10)));
  }
  return true;
}

}  // namespace

FaultProxy::FaultProxy(const std::string& upstream, std::chrono::milliseconds io_timeout)
    : io_timeout_(io_timeout) {
  std::string rest = upstream;
  if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  size_t colon = rest.rfind(':');
  if (colon == std::string::npos)
    throw std::invalid_argument("fault proxy: upstream needs a port: " + upstream);
  upstream_host_ = rest.substr(0, colon);
  upstream_port_ = std::atoi(rest.substr(colon + 1).c_str());
  if (upstream_host_ == "localhost") upstream_host_ = "127.0.0.1";
  if (upstream_host_ != "127.0.0.1" || upstream_port_ <= 0 || upstream_port_ > 65535) {
    throw std::invalid_argument("fault proxy: only a loopback http://127.0.0.1:PORT upstream: " + upstream);
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, kMaxConnections) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (listen_fd_ >= 0) ::close(listen_fd_);
    throw std::runtime_error("fault proxy: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

FaultProxy::~FaultProxy() { Stop(); }

std::string FaultProxy::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FaultProxy::AddRule(Rule rule) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.push_back(std::move(rule));
}

void FaultProxy::ClearRules() {
  std::lock_guard<std::mutex> lock(mu_);
  rules_.clear();
}

void FaultProxy::OnRequest(std::function<void(const Request&)> hook) {
  std::lock_guard<std::mutex> lock(mu_);
  hook_ = std::move(hook);
}

std::vector<FaultProxy::Request> FaultProxy::Requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

int FaultProxy::Count(const std::string& method, const std::string& path_contains) const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(), [&](const Request& r) {
    return (method.empty() || r.method == method) &&
           r.target.substr(0, r.target.find('?')).find(path_contains) != std::string::npos;
  }));
}

int FaultProxy::FaultsInjected() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(),
                                        [](const Request& r) { return r.fault != Fault::Kind::kNone; }));
}

void FaultProxy::Stop() {
  if (stopping_.exchange(true)) return;
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    workers.swap(workers_);
  }
  for (auto& worker : workers) worker.join();
  ::close(listen_fd_);
}

bool FaultProxy::Track(int fd) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return false;
  open_fds_.insert(fd);
  return true;
}

void FaultProxy::Untrack(int fd) {
  // Closed under the lock, so Stop never shuts down a descriptor number that was already reused.
  std::lock_guard<std::mutex> lock(mu_);
  open_fds_.erase(fd);
  ::close(fd);
}

void FaultProxy::AcceptLoop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, kPollSliceMs) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mu_);
    if (active_ >= kMaxConnections || stopping_) {
      ::close(fd);
      continue;
    }
    ++active_;
    open_fds_.insert(fd);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

FaultProxy::Fault FaultProxy::Decide(Request* request) {
  std::function<void(const Request&)> hook;
  {
    std::lock_guard<std::mutex> lock(mu_);
    request->number = next_number_++;
    requests_.push_back(*request);  // listed on arrival; Finish fills in the status
    hook = hook_;
  }
  if (hook) hook(*request);
  std::lock_guard<std::mutex> lock(mu_);
  size_t question = request->target.find('?');
  std::string path = request->target.substr(0, question);
  std::string query = question == std::string::npos ? "" : request->target.substr(question + 1);
  for (auto& rule : rules_) {
    if (rule.times == 0) continue;
    if (!rule.method.empty() && rule.method != request->method) continue;
    if (!rule.path_contains.empty() && path.find(rule.path_contains) == std::string::npos) continue;
    if (!rule.query_contains.empty() && query.find(rule.query_contains) == std::string::npos) continue;
    if (rule.request_number != 0 && rule.request_number != request->number) continue;
    if (rule.times > 0) --rule.times;
    request->fault = rule.fault.kind;
    requests_[request->number - 1].fault = rule.fault.kind;
    return rule.fault;
  }
  return {};
}

void FaultProxy::Finish(const Request& request) {
  std::lock_guard<std::mutex> lock(mu_);
  requests_[request.number - 1].status = request.status;
}

void FaultProxy::Serve(int client_fd) {
  Stream client(client_fd, io_timeout_, stopping_);
  bool reset = false;
  while (!stopping_) {
    std::string raw_head;
    Head head;
    if (!client.ReadHead(&raw_head)) break;
    if (!ParseHead(raw_head, &head)) {
      client.SendAll(ErrorResponse(400, "GET", "", 0));
      break;
    }
    Request request;
    size_t space = head.first.find(' ');
    request.method = head.first.substr(0, space);
    request.target = head.first.substr(space + 1, head.first.rfind(' ') - space - 1);
    // The proxy answers 100 Continue itself and reads the whole body before forwarding; the upstream's own
    // interim response is skipped below.
    if (Lower(head.Get("expect")) == "100-continue" && !client.SendAll("HTTP/1.1 100 Continue\r\n\r\n"))
      break;
    // A request has a body only when it says so (length or chunked); it is never read until EOF.
    bool has_body = !head.Get("content-length").empty() ||
                    Lower(head.Get("transfer-encoding")).find("chunked") != std::string::npos;
    std::string body;
    bool until_eof = false;
    if (!ReadBody(client, head, !has_body, &until_eof, &body)) break;
    Fault fault = Decide(&request);
    if (fault.kind == Fault::Kind::kStatus || fault.kind == Fault::Kind::kMissing) {
      request.status = fault.status;
      Finish(request);
      if (!client.SendAll(ErrorResponse(fault.status, request.method, request.target, request.number)) ||
          Lower(head.Get("connection")) == "close") {
        break;
      }
      continue;
    }

    int upstream_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(upstream_port_));
    ::inet_pton(AF_INET, upstream_host_.c_str(), &addr.sin_addr);
    if (upstream_fd < 0 || !Track(upstream_fd) ||
        ::connect(upstream_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      if (upstream_fd >= 0) Untrack(upstream_fd);
      request.status = 502;
      Finish(request);
      client.SendAll(ErrorResponse(502, request.method, request.target, request.number));
      break;
    }
    Stream upstream(upstream_fd, io_timeout_, stopping_);
    std::string response_head_raw;
    Head response;
    std::string response_body;
    bool ok = upstream.SendAll(raw_head) && upstream.SendAll(body);
    int status = 0;
    for (int interim = 0; ok && interim < 5; ++interim) {  // skip 1xx interim responses
      response = Head();
      ok = upstream.ReadHead(&response_head_raw) && ParseHead(response_head_raw, &response);
      status = ok ? std::atoi(response.first.substr(response.first.find(' ') + 1).c_str()) : 0;
      if (status >= 200) break;
    }
    bool response_until_eof = false;
    bool no_body = request.method == "HEAD" || status == 204 || status == 304;
    ok = ok && status >= 200 && ReadBody(upstream, response, no_body, &response_until_eof, &response_body);
    Untrack(upstream_fd);
    if (!ok) {
      request.status = 502;
      Finish(request);
      client.SendAll(ErrorResponse(502, request.method, request.target, request.number));
      break;
    }
    if (fault.kind == Fault::Kind::kDelay && !SleepUnlessStopping(fault.delay, stopping_)) break;
    if (fault.kind == Fault::Kind::kReset) {
      // Part of the body (never all of it when there is one), then RST.
      size_t part = response_body.empty() ? 0 : std::min(fault.reset_after_bytes, response_body.size() - 1);
      Finish(request);
      client.SendAll(response_head_raw);
      client.SendAll(std::string_view(response_body).substr(0, part));
      SleepUnlessStopping(std::chrono::milliseconds(50), stopping_);  // let the bytes reach the client
      reset = true;
      break;
    }
    request.status = status;
    Finish(request);
    if (!client.SendAll(response_head_raw) || !client.SendAll(response_body)) break;
    if (response_until_eof || Lower(response.Get("connection")) == "close" ||
        Lower(head.Get("connection")) == "close") {
      break;
    }
  }
  if (reset) SetAbortiveClose(client_fd);
  Untrack(client_fd);
  std::lock_guard<std::mutex> lock(mu_);
  --active_;
}

}  // namespace costagg::testing
