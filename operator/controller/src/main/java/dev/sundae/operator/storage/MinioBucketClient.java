package dev.sundae.operator.storage;

import io.minio.BucketExistsArgs;
import io.minio.DeleteBucketLifecycleArgs;
import io.minio.GetBucketEncryptionArgs;
import io.minio.GetBucketLifecycleArgs;
import io.minio.GetBucketNotificationArgs;
import io.minio.GetBucketTagsArgs;
import io.minio.GetBucketVersioningArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveBucketArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.SetBucketEncryptionArgs;
import io.minio.SetBucketLifecycleArgs;
import io.minio.SetBucketNotificationArgs;
import io.minio.SetBucketTagsArgs;
import io.minio.SetBucketVersioningArgs;
import io.minio.messages.AbortIncompleteMultipartUpload;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.EventType;
import io.minio.messages.Expiration;
import io.minio.messages.Item;
import io.minio.messages.LifecycleConfiguration;
import io.minio.messages.NoncurrentVersionExpiration;
import io.minio.messages.NotificationCommonConfiguration;
import io.minio.messages.NotificationConfiguration;
import io.minio.messages.QueueConfiguration;
import io.minio.messages.RuleFilter;
import io.minio.messages.SseAlgorithm;
import io.minio.messages.SseConfiguration;
import io.minio.messages.Status;
import io.minio.messages.Transition;
import io.minio.messages.VersioningConfiguration;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** {@link BucketClient} on minio-java. */
final class MinioBucketClient implements BucketClient {

  private static final String PROBE_BUCKET = "sundae-reachability-probe";

  private final MinioClient client;
  private final MinioCalls calls;

  MinioBucketClient(MinioClient client, MinioCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  @Override
  public boolean exists(String bucket) {
    return calls.call(
        "look up bucket " + bucket,
        () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
  }

  @Override
  public void create(String bucket) {
    calls.run(
        "create bucket " + bucket,
        () -> client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build()));
  }

  @Override
  public Map<String, String> tags(String bucket) {
    try {
      return calls.call(
          "read the tags of bucket " + bucket,
          () -> client.getBucketTags(GetBucketTagsArgs.builder().bucket(bucket).build()).get());
    } catch (ObjectStoreException e) {
      if (MinioCalls.errorCode(e).filter("NoSuchTagSet"::equals).isPresent()) {
        return Map.of();
      }
      throw e;
    }
  }

  @Override
  public void setTags(String bucket, Map<String, String> tags) {
    calls.run(
        "tag bucket " + bucket,
        () -> client.setBucketTags(SetBucketTagsArgs.builder().bucket(bucket).tags(tags).build()));
  }

  @Override
  public boolean versioningEnabled(String bucket) {
    VersioningConfiguration versioning =
        calls.call(
            "read the versioning of bucket " + bucket,
            () ->
                client.getBucketVersioning(
                    GetBucketVersioningArgs.builder().bucket(bucket).build()));
    return versioning.status() == VersioningConfiguration.Status.ENABLED;
  }

  @Override
  public void enableVersioning(String bucket) {
    calls.run(
        "enable versioning of bucket " + bucket,
        () ->
            client.setBucketVersioning(
                SetBucketVersioningArgs.builder()
                    .bucket(bucket)
                    .config(
                        new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null))
                    .build()));
  }

  @Override
  public Optional<BucketEncryption> defaultEncryption(String bucket) {
    // minio-java answers a bucket without encryption with an empty configuration, not an error
    SseConfiguration config =
        calls.call(
            "read the default encryption of bucket " + bucket,
            () ->
                client.getBucketEncryption(
                    GetBucketEncryptionArgs.builder().bucket(bucket).build()));
    if (config == null || config.rule() == null || config.rule().sseAlgorithm() == null) {
      return Optional.empty();
    }
    return config.rule().sseAlgorithm() == SseAlgorithm.AWS_KMS
            && config.rule().kmsMasterKeyId() != null
        ? Optional.of(BucketEncryption.fromStore(config.rule().kmsMasterKeyId()))
        : Optional.of(BucketEncryption.STORE_KEY);
  }

  @Override
  public void encryptByDefault(String bucket, BucketEncryption encryption) {
    calls.run(
        "encrypt bucket " + bucket + " by default (" + encryption + "; MinIO needs a KMS for it)",
        () ->
            client.setBucketEncryption(
                SetBucketEncryptionArgs.builder()
                    .bucket(bucket)
                    .config(
                        encryption
                            .kmsKey()
                            .map(SseConfiguration::newConfigWithSseKmsRule)
                            .orElseGet(SseConfiguration::newConfigWithSseS3Rule))
                    .build()));
  }

  @Override
  public List<LifecycleRule> lifecycle(String bucket) {
    LifecycleConfiguration config =
        calls.call(
            "read the lifecycle of bucket " + bucket,
            () ->
                client.getBucketLifecycle(GetBucketLifecycleArgs.builder().bucket(bucket).build()));
    return config == null
        ? List.of()
        : config.rules().stream().map(MinioBucketClient::fromMinio).toList();
  }

  @Override
  public void setLifecycle(String bucket, List<LifecycleRule> rules) {
    if (rules.isEmpty()) {
      calls.run(
          "delete the lifecycle of bucket " + bucket,
          () ->
              client.deleteBucketLifecycle(
                  DeleteBucketLifecycleArgs.builder().bucket(bucket).build()));
      return;
    }
    var config =
        new LifecycleConfiguration(rules.stream().map(MinioBucketClient::toMinio).toList());
    calls.run(
        "set the lifecycle of bucket " + bucket,
        () ->
            client.setBucketLifecycle(
                SetBucketLifecycleArgs.builder().bucket(bucket).config(config).build()));
  }

  @Override
  public boolean refusedStorageClass(ObjectStoreException e) {
    return MinioCalls.errorCode(e).filter("InvalidStorageClass"::equals).isPresent();
  }

  /**
   * MinIO's lifecycle parser has no field for AbortIncompleteMultipartUpload and drops it; MinIO
   * removes stale multipart uploads by itself after {@code api stale_uploads_expiry}, 24 h unless
   * configured otherwise.
   */
  @Override
  public boolean keepsAbortIncompleteUploads() {
    return false;
  }

  @Override
  public List<NotificationRoute> notification(String bucket) {
    NotificationConfiguration config =
        calls.call(
            "read the notification of bucket " + bucket,
            () ->
                client.getBucketNotification(
                    GetBucketNotificationArgs.builder().bucket(bucket).build()));
    return Stream.of(
            config.queueConfigurationList().stream().map(q -> route(q.queue(), q)),
            config.topicConfigurationList().stream().map(t -> route(t.topic(), t)),
            config.cloudFunctionConfigurationList().stream().map(f -> route(f.cloudFunction(), f)))
        .flatMap(s -> s)
        .toList();
  }

  @Override
  public void setNotification(String bucket, List<NotificationRoute> routes) {
    var config = new NotificationConfiguration();
    config.setQueueConfigurationList(routes.stream().map(MinioBucketClient::toMinio).toList());
    calls.run(
        "set the notification of bucket "
            + bucket
            + " to "
            + routes.stream().map(NotificationRoute::targetArn).toList(),
        () ->
            client.setBucketNotification(
                SetBucketNotificationArgs.builder().bucket(bucket).config(config).build()));
  }

  @Override
  public void deleteAllVersions(String bucket) {
    Iterable<Result<Item>> listing =
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).recursive(true).includeVersions(true).build());
    // Both sides are lazy: removeObjects pulls versions from the listing in batches of 1000 and
    // deletes them while its results are read, so a large bucket is never held in memory.
    Iterable<DeleteObject> versions =
        () ->
            StreamSupport.stream(listing.spliterator(), false)
                .map(result -> calls.call("list the versions in bucket " + bucket, result::get))
                .map(item -> new DeleteObject(item.objectName(), item.versionId()))
                .iterator();
    for (Result<DeleteError> result :
        client.removeObjects(
            RemoveObjectsArgs.builder().bucket(bucket).objects(versions).build())) {
      DeleteError error = calls.call("delete the versions in bucket " + bucket, result::get);
      throw new ObjectStoreException(
          "MinIO refused to delete "
              + error.objectName()
              + " in bucket "
              + bucket
              + ": "
              + error.code()
              + " ("
              + error.message()
              + ")");
    }
  }

  @Override
  public void delete(String bucket) {
    calls.run(
        "delete bucket " + bucket,
        () -> client.removeBucket(RemoveBucketArgs.builder().bucket(bucket).build()));
  }

  @Override
  public void ping() {
    // A HEAD on some bucket name, existing or not: it needs the server and valid keys, and costs
    // nothing. (minio-java 8.6.0's paged listBuckets loses the error of its first page.)
    calls.call(
        "look up a bucket",
        () -> client.bucketExists(BucketExistsArgs.builder().bucket(PROBE_BUCKET).build()));
  }

  private static NotificationRoute route(String arn, NotificationCommonConfiguration config) {
    var events = new HashSet<String>();
    config.events().forEach(event -> events.add(event.toString()));
    return new NotificationRoute(arn, events, !config.filterRuleList().isEmpty());
  }

  private static QueueConfiguration toMinio(NotificationRoute route) {
    var queue = new QueueConfiguration();
    queue.setId(NotificationRoute.ID);
    queue.setQueue(route.targetArn());
    queue.setEvents(route.events().stream().map(EventType::fromString).toList());
    return queue;
  }

  private static io.minio.messages.LifecycleRule toMinio(LifecycleRule rule) {
    boolean expires = rule.expirationDays().isPresent() || rule.expiredObjectDeleteMarker();
    return new io.minio.messages.LifecycleRule(
        Status.ENABLED,
        rule.abortIncompleteUploadDays().map(AbortIncompleteMultipartUpload::new).orElse(null),
        expires
            ? new Expiration(
                (ZonedDateTime) null,
                rule.expirationDays().orElse(null),
                rule.expiredObjectDeleteMarker() ? Boolean.TRUE : null)
            : null,
        new RuleFilter(""),
        rule.id(),
        rule.noncurrentExpirationDays().map(NoncurrentVersionExpiration::new).orElse(null),
        null,
        rule.transitionDays()
            .map(days -> new Transition((ZonedDateTime) null, days, rule.storageClass().get()))
            .orElse(null));
  }

  private static LifecycleRule fromMinio(io.minio.messages.LifecycleRule rule) {
    Expiration expiration = rule.expiration();
    Transition transition = rule.transition();
    NoncurrentVersionExpiration noncurrent = rule.noncurrentVersionExpiration();
    RuleFilter filter = rule.filter();
    boolean foreign =
        rule.status() != Status.ENABLED
            || (filter != null
                && ((filter.prefix() != null && !filter.prefix().isEmpty())
                    || filter.tag() != null
                    || filter.andOperator() != null
                    || filter.objectSizeLessThan() != null
                    || filter.objectSizeGreaterThan() != null))
            || rule.noncurrentVersionTransition() != null
            || (expiration != null && expiration.date() != null)
            || (expiration != null && Boolean.TRUE.equals(expiration.expiredObjectAllVersions()))
            || (transition != null && transition.date() != null)
            || (noncurrent != null && noncurrent.newerNoncurrentVersions() != null);
    if (foreign) {
      return LifecycleRule.FOREIGN;
    }
    return new LifecycleRule(
        rule.id(),
        Optional.ofNullable(expiration).map(Expiration::days),
        expiration != null && Boolean.TRUE.equals(expiration.expiredObjectDeleteMarker()),
        Optional.ofNullable(noncurrent).map(NoncurrentVersionExpiration::noncurrentDays),
        Optional.ofNullable(rule.abortIncompleteMultipartUpload())
            .map(AbortIncompleteMultipartUpload::daysAfterInitiation),
        Optional.ofNullable(transition).map(Transition::days),
        Optional.ofNullable(transition).map(Transition::storageClass));
  }
}
