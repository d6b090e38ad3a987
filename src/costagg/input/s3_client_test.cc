#include "costagg/input/s3_client.h"

#include <gtest/gtest.h>

#include "costagg/error.h"

namespace costagg {
namespace {

TEST(S3ClientTest, EncodesKeysKeepingSlashes) {
  EXPECT_EQ(S3Encode("data/parquet/org1/OCP/source=a b/x.parquet", true),
            "data/parquet/org1/OCP/source%3Da%20b/x.parquet");
  EXPECT_EQ(S3Encode("a/b", false), "a%2Fb");
}

TEST(S3ClientTest, ParsesListPagesAndEntities) {
  std::string token;
  auto page = ParseListObjects(
      "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a&amp;b.parquet</Key><Size>12</Size>"
      "</Contents><Contents><Key>c</Key><Size>0</Size></Contents>"
      "<NextContinuationToken>tok&amp;1</NextContinuationToken></ListBucketResult>",
      &token);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].key, "a&b.parquet");
  EXPECT_EQ(page[0].size, 12);
  EXPECT_EQ(page[1].key, "c");
  EXPECT_EQ(token, "tok&1");
  ParseListObjects("<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>", &token);
  EXPECT_EQ(token, "");
}

TEST(S3ClientTest, UnreachableEndpointIsATransientErrorWithoutKeys) {
  S3Options options;
  options.endpoint = "http://127.0.0.1:1";  // nothing listens on port 1
  options.access_key = "AKIDSHOULDNOTAPPEAR";
  options.secret_key = "secretshouldnotappear";
  S3Client client(options, RetryPolicy{2, 10, 5});
  try {
    client.HeadBucket("bucket");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string m = e.what();
    EXPECT_EQ(e.kind(), ErrorKind::kTransient);
    EXPECT_NE(m.find("s3://bucket"), std::string::npos) << m;
    EXPECT_EQ(m.find("AKIDSHOULDNOTAPPEAR"), std::string::npos) << m;
    EXPECT_EQ(m.find("secretshouldnotappear"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace costagg
