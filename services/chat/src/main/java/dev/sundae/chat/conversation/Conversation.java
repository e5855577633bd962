package dev.sundae.chat.conversation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A conversation as a member sees it.
 *
 * @param id its id
 * @param kind {@code direct} (two members, no roles to change) or {@code group}
 * @param title a group's title; null for a direct conversation
 * @param open whether any admitted member may join the group without an invitation
 * @param lastSeq the sequence number of its newest message, 0 when empty
 * @param createdBy the subject of its creator
 * @param createdAt when it was created
 * @param members its members, active and invited
 */
public record Conversation(
    UUID id,
    String kind,
    String title,
    boolean open,
    long lastSeq,
    String createdBy,
    Instant createdAt,
    List<Member> members) {

  /**
   * @param subject the member's id
   * @param username the member's name
   * @param role {@code owner}, {@code moderator} or {@code member}
   * @param state {@code active} or {@code invited}
   */
  public record Member(String subject, String username, String role, String state) {}
}
