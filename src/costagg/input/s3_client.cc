#include "costagg/input/s3_client.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "costagg/error.h"

namespace costagg {
namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::string XmlUnescape(std::string s) {
  static const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    std::string f = from;
    for (size_t pos = 0; (pos = s.find(f, pos)) != std::string::npos; pos += std::string(to).size()) {
      s.replace(pos, f.size(), to);
    }
  }
  return s;
}

std::string Between(const std::string& text, const std::string& open, const std::string& close, size_t from,
                    size_t* end) {
  size_t a = text.find(open, from);
  if (a == std::string::npos) return {};
  a += open.size();
  size_t b = text.find(close, a);
  if (b == std::string::npos) return {};
  if (end) *end = b + close.size();
  return text.substr(a, b - a);
}

/// The S3 error code in an error body (<Code>NoSuchBucket</Code>), if any.
std::string ErrorCode(const std::string& body) { return Between(body, "<Code>", "</Code>", 0, nullptr); }

void EnsureCurlInit() {
  static bool done = [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    return true;
  }();
  (void)done;
}

}  // namespace

std::string S3Encode(const std::string& text, bool keep_slash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::vector<S3Object> ParseListObjects(const std::string& xml, std::string* next_token) {
  std::vector<S3Object> out;
  size_t pos = 0;
  while (true) {
    size_t end = 0;
    std::string item = Between(xml, "<Contents>", "</Contents>", pos, &end);
    if (item.empty()) break;
    S3Object o;
    o.key = XmlUnescape(Between(item, "<Key>", "</Key>", 0, nullptr));
    std::string size = Between(item, "<Size>", "</Size>", 0, nullptr);
    o.size = size.empty() ? 0 : std::stoll(size);
    out.push_back(std::move(o));
    pos = end;
  }
  *next_token =
      Between(xml, "<IsTruncated>", "</IsTruncated>", 0, nullptr) == "true"
          ? XmlUnescape(Between(xml, "<NextContinuationToken>", "</NextContinuationToken>", 0, nullptr))
          : "";
  return out;
}

S3Client::S3Client(const S3Options& options, RetryPolicy retry) : options_(options), retry_(retry) {
  base_url_ = options.endpoint;
  if (base_url_.empty()) base_url_ = "https://s3." + options.region + ".amazonaws.com";
  if (base_url_.find("://") == std::string::npos) base_url_ = "https://" + base_url_;
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

S3Client::Response S3Client::Request(const std::string& method, const std::string& path,
                                     const std::string& query, const std::string& upload_file,
                                     const std::string& what) {
  EnsureCurlInit();
  std::string url = base_url_ + path + (query.empty() ? "" : "?" + query);
  std::string sigv4 = "aws:amz:" + options_.region + ":s3";
  std::string userpwd = options_.access_key + ":" + options_.secret_key;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(retry_.max_total_seconds);
  auto backoff = std::chrono::milliseconds(retry_.initial_backoff_ms);
  for (int attempt = 1;; ++attempt) {
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) throw RuntimeError(what + ": cannot initialise libcurl");
    Response response;
    std::unique_ptr<FILE, decltype(&fclose)> file(nullptr, &fclose);
    struct curl_slist* headers = nullptr;
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_USERPWD, userpwd.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, AppendBody);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 30L);
    // No byte for stall_timeout_seconds ends the attempt (CURLE_OPERATION_TIMEDOUT, retried below).
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME, static_cast<long>(retry_.stall_timeout_seconds));
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    // S3 wants the payload hash header; UNSIGNED-PAYLOAD is accepted over any transport by MinIO and AWS.
    headers = curl_slist_append(headers, "x-amz-content-sha256: UNSIGNED-PAYLOAD");
    if (method == "HEAD") {
      curl_easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);
    } else if (method == "PUT") {
      curl_easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
      if (!upload_file.empty()) {
        file.reset(std::fopen(upload_file.c_str(), "rb"));
        if (!file) throw RuntimeError(upload_file + ": cannot open for upload");
        std::fseek(file.get(), 0, SEEK_END);
        curl_off_t size = std::ftell(file.get());
        std::fseek(file.get(), 0, SEEK_SET);
        curl_easy_setopt(curl.get(), CURLOPT_READDATA, file.get());
        curl_easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE, size);
      } else {
        curl_easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(0));
      }
    } else if (method != "GET") {
      curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
    }
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
    CURLcode code = curl_easy_perform(curl.get());
    curl_slist_free_all(headers);
    bool transient = false;
    std::string problem;
    if (code != CURLE_OK) {
      transient = true;
      problem = std::string("cannot reach S3 endpoint ") + base_url_ + ": " + curl_easy_strerror(code);
    } else {
      curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
      if (response.status >= 500 || response.status == 429) {
        transient = true;
        problem = "S3 endpoint " + base_url_ + " answered HTTP " + std::to_string(response.status);
      }
    }
    if (!transient) return response;
    if (std::chrono::steady_clock::now() + backoff > deadline || attempt >= retry_.max_attempts) {
      throw Error(ErrorKind::kTransient,
                  what + ": " + problem + " (after " + std::to_string(attempt) + " attempts)");
    }
    spdlog::warn("{}: {}; retrying in {} ms", what, problem, backoff.count());
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

void S3Client::HeadBucket(const std::string& bucket) {
  std::string what = "s3://" + bucket;
  Response r = Request("HEAD", "/" + S3Encode(bucket, false), "", "", what);
  if (r.status == 200) return;
  if (r.status == 404) throw DataError(what + ": bucket does not exist");
  if (r.status == 403 || r.status == 400 || r.status == 401) {
    throw DataError(what + ": access denied (HTTP " + std::to_string(r.status) +
                    "): check S3_ACCESS_KEY / S3_SECRET_KEY and S3_REGION");
  }
  throw RuntimeError(what + ": unexpected HTTP " + std::to_string(r.status));
}

std::vector<S3Object> S3Client::ListObjects(const std::string& bucket, const std::string& prefix,
                                            int max_keys) {
  std::vector<S3Object> all;
  std::string token;
  std::string what = "s3://" + bucket + "/" + prefix;
  do {
    std::string query = "list-type=2";
    if (max_keys > 0) query += "&max-keys=" + std::to_string(max_keys);
    if (!token.empty()) query += "&continuation-token=" + S3Encode(token, false);
    query += "&prefix=" + S3Encode(prefix, false);
    Response r = Request("GET", "/" + S3Encode(bucket, false), query, "", what);
    if (r.status != 200) {
      std::string code = ErrorCode(r.body);
      if (code == "NoSuchBucket") throw DataError(what + ": bucket does not exist");
      if (r.status == 403) throw DataError(what + ": access denied: check S3_ACCESS_KEY / S3_SECRET_KEY");
      throw RuntimeError(what + ": listing failed with HTTP " + std::to_string(r.status) + " " + code);
    }
    auto page = ParseListObjects(r.body, &token);
    all.insert(all.end(), page.begin(), page.end());
    if (max_keys > 0 && all.size() >= static_cast<size_t>(max_keys)) break;
  } while (!token.empty());
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
  return all;
}

void S3Client::PutObject(const std::string& bucket, const std::string& key, const std::string& local_file) {
  std::string what = "s3://" + bucket + "/" + key;
  Response r =
      Request("PUT", "/" + S3Encode(bucket, false) + "/" + S3Encode(key, true), "", local_file, what);
  if (r.status != 200) {
    throw DataError(what + ": upload failed with HTTP " + std::to_string(r.status) + " " + ErrorCode(r.body));
  }
}

void S3Client::DeleteObject(const std::string& bucket, const std::string& key) {
  std::string what = "s3://" + bucket + "/" + key;
  Response r = Request("DELETE", "/" + S3Encode(bucket, false) + "/" + S3Encode(key, true), "", "", what);
  if (r.status != 204 && r.status != 200 && r.status != 404) {
    throw DataError(what + ": delete failed with HTTP " + std::to_string(r.status) + " " + ErrorCode(r.body));
  }
}

void S3Client::CreateBucket(const std::string& bucket) {
  std::string what = "s3://" + bucket;
  Response r = Request("PUT", "/" + S3Encode(bucket, false), "", "", what);
  if (r.status == 200) return;
  if (ErrorCode(r.body) == "BucketAlreadyOwnedByYou") return;
  throw DataError(what + ": cannot create bucket: HTTP " + std::to_string(r.status) + " " +
                  ErrorCode(r.body));
}

}  // namespace costagg
