#include "costagg/ingest/ingest.h"

#include "costagg/error.h"

namespace costagg {

IngestReport IngestOcp(Engine&, ObjectStore&, const IngestRequest&) {
  throw RuntimeError("ingest ocp: not implemented yet");
}

IngestReport IngestAws(Engine&, ObjectStore&, const IngestRequest&) {
  throw RuntimeError("ingest aws: not implemented yet");
}

IngestReport IngestOcp(Engine& engine, const IngestRequest& request) {
  auto store = OpenObjectStore(request.to, S3Options{});
  return IngestOcp(engine, *store, request);
}

IngestReport IngestAws(Engine& engine, const IngestRequest& request) {
  auto store = OpenObjectStore(request.to, S3Options{});
  return IngestAws(engine, *store, request);
}

}  // namespace costagg
