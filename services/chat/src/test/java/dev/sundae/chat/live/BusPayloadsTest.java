package dev.sundae.chat.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sundae.tenancy.keys.PayloadSeal;
import dev.sundae.tenancy.keys.TenantKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class BusPayloadsTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final PayloadSeal cipher = TenantKeys.of("password").seal("sundae_chat_live_tenant_a");

  @Test
  void aSmallEventIsOneNotification() {
    BusEvent typing =
        new BusEvent(BusEvent.EVENT, List.of("bob"), JSON.valueToTree(Map.of("type", "typing")));

    List<String> payloads = LiveBus.payloads(cipher, JSON, "instance-1", typing);

    assertThat(payloads).hasSize(1);
    JsonNode envelope = JSON.readTree(cipher.open(payloads.get(0)).orElseThrow());
    assertThat(envelope.path("kind").asString()).isEqualTo("event");
    assertThat(envelope.path("from").asString()).isEqualTo("instance-1");
    assertThat(envelope.path("body").path("type").asString()).isEqualTo("typing");
  }

  @Test
  void aLongListOfRecipientsIsSplitUnderNotifysLimitAndKeepsEveryone() {
    List<String> recipients =
        IntStream.range(0, 1_000).mapToObj(i -> UUID.randomUUID().toString()).toList();
    BusEvent message =
        new BusEvent(
            BusEvent.MESSAGE,
            recipients,
            JSON.valueToTree(Map.of("conversationId", UUID.randomUUID(), "seq", 7)));

    List<String> payloads = LiveBus.payloads(cipher, JSON, "instance-1", message);

    assertThat(payloads).hasSizeGreaterThan(1);
    List<String> received = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String payload : payloads) {
      assertThat(payload.length()).isLessThanOrEqualTo(LiveBus.MAX_PAYLOAD);
      JsonNode envelope = JSON.readTree(cipher.open(payload).orElseThrow());
      assertThat(envelope.path("body").path("seq").asLong()).isEqualTo(7);
      envelope.path("subjects").forEach(s -> received.add(s.asString()));
      ids.add(envelope.path("id").asString());
    }
    assertThat(received).containsExactlyElementsOf(recipients);
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void anEventTooLargeForOneRecipientIsRefusedWithTheReason() {
    BusEvent huge =
        new BusEvent(
            BusEvent.EVENT, List.of("bob"), JSON.valueToTree(Map.of("type", "x".repeat(8_000))));

    assertThatThrownBy(() -> LiveBus.payloads(cipher, JSON, "instance-1", huge))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("NOTIFY takes at most 7999");
  }
}
