package dev.sundae.chat.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.chat.export.EventFiles.EventFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EventFilesTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final UUID CONVERSATION = UUID.fromString("7f0c6d1e-8a52-4a4e-9d0e-1b7f2f6f0a11");

  @Test
  void splitsEventsByUtcDayIntoHivePartitionsNamedByTheirFirstAndLastId() {
    List<EventFile> files =
        EventFiles.of(
            "acme",
            List.of(
                // out of order on purpose: a file holds its events in id order
                event(12, "2026-03-02T00:00:00Z", "membership_joined"),
                event(10, "2026-03-01T23:59:59.999999Z", "message_posted"),
                event(11, "2026-03-01T22:30:00Z", "message_removed"),
                // 00:30 at UTC+01:00 is still the 1st in UTC
                event(13, "2026-03-02T00:30:00+01:00", "membership_left")));

    assertThat(files)
        .extracting(EventFile::key)
        .containsExactly(
            "analytics/chat/events/date=2026-03-01/events-10-13.ndjson.gz",
            "analytics/chat/events/date=2026-03-02/events-12-12.ndjson.gz");
    assertThat(files)
        .extracting(EventFile::day)
        .containsExactly(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-02"));
    assertThat(files).extracting(EventFile::events).containsExactly(3, 1);
    assertThat(lines(files.get(0)))
        .extracting(l -> l.path("event_id").asLong())
        .containsExactly(10L, 11L, 13L);
  }

  @Test
  void writesOneSnakeCaseJsonObjectPerLineWithAFixedSetOfFields() {
    EventFile file =
        EventFiles.of("acme", List.of(event(7, "2026-03-01T08:15:30.5Z", "message_posted"))).get(0);

    List<JsonNode> lines = lines(file);
    assertThat(lines).hasSize(1);
    JsonNode line = lines.get(0);
    assertThat(line.propertyNames())
        .containsExactly(
            "schema_version",
            "event_id",
            "occurred_at",
            "tenant",
            "type",
            "subject",
            "actor",
            "conversation_id",
            "attributes");
    assertThat(line.path("schema_version").asInt()).isEqualTo(EventFiles.SCHEMA_VERSION);
    assertThat(line.path("occurred_at").asString()).isEqualTo("2026-03-01T08:15:30.500000Z");
    assertThat(line.path("tenant").asString()).isEqualTo("acme");
    assertThat(line.path("subject").asString()).isEqualTo("subject-7");
    assertThat(line.path("conversation_id").asString()).isEqualTo(CONVERSATION.toString());
    assertThat(line.path("attributes").path("duration_ms").asLong()).isEqualTo(3000);
  }

  @Test
  void writesNullsForAnEventWithoutActorOrConversation() {
    ChatEvent banned =
        new ChatEvent(
            3, Instant.parse("2026-03-01T08:00:00Z"), "member_banned", "s", null, null, null);

    JsonNode line = lines(EventFiles.of("acme", List.of(banned)).get(0)).get(0);

    assertThat(line.path("actor").isNull()).isTrue();
    assertThat(line.path("conversation_id").isNull()).isTrue();
    assertThat(line.path("attributes").isObject()).isTrue();
    assertThat(line.path("attributes").isEmpty()).isTrue();
  }

  @Test
  void theSameEventsGiveTheSameKeysAndBytes() {
    List<ChatEvent> events =
        List.of(
            event(1, "2026-03-01T10:00:00Z", "message_posted"),
            event(2, "2026-03-01T10:00:01Z", "message_posted"));

    EventFile first = EventFiles.of("acme", events).get(0);
    EventFile again = EventFiles.of("acme", events).get(0);

    assertThat(again.key()).isEqualTo(first.key());
    assertThat(again.gzip()).isEqualTo(first.gzip());
  }

  @Test
  void readsTheDayOfAPartitionAndNothingElse() {
    assertThat(EventFiles.dayOf(EventFiles.partition(LocalDate.parse("2025-12-31"))))
        .contains(LocalDate.parse("2025-12-31"));
    assertThat(EventFiles.dayOf("analytics/chat/events/date=2025-02-30/")).isEmpty();
    assertThat(EventFiles.dayOf("analytics/chat/events/other/")).isEmpty();
    assertThat(EventFiles.dayOf("frames/date=2025-01-01/")).isEmpty();
  }

  @Test
  void writesNoFileForNoEvents() {
    assertThat(EventFiles.of("acme", List.of())).isEmpty();
  }

  private static ChatEvent event(long id, String at, String type) {
    return new ChatEvent(
        id,
        Instant.parse(at),
        type,
        "subject-" + id,
        "actor-" + id,
        CONVERSATION,
        JSON.readTree("{\"seq\":" + id + ",\"duration_ms\":3000}"));
  }

  private static List<JsonNode> lines(EventFile file) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file.gzip()))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(text).endsWith("\n");
      return text.lines().map(JSON::readTree).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
