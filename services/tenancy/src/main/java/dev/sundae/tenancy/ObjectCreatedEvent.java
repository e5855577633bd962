package dev.sundae.tenancy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One object-created record of an S3 event notification. AWS S3 sends {@code {"Records": [...]}} to
 * SQS; MinIO's webhook posts the same records inside a wrapper with {@code EventName} and {@code
 * Key}. Both shapes parse to the same records.
 *
 * @param bucket the bucket name
 * @param key the object key, URL-decoded (S3 encodes it in events)
 * @param versionId the object version, empty when the bucket is not versioned
 * @param size the object size in bytes
 * @param eventTime when the object was created
 */
public record ObjectCreatedEvent(
    String bucket, String key, String versionId, long size, Optional<Instant> eventTime) {

  /**
   * The most records a notification may carry. S3 and MinIO send one record per notification; a
   * forged one of thousands would otherwise size the worker's batch (and its memory) for them.
   */
  public static final int MAX_RECORDS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether a record's {@code eventName} is an object creation (AWS's or MinIO's spelling). */
  public static boolean isObjectCreated(String eventName) {
    return eventName.startsWith("ObjectCreated:") || eventName.startsWith("s3:ObjectCreated:");
  }

  /**
   * The object-created records of a notification; other records (deletions) are left out, and a
   * notification without records (S3's {@code s3:TestEvent}) gives none.
   *
   * @throws IllegalArgumentException when {@code notification} is not an S3 event notification, or
   *     has more than {@link #MAX_RECORDS} records
   */
  public static List<ObjectCreatedEvent> parse(String notification) {
    JsonNode root;
    try {
      root = JSON.readTree(notification);
    } catch (IOException e) {
      throw new IllegalArgumentException("not an S3 event notification: " + e.getMessage(), e);
    }
    List<ObjectCreatedEvent> events = new ArrayList<>();
    JsonNode records = root == null ? null : root.get("Records");
    if (records == null || !records.isArray()) {
      return events;
    }
    if (records.size() > MAX_RECORDS) {
      throw new IllegalArgumentException(
          "a notification of " + records.size() + " records; at most " + MAX_RECORDS);
    }
    for (JsonNode record : records) {
      String name = record.path("eventName").asText("");
      if (!isObjectCreated(name)) {
        continue;
      }
      JsonNode s3 = record.path("s3");
      String bucket = s3.path("bucket").path("name").asText("");
      String key = s3.path("object").path("key").asText("");
      if (bucket.isEmpty() || key.isEmpty()) {
        throw new IllegalArgumentException("an " + name + " record without bucket or key");
      }
      events.add(
          new ObjectCreatedEvent(
              bucket,
              decode(key),
              s3.path("object").path("versionId").asText(""),
              s3.path("object").path("size").asLong(0),
              time(record.path("eventTime").asText(""))));
    }
    return events;
  }

  // every malformed input is an IllegalArgumentException, so a consumer can tell a bad message
  // (dead-letter it) from a failure of its own (retry)
  private static String decode(String key) {
    try {
      return URLDecoder.decode(key, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a key that is not URL-encoded: " + key, e);
    }
  }

  private static Optional<Instant> time(String text) {
    try {
      return text.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("an eventTime that is not an ISO instant: " + text, e);
    }
  }
}
