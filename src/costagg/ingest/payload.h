#pragma once
/// Finding the input files in a koku-nise output folder, and what their manifests say.
///
/// OCP: `nise report ocp --insights-upload DIR` extracts each payload as DIR/<cluster>/<YYYYMMDD-YYYYMMDD>/
/// with a manifest.json listing uuid-named CSVs (one payload per month, or per day with --daily-reports).
/// Without any manifest.json, the CSVs `nise --write-monthly` leaves (`<Month>-<YYYY>-<cluster>-<type>.csv`)
/// are taken as one payload.
///
/// AWS: `nise report aws --aws-s3-bucket-name DIR` writes
/// DIR/<report>/<YYYYMMDD-YYYYMMDD>/<report>-Manifest.json and the gzip CSVs under an <assemblyId>/ folder
/// beside it (with a copy of the manifest there too). Without any Manifest.json, every .csv / .csv.gz is
/// taken as a CUR file (`--write-monthly` output).
///
/// Manifest ids: Koku puts its database id of the manifest into the daily file names. costagg uses the
/// manifest's own uuid (OCP `uuid`, AWS `assemblyId`) instead, so that names depend on the payload alone and
/// re-ingesting a folder (even with more payloads added) replaces the same objects; "0" for the
/// manifest-less layouts.

#include <string>
#include <vector>

namespace costagg {

/// One OCP payload: a manifest and the CSVs it lists.
struct OcpPayload {
  std::string manifest_path;  ///< empty for --write-monthly CSVs
  std::string manifest_id;    ///< see above
  std::string cluster_id;
  std::vector<std::string> files;  ///< CSV paths in manifest order (all exist)
};

/// Every OCP payload under a folder, in a stable order (manifest start, then path), plus what is left out.
struct OcpInput {
  std::vector<OcpPayload> payloads;
  std::vector<std::string> skipped;  ///< "<path>: <reason>"
};

/// Scans `from_dir` recursively. Throws DataError for an unreadable or invalid manifest.json.
OcpInput FindOcpInput(const std::string& from_dir);

/// One AWS CUR file.
struct AwsReportFile {
  std::string path;
  std::string manifest_id;  ///< see above
  std::string base_name;    ///< file name up to its first '.', as in Koku's slice names
  int year = 0;             ///< billing period start from the manifest; 0 = take it from the data
  int month = 0;
};

/// Every AWS CUR file under a folder, plus what is left out.
struct AwsInput {
  std::vector<AwsReportFile> files;
  std::vector<std::string> skipped;
};

/// Scans `from_dir` recursively. Of several manifests for one billing period, the one in the
/// <YYYYMMDD-YYYYMMDD> folder (the current report) wins over the copies in assembly folders. Throws DataError
/// for an invalid manifest or when a billing period has several reports and none is current.
AwsInput FindAwsInput(const std::string& from_dir);

}  // namespace costagg
