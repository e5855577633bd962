package dev.sundae.operator.storage;

/**
 * The object store of one environment: a tenant's bucket and the object-store user whose policy
 * opens that bucket only. Plain S3 operations go through the S3 API; only user and policy
 * administration differ between providers. Every method is idempotent, so a reconcile can call it
 * again after a crash or a change made by hand.
 */
public interface ObjectStore {

  /**
   * Creates the bucket if it is missing and brings versioning, lifecycle rules and the
   * object-created notification to {@code spec}, undoing any change made by hand.
   */
  default void ensureBucket(BucketSpec spec) {
    ensureBucket(spec, java.util.Optional.empty());
  }

  /**
   * As {@link #ensureBucket(BucketSpec)}, for the Tenant {@code owner}: an existing bucket marked
   * as another Tenant's is refused before anything of it changes, and the bucket is marked as the
   * owner's (see Ownership).
   */
  void ensureBucket(
      BucketSpec spec, java.util.Optional<dev.sundae.operator.runtime.Ownership> owner);

  /** True when the bucket exists and the store answers. */
  boolean bucketExists(String bucket);

  /** Deletes every object version and delete marker of the bucket, then the bucket. */
  void deleteBucket(String bucket);

  /**
   * Creates or repairs the object-store user {@code user}, whose only policy allows object reads,
   * writes, deletes and listing in {@code bucket}. Returns credentials that work for it: {@code
   * current} when they still do (MinIO: the user is recreated with them if it was deleted), new
   * ones otherwise (AWS generates access keys itself).
   */
  BucketCredentials ensureBucketUser(
      String user, String bucket, java.util.Optional<BucketCredentials> current);

  /** Removes the user, its keys and its policy; nothing happens when it is already gone. */
  void deleteBucketUser(String user);

  /** Throws {@link ObjectStoreException} with a reason when the store cannot be reached. */
  void checkReachable();
}
