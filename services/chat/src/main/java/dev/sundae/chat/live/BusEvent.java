package dev.sundae.chat.live;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What one instance tells the tenant's other instances on the live bus. Small by construction: a
 * message travels as its conversation and number (each instance reads it and signs its own URL), so
 * only {@code subjects} can grow, and a long list is split over several notifications.
 *
 * @param kind {@link #EVENT}, {@link #MESSAGE}, {@link #CLOSE}, {@link #PRESENCE}, {@link
 *     #ANNOUNCE} or {@link #GONE}
 * @param subjects the members it concerns: recipients, or the members announced
 * @param body the kind's fields
 */
record BusEvent(String kind, List<String> subjects, JsonNode body) {

  /** body: the app-facing event, sent as is to the subjects' devices */
  static final String EVENT = "event";

  /** body: {@code conversationId}, {@code seq}; read and sent to the subjects' devices */
  static final String MESSAGE = "message";

  /** the subjects' connections close (a ban) */
  static final String CLOSE = "close";

  /**
   * body: {@code subject}, {@code online}, {@code shown}, {@code ttlMillis}, {@code version}:
   * whether the sender's instance has the member now; the subjects are told {@code shown}
   */
  static final String PRESENCE = "presence";

  /**
   * body: {@code ttlMillis}, {@code version}; the subjects are online on the sending instance (an
   * older version than the member's last change there is ignored for that member)
   */
  static final String ANNOUNCE = "announce";

  /** the sending instance stops: forget whom it announced */
  static final String GONE = "gone";

  BusEvent withSubjects(List<String> part) {
    return new BusEvent(kind, part, body);
  }
}
