package dev.sundae.operator.storage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few S3 bucket calls Sundae needs, one implementation per client library. Failures surface as
 * {@link ObjectStoreException}s whose message names the bucket and the server's reason.
 */
interface BucketClient {

  boolean exists(String bucket);

  void create(String bucket);

  boolean versioningEnabled(String bucket);

  void enableVersioning(String bucket);

  /**
   * How the bucket encrypts every new object by default with keys of the store (SSE-S3 or SSE-KMS);
   * empty when it has no default encryption.
   */
  Optional<BucketEncryption> defaultEncryption(String bucket);

  /**
   * Makes the store encrypt every new object of the bucket as {@code encryption} says. Throws when
   * the store cannot, e.g. a MinIO with no KMS configured or a KMS without the key.
   */
  void encryptByDefault(String bucket, BucketEncryption encryption);

  /** The bucket's tags; empty when it has none. */
  Map<String, String> tags(String bucket);

  /** Replaces the bucket's tags with {@code tags}. */
  void setTags(String bucket, Map<String, String> tags);

  /** The rules on the server, in Sundae's shape; empty when the bucket has no lifecycle. */
  List<LifecycleRule> lifecycle(String bucket);

  /** Replaces the bucket's lifecycle configuration with {@code rules}. */
  void setLifecycle(String bucket, List<LifecycleRule> rules);

  /** True when the server refused a lifecycle because it does not know its storage class. */
  boolean refusedStorageClass(ObjectStoreException e);

  /**
   * False for stores that drop the AbortIncompleteMultipartUpload action (MinIO), so that the drift
   * check does not see a difference the store will never keep.
   */
  boolean keepsAbortIncompleteUploads();

  List<NotificationRoute> notification(String bucket);

  /** Replaces the bucket's notification configuration with {@code routes} (none when empty). */
  void setNotification(String bucket, List<NotificationRoute> routes);

  /** Deletes every object version and delete marker in the bucket. */
  void deleteAllVersions(String bucket);

  void delete(String bucket);

  /** One cheap authenticated call; throws when it fails. */
  void ping();
}
