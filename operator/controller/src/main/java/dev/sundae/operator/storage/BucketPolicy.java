package dev.sundae.operator.storage;

/**
 * The access policy of a tenant's object-store user: objects and listings of its own bucket, and
 * nothing else. MinIO stores it as a canned policy and AWS IAM as an inline user policy; both read
 * the same IAM policy language.
 */
final class BucketPolicy {

  private BucketPolicy() {}

  /** The policy document for {@code bucket}, always the same text for the same bucket. */
  static String forBucket(String bucket) {
    // The name is checked first: it is pasted into JSON, and S3 names hold no quote or backslash.
    String arn = "arn:aws:s3:::" + BucketSpec.requireValidName(bucket);
    return """
        {"Version":"2012-10-17","Statement":[\
        {"Sid":"TenantBucket","Effect":"Allow",\
        "Action":["s3:ListBucket","s3:ListBucketVersions","s3:GetBucketLocation"],\
        "Resource":["%1$s"]},\
        {"Sid":"TenantObjects","Effect":"Allow",\
        "Action":["s3:GetObject","s3:GetObjectVersion","s3:PutObject","s3:DeleteObject"],\
        "Resource":["%1$s/*"]}]}"""
        .formatted(arn);
  }
}
