package dev.sundae.operator.storage;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a tenant's bucket should look like.
 *
 * @param name the bucket name (S3 rules: 3 to 63 lowercase letters, digits, dots and hyphens)
 * @param retentionDays current objects expire this many days after creation
 * @param noncurrentVersionDays overwritten or deleted versions expire after this many days
 * @param coldTierDays objects move to {@code coldStorageClass} after this many days, if set; given
 *     together with {@code coldStorageClass} or not at all, and less than {@code retentionDays}
 * @param coldStorageClass the provider's storage class (AWS, e.g. {@code GLACIER_IR}) or remote
 *     tier name (MinIO, as added with {@code mc ilm tier add}) of the cold tier
 * @param notificationTarget where object-created events go (a MinIO target ARN or an SQS queue
 *     ARN); empty for none
 */
public record BucketSpec(
    String name,
    int retentionDays,
    int noncurrentVersionDays,
    Optional<Integer> coldTierDays,
    Optional<String> coldStorageClass,
    Optional<String> notificationTarget) {

  private static final Pattern BUCKET_NAME = Pattern.compile("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$");

  public BucketSpec {
    requireValidName(name);
    if (retentionDays < 1 || noncurrentVersionDays < 1) {
      throw new IllegalArgumentException(
          "retentionDays and noncurrentVersionDays must be at least 1, not "
              + retentionDays
              + " and "
              + noncurrentVersionDays);
    }
    if (coldTierDays.isPresent() != coldStorageClass.isPresent()) {
      throw new IllegalArgumentException(
          "coldTierDays and coldStorageClass are given together or not at all");
    }
    if (coldTierDays.isPresent()
        && (coldTierDays.get() < 1 || coldTierDays.get() >= retentionDays)) {
      throw new IllegalArgumentException(
          "coldTierDays must be between 1 and retentionDays - 1, not " + coldTierDays.get());
    }
  }

  /** Returns {@code name}, or throws when S3 would refuse it as a bucket name. */
  static String requireValidName(String name) {
    if (name == null || !BUCKET_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid bucket name '" + name + "': 3 to 63 of a-z, 0-9, '.', '-'");
    }
    return name;
  }
}
