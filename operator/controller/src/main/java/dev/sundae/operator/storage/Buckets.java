package dev.sundae.operator.storage;

import dev.sundae.operator.runtime.Ownership;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bucket half of an {@link ObjectStore}, the same for every provider: it reads what the server
 * holds, compares it with the spec, and writes only what differs, so a steady bucket costs a few
 * reads and a change made by hand is put back.
 */
final class Buckets {

  private static final Logger LOG = LoggerFactory.getLogger(Buckets.class);

  private final BucketClient client;
  private final Optional<KmsKeys> keys;

  /** Buckets encrypted with the store's key (SSE-S3). */
  Buckets(BucketClient client) {
    this(client, Optional.empty());
  }

  /**
   * Buckets encrypted with a KMS key of their own from {@code keys}, named as the bucket, when
   * present (SSE-KMS); with the store's key otherwise.
   */
  Buckets(BucketClient client, Optional<KmsKeys> keys) {
    this.client = client;
    this.keys = keys;
  }

  void ensure(BucketSpec spec) {
    ensure(spec, Optional.empty());
  }

  void ensure(BucketSpec spec, Optional<Ownership> owner) {
    String bucket = spec.name();
    if (client.exists(bucket)) {
      // first, before anything of an existing bucket is changed
      owner.ifPresent(o -> claim(bucket, o));
    } else {
      client.create(bucket);
      LOG.info("Created bucket {}", bucket);
      owner.ifPresent(o -> claim(bucket, o));
    }
    // before anything else, so that no object lands in the bucket unencrypted
    ensureEncryption(bucket);
    if (!client.versioningEnabled(bucket)) {
      client.enableVersioning(bucket);
      LOG.info("Enabled versioning of bucket {}", bucket);
    }
    ensureNotification(spec);
    // Last: a missing cold tier fails this step, and everything before it should be in place.
    ensureLifecycle(spec);
  }

  /** Refuses another Tenant's bucket (see Ownership), and marks an unmarked one as the owner's. */
  private void claim(String bucket, Ownership owner) {
    Map<String, String> tags = client.tags(bucket);
    String marked = tags.get(Ownership.MARK);
    owner.check("Bucket " + bucket, marked);
    if (!owner.uid().equals(marked)) {
      Map<String, String> updated = new HashMap<>(tags);
      updated.put(Ownership.MARK, owner.uid());
      client.setTags(bucket, updated);
      LOG.info("Marked bucket {} as Tenant {}'s (was {})", bucket, owner.uid(), marked);
    }
  }

  /**
   * The bucket's key is checked on every pass (a key lost in the KMS is seen here, not by the next
   * upload); a bucket encrypted otherwise by hand is put back.
   */
  private void ensureEncryption(String bucket) {
    keys.ifPresent(k -> k.ensure(bucket));
    BucketEncryption desired =
        keys.isPresent() ? BucketEncryption.kmsKey(bucket) : BucketEncryption.STORE_KEY;
    Optional<BucketEncryption> current = client.defaultEncryption(bucket);
    if (!current.equals(Optional.of(desired))) {
      client.encryptByDefault(bucket, desired);
      LOG.info(
          "Made bucket {} encrypt every new object ({}; was {})",
          bucket,
          desired,
          current.map(BucketEncryption::toString).orElse("unencrypted"));
    }
  }

  boolean exists(String bucket) {
    return client.exists(bucket);
  }

  void delete(String bucket) {
    if (!client.exists(bucket)) {
      return;
    }
    client.deleteAllVersions(bucket);
    client.delete(bucket);
    LOG.info("Deleted bucket {} with all its versions", bucket);
  }

  void checkReachable() {
    client.ping();
  }

  private void ensureNotification(BucketSpec spec) {
    List<NotificationRoute> desired = NotificationRoute.desired(spec);
    if (!NotificationRoute.matches(client.notification(spec.name()), desired)) {
      client.setNotification(spec.name(), desired);
      LOG.info(
          "Set object-created notification of bucket {} to {}",
          spec.name(),
          spec.notificationTarget().orElse("nothing"));
    }
  }

  private void ensureLifecycle(BucketSpec spec) {
    String bucket = spec.name();
    List<LifecycleRule> desired = LifecycleRule.desired(spec);
    if (!client.keepsAbortIncompleteUploads()) {
      desired = desired.stream().map(LifecycleRule::withoutAbortIncompleteUploads).toList();
    }
    if (LifecycleRule.matches(client.lifecycle(bucket), desired)) {
      return;
    }
    try {
      client.setLifecycle(bucket, desired);
      LOG.info(
          "Set lifecycle of bucket {}: expiry after {} days, noncurrent versions after {} days,"
              + " cold tier {}",
          bucket,
          spec.retentionDays(),
          spec.noncurrentVersionDays(),
          spec.coldStorageClass()
              .map(c -> c + " after " + spec.coldTierDays().get() + " days")
              .orElse("none"));
    } catch (ObjectStoreException e) {
      if (spec.coldStorageClass().isEmpty() || !client.refusedStorageClass(e)) {
        throw e;
      }
      // Retention still has to hold without the cold tier: expiry is a promise to the tenant.
      client.setLifecycle(bucket, desired.stream().filter(r -> !r.isColdTier()).toList());
      LOG.warn(
          "Set lifecycle of bucket {} without its cold tier: the store refused storage class {}",
          bucket,
          spec.coldStorageClass().get());
      throw new ObjectStoreException(
          "Bucket "
              + bucket
              + ": the store does not know the cold storage class '"
              + spec.coldStorageClass().get()
              + "' (on MinIO, add a remote tier of that name with `mc ilm tier add`);"
              + " expiration rules are in place, the transition is not",
          e);
    }
  }
}
