#include "costagg/modes/mode_input.h"

#include "costagg/error.h"
#include "costagg/input/koku_layout.h"

namespace costagg {

ModeInput OpenModeInput(const Options& options, const std::string& provider,
                        const std::string& default_memory_limit, RunReport* report) {
  PhaseTimer timer(report, "check_input");
  ModeInput input;
  input.store = OpenObjectStore(options.input, options.s3);
  input.store->CheckAccess();
  std::string tenant = "data/parquet/" + KokuAccount(options.schema) + "/" + provider + "/";
  if (!input.store->HasAny(tenant)) {
    throw DataError(input.store->Describe() + ": no " + provider + " parquet of schema " + options.schema +
                    " under " + tenant + " (check --input and --schema)");
  }
  EngineOptions engine_options;
  engine_options.memory_limit = options.memory_limit.empty() ? default_memory_limit : options.memory_limit;
  engine_options.threads = options.threads;
  input.engine = std::make_unique<Engine>(engine_options);
  if (input.store->IsS3()) {
    S3Settings settings{options.s3.endpoint, options.s3.region, options.s3.access_key, options.s3.secret_key,
                        true};
    settings.url_style_path = options.s3.endpoint.find("amazonaws.com") == std::string::npos;
    input.engine->EnableS3(settings);
  }
  return input;
}

}  // namespace costagg
