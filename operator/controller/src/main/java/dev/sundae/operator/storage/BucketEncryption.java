package dev.sundae.operator.storage;

import java.util.Optional;

/**
 * A bucket's default encryption: the store's own key (SSE-S3), or a KMS key named {@code kmsKey}
 * (SSE-KMS).
 */
record BucketEncryption(Optional<String> kmsKey) {

  /** SSE-S3: the store's key (on MinIO, its KMS's default key; on AWS, S3-managed keys). */
  static final BucketEncryption STORE_KEY = new BucketEncryption(Optional.empty());

  /** The prefix S3 puts before a KMS key ID in a bucket's configuration and object headers. */
  private static final String ARN_PREFIX = "arn:aws:kms:";

  static BucketEncryption kmsKey(String key) {
    return new BucketEncryption(Optional.of(key));
  }

  /** SSE-KMS with the key a store names, with or without S3's ARN prefix. */
  static BucketEncryption fromStore(String keyId) {
    return kmsKey(keyId.startsWith(ARN_PREFIX) ? keyId.substring(ARN_PREFIX.length()) : keyId);
  }

  @Override
  public String toString() {
    return kmsKey.map(k -> "SSE-KMS with key " + k).orElse("SSE-S3");
  }
}
