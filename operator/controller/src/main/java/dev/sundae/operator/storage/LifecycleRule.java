package dev.sundae.operator.storage;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * One lifecycle rule of a tenant bucket, independent of the client library. Both stores build the
 * desired rules here and translate what the server holds into this shape, so the rules and the
 * drift check are written once. Every rule applies to the whole bucket and is enabled; a rule read
 * from the server that is anything else becomes {@link #FOREIGN}, which no desired rule equals.
 */
record LifecycleRule(
    String id,
    Optional<Integer> expirationDays,
    boolean expiredObjectDeleteMarker,
    Optional<Integer> noncurrentExpirationDays,
    Optional<Integer> abortIncompleteUploadDays,
    Optional<Integer> transitionDays,
    Optional<String> storageClass) {

  static final String RETENTION = "sundae-retention";
  static final String DELETE_MARKERS = "sundae-expired-delete-markers";
  static final String COLD_TIER = "sundae-cold-tier";

  /** Incomplete multipart uploads hold storage that nobody sees; a day is enough to finish one. */
  static final int ABORT_INCOMPLETE_UPLOADS_DAYS = 1;

  /** Stands for a rule on the server that Sundae did not write. */
  static final LifecycleRule FOREIGN =
      new LifecycleRule(
          "(foreign)",
          Optional.empty(),
          false,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  /**
   * The rules for {@code spec}. The cold-tier transition is a rule of its own so that a store
   * without that tier can still be given the expiration rules.
   */
  static List<LifecycleRule> desired(BucketSpec spec) {
    List<LifecycleRule> rules = new ArrayList<>();
    rules.add(
        new LifecycleRule(
            RETENTION,
            Optional.of(spec.retentionDays()),
            false,
            Optional.of(spec.noncurrentVersionDays()),
            Optional.of(ABORT_INCOMPLETE_UPLOADS_DAYS),
            Optional.empty(),
            Optional.empty()));
    // S3 refuses ExpiredObjectDeleteMarker next to Days in one Expiration element.
    rules.add(
        new LifecycleRule(
            DELETE_MARKERS,
            Optional.empty(),
            true,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    coldTier(spec).ifPresent(rules::add);
    return List.copyOf(rules);
  }

  /** The transition rule of {@code spec}, when it asks for a cold tier. */
  static Optional<LifecycleRule> coldTier(BucketSpec spec) {
    return spec.coldTierDays()
        .map(
            days ->
                new LifecycleRule(
                    COLD_TIER,
                    Optional.empty(),
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(days),
                    spec.coldStorageClass()));
  }

  /** True when {@code actual} holds exactly the {@code desired} rules, in any order. */
  static boolean matches(List<LifecycleRule> actual, List<LifecycleRule> desired) {
    return actual.size() == desired.size() && new HashSet<>(actual).equals(new HashSet<>(desired));
  }

  boolean isColdTier() {
    return transitionDays.isPresent();
  }

  LifecycleRule withoutAbortIncompleteUploads() {
    return new LifecycleRule(
        id,
        expirationDays,
        expiredObjectDeleteMarker,
        noncurrentExpirationDays,
        Optional.empty(),
        transitionDays,
        storageClass);
  }
}
