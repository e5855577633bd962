package dev.sundae.chat.export;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One row of {@code chat_event}, as the triggers of V7 wrote it.
 *
 * @param id its number, in the order the events were written (not always the order of commit)
 * @param occurredAt when the change's transaction started
 * @param type what happened, e.g. {@code message_posted}
 * @param subject the member it is about
 * @param actor who did it, where the database knows; else null
 * @param conversationId the conversation, for events of one
 * @param attributes small type-specific metadata (an object)
 */
public record ChatEvent(
    long id,
    Instant occurredAt,
    String type,
    String subject,
    String actor,
    UUID conversationId,
    JsonNode attributes) {}
