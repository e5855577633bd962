package dev.sundae.operator.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;

/** {@link BucketClient} on the AWS SDK's S3 client, for AWS and other S3-compatible stores. */
final class S3BucketClient implements BucketClient {

  private final S3Client s3;
  private final AwsCalls calls;

  S3BucketClient(S3Client s3, AwsCalls calls) {
    this.s3 = s3;
    this.calls = calls;
  }

  @Override
  public boolean exists(String bucket) {
    try {
      calls.run("look up bucket " + bucket, () -> s3.headBucket(b -> b.bucket(bucket)));
      return true;
    } catch (ObjectStoreException e) {
      if (AwsCalls.hasStatus(e, 404)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void create(String bucket) {
    Region region = s3.serviceClientConfiguration().region();
    calls.run(
        "create bucket " + bucket,
        () ->
            s3.createBucket(
                b -> {
                  b.bucket(bucket);
                  // us-east-1 is the default location and S3 refuses it as a constraint.
                  if (!Region.US_EAST_1.equals(region)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(region.id()));
                  }
                }));
  }

  @Override
  public Map<String, String> tags(String bucket) {
    try {
      Map<String, String> tags = new HashMap<>();
      calls
          .call(
              "read the tags of bucket " + bucket, () -> s3.getBucketTagging(b -> b.bucket(bucket)))
          .tagSet()
          .forEach(tag -> tags.put(tag.key(), tag.value()));
      return tags;
    } catch (ObjectStoreException e) {
      if (AwsCalls.errorCode(e).filter("NoSuchTagSet"::equals).isPresent()) {
        return Map.of();
      }
      throw e;
    }
  }

  @Override
  public void setTags(String bucket, Map<String, String> tags) {
    calls.run(
        "tag bucket " + bucket,
        () ->
            s3.putBucketTagging(
                b ->
                    b.bucket(bucket)
                        .tagging(
                            t ->
                                t.tagSet(
                                    tags.entrySet().stream()
                                        .map(
                                            e ->
                                                Tag.builder()
                                                    .key(e.getKey())
                                                    .value(e.getValue())
                                                    .build())
                                        .toList()))));
  }

  @Override
  public boolean versioningEnabled(String bucket) {
    return calls
            .call(
                "read the versioning of bucket " + bucket,
                () -> s3.getBucketVersioning(b -> b.bucket(bucket)))
            .status()
        == BucketVersioningStatus.ENABLED;
  }

  @Override
  public void enableVersioning(String bucket) {
    calls.run(
        "enable versioning of bucket " + bucket,
        () ->
            s3.putBucketVersioning(
                b ->
                    b.bucket(bucket)
                        .versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED))));
  }

  @Override
  public Optional<BucketEncryption> defaultEncryption(String bucket) {
    try {
      return calls
          .call(
              "read the default encryption of bucket " + bucket,
              () -> s3.getBucketEncryption(b -> b.bucket(bucket)))
          .serverSideEncryptionConfiguration()
          .rules()
          .stream()
          .map(r -> r.applyServerSideEncryptionByDefault())
          .filter(java.util.Objects::nonNull)
          .findFirst()
          .map(
              d ->
                  d.sseAlgorithm() == ServerSideEncryption.AWS_KMS && d.kmsMasterKeyID() != null
                      ? BucketEncryption.fromStore(d.kmsMasterKeyID())
                      : BucketEncryption.STORE_KEY);
    } catch (ObjectStoreException e) {
      if (AwsCalls.errorCode(e)
          .filter("ServerSideEncryptionConfigurationNotFoundError"::equals)
          .isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public void encryptByDefault(String bucket, BucketEncryption encryption) {
    calls.run(
        "encrypt bucket " + bucket + " by default (" + encryption + ")",
        () ->
            s3.putBucketEncryption(
                b ->
                    b.bucket(bucket)
                        .serverSideEncryptionConfiguration(
                            c ->
                                c.rules(
                                    r ->
                                        r.applyServerSideEncryptionByDefault(
                                            d ->
                                                encryption
                                                    .kmsKey()
                                                    .ifPresentOrElse(
                                                        key ->
                                                            d.sseAlgorithm(
                                                                    ServerSideEncryption.AWS_KMS)
                                                                .kmsMasterKeyID(key),
                                                        () ->
                                                            d.sseAlgorithm(
                                                                ServerSideEncryption.AES256)))))));
  }

  @Override
  public List<LifecycleRule> lifecycle(String bucket) {
    try {
      return calls
          .call(
              "read the lifecycle of bucket " + bucket,
              () -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)))
          .rules()
          .stream()
          .map(S3BucketClient::fromS3)
          .toList();
    } catch (ObjectStoreException e) {
      if (AwsCalls.errorCode(e).filter("NoSuchLifecycleConfiguration"::equals).isPresent()) {
        return List.of();
      }
      throw e;
    }
  }

  @Override
  public void setLifecycle(String bucket, List<LifecycleRule> rules) {
    if (rules.isEmpty()) {
      calls.run(
          "delete the lifecycle of bucket " + bucket,
          () -> s3.deleteBucketLifecycle(b -> b.bucket(bucket)));
      return;
    }
    calls.run(
        "set the lifecycle of bucket " + bucket,
        () ->
            s3.putBucketLifecycleConfiguration(
                b ->
                    b.bucket(bucket)
                        .lifecycleConfiguration(
                            c -> c.rules(rules.stream().map(S3BucketClient::toS3).toList()))));
  }

  @Override
  public boolean refusedStorageClass(ObjectStoreException e) {
    return AwsCalls.errorCode(e).filter("InvalidStorageClass"::equals).isPresent();
  }

  @Override
  public boolean keepsAbortIncompleteUploads() {
    return true;
  }

  @Override
  public List<NotificationRoute> notification(String bucket) {
    GetBucketNotificationConfigurationResponse config =
        calls.call(
            "read the notification of bucket " + bucket,
            () -> s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)));
    List<NotificationRoute> routes = new ArrayList<>();
    config
        .queueConfigurations()
        .forEach(q -> routes.add(route(q.queueArn(), q.eventsAsStrings(), q.filter())));
    config
        .topicConfigurations()
        .forEach(t -> routes.add(route(t.topicArn(), t.eventsAsStrings(), t.filter())));
    config
        .lambdaFunctionConfigurations()
        .forEach(f -> routes.add(route(f.lambdaFunctionArn(), f.eventsAsStrings(), f.filter())));
    if (config.eventBridgeConfiguration() != null) {
      routes.add(new NotificationRoute("EventBridge", new HashSet<>(), false));
    }
    return routes;
  }

  @Override
  public void setNotification(String bucket, List<NotificationRoute> routes) {
    List<QueueConfiguration> queues =
        routes.stream()
            .map(
                r ->
                    QueueConfiguration.builder()
                        .id(NotificationRoute.ID)
                        .queueArn(r.targetArn())
                        .eventsWithStrings(r.events())
                        .build())
            .toList();
    calls.run(
        "set the notification of bucket "
            + bucket
            + " to "
            + routes.stream().map(NotificationRoute::targetArn).toList(),
        () ->
            s3.putBucketNotificationConfiguration(
                b ->
                    b.bucket(bucket)
                        .notificationConfiguration(c -> c.queueConfigurations(queues))));
  }

  @Override
  public void deleteAllVersions(String bucket) {
    // Page by page, so a large bucket is never held in memory; a page has at most 1000 entries,
    // which is also the most one DeleteObjects request takes.
    for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(b -> b.bucket(bucket))) {
      List<ObjectIdentifier> versions =
          Stream.concat(
                  page.versions().stream()
                      .map(v -> ObjectIdentifier.builder().key(v.key()).versionId(v.versionId())),
                  page.deleteMarkers().stream()
                      .map(m -> ObjectIdentifier.builder().key(m.key()).versionId(m.versionId())))
              .map(ObjectIdentifier.Builder::build)
              .toList();
      if (versions.isEmpty()) {
        continue;
      }
      List<S3Error> errors =
          calls
              .call(
                  "delete the versions in bucket " + bucket,
                  () ->
                      s3.deleteObjects(
                          b -> b.bucket(bucket).delete(d -> d.objects(versions).quiet(true))))
              .errors();
      if (!errors.isEmpty()) {
        S3Error error = errors.get(0);
        throw new ObjectStoreException(
            "S3 refused to delete "
                + error.key()
                + " in bucket "
                + bucket
                + ": "
                + error.code()
                + " ("
                + error.message()
                + "), and "
                + (errors.size() - 1)
                + " more");
      }
    }
  }

  @Override
  public void delete(String bucket) {
    calls.run("delete bucket " + bucket, () -> s3.deleteBucket(b -> b.bucket(bucket)));
  }

  @Override
  public void ping() {
    calls.run("list buckets", () -> s3.listBuckets(b -> b.maxBuckets(1)));
  }

  private static NotificationRoute route(
      String arn, List<String> events, NotificationConfigurationFilter filter) {
    return new NotificationRoute(
        arn,
        new HashSet<>(events),
        filter != null && filter.key() != null && !filter.key().filterRules().isEmpty());
  }

  private static software.amazon.awssdk.services.s3.model.LifecycleRule toS3(LifecycleRule rule) {
    var builder =
        software.amazon.awssdk.services.s3.model.LifecycleRule.builder()
            .id(rule.id())
            .status(ExpirationStatus.ENABLED)
            .filter(LifecycleRuleFilter.builder().prefix("").build());
    if (rule.expirationDays().isPresent() || rule.expiredObjectDeleteMarker()) {
      builder.expiration(
          LifecycleExpiration.builder()
              .days(rule.expirationDays().orElse(null))
              .expiredObjectDeleteMarker(rule.expiredObjectDeleteMarker() ? Boolean.TRUE : null)
              .build());
    }
    rule.noncurrentExpirationDays()
        .ifPresent(
            days ->
                builder.noncurrentVersionExpiration(
                    NoncurrentVersionExpiration.builder().noncurrentDays(days).build()));
    rule.abortIncompleteUploadDays()
        .ifPresent(
            days ->
                builder.abortIncompleteMultipartUpload(
                    AbortIncompleteMultipartUpload.builder().daysAfterInitiation(days).build()));
    rule.transitionDays()
        .ifPresent(
            days ->
                builder.transitions(
                    Transition.builder()
                        .days(days)
                        .storageClass(rule.storageClass().orElseThrow())
                        .build()));
    return builder.build();
  }

  @SuppressWarnings("deprecation") // rules written through the old API keep their prefix there
  private static LifecycleRule fromS3(software.amazon.awssdk.services.s3.model.LifecycleRule rule) {
    LifecycleExpiration expiration = rule.expiration();
    NoncurrentVersionExpiration noncurrent = rule.noncurrentVersionExpiration();
    LifecycleRuleFilter filter = rule.filter();
    boolean foreign =
        rule.status() != ExpirationStatus.ENABLED
            || (rule.prefix() != null && !rule.prefix().isEmpty())
            || (filter != null
                && ((filter.prefix() != null && !filter.prefix().isEmpty())
                    || filter.tag() != null
                    || filter.and() != null
                    || filter.objectSizeLessThan() != null
                    || filter.objectSizeGreaterThan() != null))
            || rule.transitions().size() > 1
            || rule.transitions().stream().anyMatch(t -> t.date() != null)
            || !rule.noncurrentVersionTransitions().isEmpty()
            || (expiration != null && expiration.date() != null)
            || (noncurrent != null && noncurrent.newerNoncurrentVersions() != null);
    if (foreign) {
      return LifecycleRule.FOREIGN;
    }
    Optional<Transition> transition = rule.transitions().stream().findFirst();
    return new LifecycleRule(
        rule.id(),
        Optional.ofNullable(expiration).map(LifecycleExpiration::days),
        expiration != null && Boolean.TRUE.equals(expiration.expiredObjectDeleteMarker()),
        Optional.ofNullable(noncurrent).map(NoncurrentVersionExpiration::noncurrentDays),
        Optional.ofNullable(rule.abortIncompleteMultipartUpload())
            .map(AbortIncompleteMultipartUpload::daysAfterInitiation),
        transition.map(Transition::days),
        transition.map(Transition::storageClassAsString));
  }
}
