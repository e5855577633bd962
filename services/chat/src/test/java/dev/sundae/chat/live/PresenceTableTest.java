package dev.sundae.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceTableTest {

  private static final Instant LATER = Instant.now().plusSeconds(600);
  private final PresenceTable table = new PresenceTable();

  @Test
  void aMemberAnnouncedByAnotherInstanceIsOnlineUntilTheAnnouncementExpires() {
    table.announced("t", "i1", List.of("alice"), LATER, 1);
    table.announced("t", "i1", List.of("bob"), Instant.now().minusSeconds(1), 1);

    assertThat(table.online("t", "alice")).isTrue();
    assertThat(table.online("t", "bob")).isFalse();
    assertThat(table.online("other-tenant", "alice")).isFalse();
  }

  @Test
  void anAnnouncementTakenBeforeTheMemberLeftDoesNotBringThemBack() {
    table.changed("t", "i1", "alice", true, LATER, 3);
    table.changed("t", "i1", "alice", false, LATER, 5);
    table.announced("t", "i1", List.of("alice"), LATER, 4);

    assertThat(table.online("t", "alice")).isFalse();

    table.announced("t", "i1", List.of("alice"), LATER, 6);
    assertThat(table.online("t", "alice")).isTrue();
  }

  @Test
  void changesArrivingOutOfOrderKeepTheNewest() {
    table.changed("t", "i1", "alice", false, LATER, 8);
    table.changed("t", "i1", "alice", true, LATER, 7);

    assertThat(table.online("t", "alice")).isFalse();
  }

  @Test
  void aMemberStaysOnlineWhileAnyOtherInstanceHasThem() {
    table.changed("t", "i1", "alice", true, LATER, 1);
    table.changed("t", "i2", "alice", true, LATER, 1);
    table.changed("t", "i1", "alice", false, LATER, 2);

    assertThat(table.online("t", "alice")).isTrue();

    table.dropInstance("t", "i2");
    assertThat(table.online("t", "alice")).isFalse();
  }

  @Test
  void expiredEntriesAreForgotten() {
    table.changed("t", "i1", "alice", false, Instant.now().minusSeconds(1), 9);
    table.expire();
    // the offline entry is gone, so an older announcement counts again
    table.announced("t", "i1", List.of("alice"), LATER, 1);

    assertThat(table.online("t", "alice")).isTrue();
  }
}
