package dev.sundae.operator.storage;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One event route of a bucket's notification configuration, independent of the client library, so
 * that both stores build and compare the same configuration: Sundae wants exactly one route, every
 * object-created event of the whole bucket to the tenant's target, and nothing else.
 */
record NotificationRoute(String targetArn, Set<String> events, boolean filtered) {

  static final String ID = "sundae-object-created";
  static final String OBJECT_CREATED = "s3:ObjectCreated:*";

  static List<NotificationRoute> desired(BucketSpec spec) {
    return spec.notificationTarget()
        .map(arn -> List.of(new NotificationRoute(arn, Set.of(OBJECT_CREATED), false)))
        .orElse(List.of());
  }

  /** True when {@code actual} holds exactly the {@code desired} routes, in any order. */
  static boolean matches(List<NotificationRoute> actual, List<NotificationRoute> desired) {
    return actual.size() == desired.size() && new HashSet<>(actual).equals(new HashSet<>(desired));
  }
}
