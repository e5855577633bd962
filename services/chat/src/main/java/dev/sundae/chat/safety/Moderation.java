package dev.sundae.chat.safety;

import dev.sundae.chat.audio.AudioStore;
import dev.sundae.chat.conversation.Conversations;
import dev.sundae.chat.conversation.GroupRules;
import dev.sundae.chat.conversation.Membership;
import dev.sundae.chat.conversation.Role;
import dev.sundae.chat.member.Members;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.web.Refusal;
import dev.sundae.web.tenant.TenantDatabases;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Reports and what moderators do about them. The community's moderators (the callers whose token
 * carries the issuer's moderator role) see the report queue, ban members and remove any message; a
 * group's owners and moderators remove messages and mute members in their group.
 */
@Component
public class Moderation {

  private final TenantDatabases databases;
  private final Conversations conversations;
  private final Members members;
  private final AudioStore store;
  private final ApplicationEventPublisher events;

  Moderation(
      TenantDatabases databases,
      Conversations conversations,
      Members members,
      AudioStore store,
      ApplicationEventPublisher events) {
    this.databases = databases;
    this.conversations = conversations;
    this.members = members;
    this.store = store;
    this.events = events;
  }

  /** A member reports another, in a conversation both are in. */
  public UUID report(Caller caller, UUID conversationId, String subject, Long seq, String reason) {
    conversations.requireActive(caller, conversationId);
    if (!conversations.activeMembers(caller.tenant(), conversationId).contains(subject)) {
      throw Refusal.notFound(
          "member-not-found", "Member not found", subject + " is not in this conversation");
    }
    UUID id = UUID.randomUUID();
    databases
        .of(caller.tenant())
        .jdbc()
        .sql(
            "INSERT INTO chat_report (id, reporter, reported, conversation_id, message_seq,"
                + " reason) VALUES (?, ?, ?, ?, ?, ?)")
        .params(id, caller.subject(), subject, conversationId, seq, reason)
        .update();
    return id;
  }

  public List<Report> openReports(Caller moderator) {
    requireCommunityModerator(moderator);
    return databases
        .of(moderator.tenant())
        .jdbc()
        .sql(
            "SELECT id, reporter, reported, conversation_id, message_seq, reason, created_at"
                + " FROM chat_report WHERE state = 'open' ORDER BY created_at")
        .query(
            (rs, row) ->
                new Report(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4, UUID.class),
                    (Long) rs.getObject(5),
                    rs.getString(6),
                    rs.getTimestamp(7).toInstant()))
        .list();
  }

  public void resolve(Caller moderator, UUID report, String resolution) {
    requireCommunityModerator(moderator);
    int updated =
        databases
            .of(moderator.tenant())
            .jdbc()
            .sql(
                "UPDATE chat_report SET state = 'resolved', resolution = ?, resolved_by = ?,"
                    + " resolved_at = now() WHERE id = ? AND state = 'open'")
            .params(resolution, moderator.subject(), report)
            .update();
    if (updated == 0) {
      throw Refusal.notFound("report-not-found", "Report not found", "No open report " + report);
    }
  }

  /** Bans a member from the community: every request of theirs is refused from now on. */
  public void ban(Caller moderator, String subject, String reason) {
    requireCommunityModerator(moderator);
    // a moderator locked out by their own ban could not lift it (found by the API fuzzer)
    if (subject.equals(moderator.subject())) {
      throw Refusal.of(
          Refusal.Kind.CONFLICT,
          "cannot-ban-self",
          "Cannot ban yourself",
          "A moderator cannot ban themself");
    }
    if (!members.exists(moderator.tenant(), subject)) {
      throw Refusal.notFound("member-not-found", "Member not found", "No member " + subject);
    }
    databases
        .of(moderator.tenant())
        .jdbc()
        .sql("UPDATE chat_member SET banned_at = now(), ban_reason = ? WHERE subject = ?")
        .params(reason, subject)
        .update();
    events.publishEvent(new MemberBanned(moderator.tenant().name(), subject));
  }

  /** Removes a message: its number stays (sync stays gapless), its audio is deleted. */
  public void removeMessage(Caller caller, UUID conversationId, long seq) {
    if (!caller.moderator()) {
      Membership own = conversations.requireActive(caller, conversationId);
      if (!GroupRules.mayRemoveMessages(own.role())) {
        throw Refusal.of(
            Refusal.Kind.FORBIDDEN,
            "not-allowed",
            "Forbidden",
            "Only the group's owners and moderators, or the community's, remove messages");
      }
    }
    String key =
        databases
            .of(caller.tenant())
            .jdbc()
            .sql(
                "UPDATE chat_message SET removed_at = now(), removed_by = ?"
                    + " WHERE conversation_id = ? AND seq = ? AND removed_at IS NULL"
                    + " RETURNING object_key")
            .params(caller.subject(), conversationId, seq)
            .query(String.class)
            .optional()
            .orElseThrow(
                () ->
                    Refusal.notFound(
                        "message-not-found",
                        "Message not found",
                        "No message " + seq + " in conversation " + conversationId));
    store.delete(caller.tenant(), key);
    events.publishEvent(
        new MessageRemoved(
            caller.tenant(),
            conversationId,
            seq,
            conversations.activeMembers(caller.tenant(), conversationId)));
  }

  /**
   * Mutes someone in a group for a while: owners mute moderators and members, moderators members
   * only. The mute outlives the membership (chat_group_sanction): leaving and joining an open group
   * again does not end it.
   */
  public Instant mute(Caller caller, UUID conversationId, String subject, Duration duration) {
    Membership own = conversations.requireActive(caller, conversationId);
    Set<Role> mutable = GroupRules.mutable(own.role());
    if (mutable.isEmpty() || own.direct()) {
      throw Refusal.of(
          Refusal.Kind.FORBIDDEN,
          "not-allowed",
          "Forbidden",
          "Only a group's owners and moderators mute its members");
    }
    Instant until = Instant.now().plus(duration);
    TenantDatabases.TenantDatabase db = databases.of(caller.tenant());
    String[] roles = mutable.stream().map(Role::value).toArray(String[]::new);
    db.transactions()
        .executeWithoutResult(
            tx -> {
              int updated =
                  db.jdbc()
                      .sql(
                          "UPDATE chat_membership SET muted_until = ? WHERE conversation_id = ?"
                              + " AND subject = ? AND role = ANY (?)")
                      .params(Timestamp.from(until), conversationId, subject, roles)
                      .update();
              if (updated == 0) {
                throw Refusal.notFound(
                    "member-not-found",
                    "Member not found",
                    subject
                        + " is not a member of this group you can mute (owners mute moderators"
                        + " and members, moderators members only)");
              }
              db.jdbc()
                  .sql(
                      "INSERT INTO chat_group_sanction"
                          + " (conversation_id, subject, muted_until, decided_by)"
                          + " VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, subject)"
                          + " DO UPDATE SET muted_until = EXCLUDED.muted_until,"
                          + " decided_by = EXCLUDED.decided_by")
                  .params(conversationId, subject, Timestamp.from(until), caller.subject())
                  .update();
            });
    return until;
  }

  private void requireCommunityModerator(Caller caller) {
    if (!caller.moderator()) {
      throw Refusal.of(
          Refusal.Kind.FORBIDDEN,
          "not-a-moderator",
          "Forbidden",
          "Only the community's moderators do this");
    }
  }

  /** A report as moderators see it. */
  public record Report(
      UUID id,
      String reporter,
      String reported,
      UUID conversationId,
      Long messageSeq,
      String reason,
      Instant createdAt) {}

  /** Published after a ban, so that the member's connections close. */
  public record MemberBanned(String tenant, String subject) {}

  /** Published after a removal, so that online devices drop the message. */
  public record MessageRemoved(
      dev.sundae.tenancy.TenantConfig tenant,
      UUID conversationId,
      long seq,
      List<String> recipients) {}
}
