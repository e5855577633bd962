package dev.sundae.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sets status conditions the way Kubernetes API conventions ask: one condition per type, a
 * CamelCase reason, and a {@code lastTransitionTime} that moves only when the status flips, so that
 * it tells how long a resource has been (not) Ready rather than when it was last reconciled.
 */
public final class Conditions {

  public static final String TRUE = "True";
  public static final String FALSE = "False";
  public static final String UNKNOWN = "Unknown";

  /** The pattern of metav1.Condition's reason. */
  private static final Pattern REASON = Pattern.compile("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");

  private Conditions() {}

  /** {@link #TRUE} or {@link #FALSE}. */
  public static String status(boolean value) {
    return value ? TRUE : FALSE;
  }

  /**
   * Sets the condition of {@code type} in {@code conditions}, adding it if missing.
   *
   * @return whether anything in the list changed, i.e. whether the status needs writing
   */
  public static boolean set(
      List<Condition> conditions,
      long observedGeneration,
      String type,
      String status,
      String reason,
      String message) {
    return set(conditions, observedGeneration, type, status, reason, message, Instant.now());
  }

  /** As {@link #set(List, long, String, String, String, String)}, at a given time. */
  public static boolean set(
      List<Condition> conditions,
      long observedGeneration,
      String type,
      String status,
      String reason,
      String message,
      Instant now) {
    check(type, status, reason);
    Optional<Condition> existing = find(conditions, type);
    String transitionTime =
        existing
            .filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
            .map(Condition::getLastTransitionTime)
            .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
    Condition updated =
        new ConditionBuilder()
            .withType(type)
            .withStatus(status)
            .withReason(reason)
            .withMessage(message == null ? "" : message)
            .withObservedGeneration(observedGeneration)
            .withLastTransitionTime(transitionTime)
            .build();
    if (existing.isEmpty()) {
      conditions.add(updated);
      return true;
    }
    if (existing.get().equals(updated)) {
      return false;
    }
    conditions.set(conditions.indexOf(existing.get()), updated);
    return true;
  }

  /** The condition of {@code type}, if the list has one. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null
        ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether the condition of {@code type} is there and True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> TRUE.equals(c.getStatus())).orElse(false);
  }

  private static void check(String type, String status, String reason) {
    Objects.requireNonNull(type, "type");
    if (!TRUE.equals(status) && !FALSE.equals(status) && !UNKNOWN.equals(status)) {
      throw new IllegalArgumentException(
          "Condition status must be True, False or Unknown, not " + status);
    }
    if (reason == null || !REASON.matcher(reason).matches()) {
      throw new IllegalArgumentException(
          "Condition reason must be CamelCase (" + REASON.pattern() + "), not " + reason);
    }
  }
}
