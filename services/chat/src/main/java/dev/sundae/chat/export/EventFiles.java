package dev.sundae.chat.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns events into the objects of the export: per UTC day, gzip'd newline-delimited JSON under a
 * Hive-style partition ({@code analytics/chat/events/date=YYYY-MM-DD/events-<firstId>-<lastId>
 * .ndjson.gz}). The same events always give the same keys and the same bytes (gzip's header holds
 * no time here), so a retry rewrites an object instead of adding a second copy of its events.
 */
public final class EventFiles {

  /** Where the export lives in the tenant's bucket; the inference worker only reads frames/. */
  public static final String PREFIX = "analytics/chat/events/";

  /** The version of the line format below; raised only for a change readers must know about. */
  public static final int SCHEMA_VERSION = 1;

  static final String CONTENT_TYPE = "application/gzip";
  private static final String PARTITION = "date=";
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private EventFiles() {}

  /**
   * One file per UTC day of the events, each with its events in id order.
   *
   * @param tenant the tenant's name, written into every line
   */
  public static List<EventFile> of(String tenant, List<ChatEvent> events) {
    Map<LocalDate, List<ChatEvent>> byDay = new TreeMap<>();
    events.stream()
        .sorted(Comparator.comparingLong(ChatEvent::id))
        .forEach(e -> byDay.computeIfAbsent(day(e.occurredAt()), d -> new ArrayList<>()).add(e));
    List<EventFile> files = new ArrayList<>();
    byDay.forEach(
        (day, ofDay) -> {
          long first = ofDay.get(0).id();
          long last = ofDay.get(ofDay.size() - 1).id();
          files.add(new EventFile(key(day, first, last), day, ofDay.size(), gzip(tenant, ofDay)));
        });
    return files;
  }

  /** The object key of the events {@code firstId..lastId} of {@code day}. */
  public static String key(LocalDate day, long firstId, long lastId) {
    return partition(day) + "events-" + firstId + "-" + lastId + ".ndjson.gz";
  }

  /** The partition ("folder") of a UTC day, ending with '/'. */
  public static String partition(LocalDate day) {
    return PREFIX + PARTITION + day + "/";
  }

  /** The day of a partition folder, empty for anything else found under {@link #PREFIX}. */
  public static Optional<LocalDate> dayOf(String folder) {
    if (!folder.startsWith(PREFIX + PARTITION) || !folder.endsWith("/")) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          LocalDate.parse(
              folder.substring((PREFIX + PARTITION).length(), folder.length() - 1),
              DateTimeFormatter.ISO_LOCAL_DATE));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The UTC day of an instant: the partition its event goes to. */
  public static LocalDate day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /** One line of the export (README.md, "Event export", lists the fields). */
  static ObjectNode line(String tenant, ChatEvent event) {
    ObjectNode line = JSON.createObjectNode();
    line.put("schema_version", SCHEMA_VERSION);
    line.put("event_id", event.id());
    line.put("occurred_at", MICROS.format(event.occurredAt()));
    line.put("tenant", tenant);
    line.put("type", event.type());
    line.put("subject", event.subject());
    line.put("actor", event.actor());
    line.put(
        "conversation_id",
        event.conversationId() == null ? null : event.conversationId().toString());
    line.set(
        "attributes",
        event.attributes() == null || !event.attributes().isObject()
            ? JSON.createObjectNode()
            : event.attributes());
    return line;
  }

  private static byte[] gzip(String tenant, List<ChatEvent> events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      for (ChatEvent event : events) {
        out.write(JSON.writeValueAsBytes(line(tenant, event)));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @param key where it goes in the bucket
   * @param day the UTC day of its events
   * @param events how many events it holds
   * @param gzip its bytes
   */
  public record EventFile(String key, LocalDate day, int events, byte[] gzip) {}
}
