package dev.sundae.chat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.chat.conversation.Conversations;
import dev.sundae.web.Refusal;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SyncCursorTest {

  @Test
  void theCursorOfAMemberInTheMostConversationsAtTheHighestSeqIsAccepted() {
    Map<UUID, Long> positions = new HashMap<>();
    for (int i = 0; i < Conversations.MAX_ACTIVE_PER_MEMBER; i++) {
      positions.put(UUID.randomUUID(), Long.MAX_VALUE);
    }
    String longest = new SyncCursor(positions).encode();

    assertThat(longest.length()).isLessThanOrEqualTo(SyncCursor.MAX_ENCODED);
    assertThat(SyncCursor.decode(longest).positions()).isEqualTo(positions);
  }

  @Test
  void theApiDescriptionStatesTheSameLongestCursor() throws Exception {
    try (InputStream spec = getClass().getResourceAsStream("/static/openapi.yaml")) {
      assertThat(new String(spec.readAllBytes(), StandardCharsets.UTF_8))
          .contains("maxLength: " + SyncCursor.MAX_ENCODED + ",")
          .contains(String.format(Locale.ROOT, "at most %,d characters", SyncCursor.MAX_ENCODED));
    }
  }

  @Test
  void aCursorLongerThanAnyHandedOutIsRefusedBeforeDecoding() {
    String tooLong = "A".repeat(SyncCursor.MAX_ENCODED + 1);

    assertThatThrownBy(() -> SyncCursor.decode(tooLong))
        .isInstanceOfSatisfying(
            Refusal.class, e -> assertThat(e.detail()).contains("longer than any cursor"));
  }
}
