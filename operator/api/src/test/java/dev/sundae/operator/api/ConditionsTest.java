package dev.sundae.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");
  private static final Instant T1 = Instant.parse("2026-03-01T10:05:00Z");

  private final List<Condition> conditions = new ArrayList<>();

  @Test
  void addsAMissingConditionWithTheTimeOfTheCall() {
    boolean changed =
        Conditions.set(
            conditions, 3, "StorageReady", Conditions.TRUE, "Reconciled", "bucket exists", T0);

    assertThat(changed).isTrue();
    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getType()).isEqualTo("StorageReady");
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getReason()).isEqualTo("Reconciled");
              assertThat(c.getMessage()).isEqualTo("bucket exists");
              assertThat(c.getObservedGeneration()).isEqualTo(3L);
              // metav1.Time has second precision
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
            });
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusStaysTheSame() {
    Conditions.set(conditions, 1, "Ready", Conditions.FALSE, "Progressing", "bucket", T0);

    boolean changed =
        Conditions.set(conditions, 2, "Ready", Conditions.FALSE, "Progressing", "queue", T1);

    assertThat(changed).isTrue();
    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getMessage()).isEqualTo("queue");
              assertThat(c.getObservedGeneration()).isEqualTo(2L);
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
            });
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusFlips() {
    Conditions.set(conditions, 1, "Ready", Conditions.FALSE, "Progressing", "", T0);

    Conditions.set(conditions, 1, "Ready", Conditions.TRUE, "Reconciled", "", T1);

    assertThat(conditions)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getStatus()).isEqualTo("True");
              assertThat(c.getLastTransitionTime()).isEqualTo("2026-03-01T10:05:00Z");
            });
  }

  @Test
  void reportsNoChangeWhenTheConditionIsAlreadySo() {
    Conditions.set(conditions, 4, "Ready", Conditions.TRUE, "Reconciled", "ok", T0);

    boolean changed =
        Conditions.set(conditions, 4, "Ready", Conditions.TRUE, "Reconciled", "ok", T1);

    assertThat(changed).isFalse();
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  void keepsOneConditionPerTypeInTheOrderTheyWereAdded() {
    Conditions.set(conditions, 1, "StorageReady", Conditions.TRUE, "Reconciled", "", T0);
    Conditions.set(conditions, 1, "QueueReady", Conditions.UNKNOWN, "Progressing", "", T0);
    Conditions.set(conditions, 1, "StorageReady", Conditions.FALSE, "Failed", "gone", T1);

    assertThat(conditions)
        .extracting(Condition::getType)
        .containsExactly("StorageReady", "QueueReady");
    assertThat(Conditions.find(conditions, "StorageReady"))
        .get()
        .extracting(Condition::getStatus)
        .isEqualTo("False");
  }

  @Test
  void treatsOnlyATrueConditionAsTrue() {
    Conditions.set(conditions, 1, "StorageReady", Conditions.TRUE, "Reconciled", "", T0);
    Conditions.set(conditions, 1, "QueueReady", Conditions.UNKNOWN, "Progressing", "", T0);

    assertThat(Conditions.isTrue(conditions, "StorageReady")).isTrue();
    assertThat(Conditions.isTrue(conditions, "QueueReady")).isFalse();
    assertThat(Conditions.isTrue(conditions, "ChatReady")).isFalse();
    assertThat(Conditions.isTrue(null, "Ready")).isFalse();
  }

  @Test
  void writesAnEmptyMessageRatherThanNone() {
    Conditions.set(conditions, 1, "Ready", Conditions.TRUE, "Reconciled", null, T0);

    assertThat(conditions.get(0).getMessage()).isEmpty();
  }

  @Test
  void refusesReasonsThatAreNotCamelCase() {
    assertThatThrownBy(
            () -> Conditions.set(conditions, 1, "Ready", Conditions.TRUE, "all good", "", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CamelCase");
    assertThatThrownBy(() -> Conditions.set(conditions, 1, "Ready", Conditions.TRUE, "", "", T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(conditions).isEmpty();
  }

  @Test
  void refusesStatusesOtherThanTrueFalseUnknown() {
    assertThatThrownBy(() -> Conditions.set(conditions, 1, "Ready", "true", "Reconciled", "", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("True, False or Unknown");
  }

  @Test
  void mapsBooleansToStatuses() {
    assertThat(Conditions.status(true)).isEqualTo("True");
    assertThat(Conditions.status(false)).isEqualTo("False");
  }
}
