package dev.sundae.chat.receipt;

import dev.sundae.chat.conversation.Conversations;
import dev.sundae.chat.member.MemberSettings;
import dev.sundae.chat.safety.Blocks;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Refusal;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Delivery and read receipts as per-member high-water marks of a conversation: a mark only goes up,
 * to a message that exists, set by an active member. Reading a message implies having received it,
 * so a read mark raises the delivered mark too. A raised mark is relayed live to the other members,
 * unless the member switched that kind of receipt off: then it is stored (the member's own devices
 * use it) and relayed to the member's own devices only.
 */
@Component
public class Receipts {

  private final TenantDatabases databases;
  private final Conversations conversations;
  private final MemberSettings settings;
  private final Blocks blocks;
  private final ApplicationEventPublisher events;

  Receipts(
      TenantDatabases databases,
      Conversations conversations,
      MemberSettings settings,
      Blocks blocks,
      ApplicationEventPublisher events) {
    this.databases = databases;
    this.conversations = conversations;
    this.settings = settings;
    this.blocks = blocks;
    this.events = events;
  }

  /** Raises the caller's mark of {@code kind} to {@code seq}; returns the caller's marks. */
  public Marks mark(Caller caller, UUID conversationId, long seq, Kind kind) {
    conversations.requireActive(caller, conversationId);
    TenantConfig tenant = caller.tenant();
    TenantDatabase db = databases.of(tenant);
    long last =
        db.jdbc()
            .sql("SELECT last_seq FROM chat_conversation WHERE id = ?")
            .param(conversationId)
            .query(Long.class)
            .single();
    if (seq < 1 || seq > last) {
      throw Refusal.notFound(
          "message-not-found",
          "Message not found",
          "No message "
              + seq
              + " in conversation "
              + conversationId
              + (last == 0 ? "; it has none yet" : "; its messages are 1 to " + last));
    }
    int raised =
        kind == Kind.READ
            ? db.jdbc()
                .sql(
                    "UPDATE chat_membership SET read_seq = ?,"
                        + " delivered_seq = GREATEST(delivered_seq, ?)"
                        + " WHERE conversation_id = ? AND subject = ? AND read_seq < ?")
                .params(seq, seq, conversationId, caller.subject(), seq)
                .update()
            : db.jdbc()
                .sql(
                    "UPDATE chat_membership SET delivered_seq = ?"
                        + " WHERE conversation_id = ? AND subject = ? AND delivered_seq < ?")
                .params(seq, conversationId, caller.subject(), seq)
                .update();
    if (raised > 0) {
      MemberSettings.Settings own = settings.of(tenant, caller.subject());
      boolean shared = kind == Kind.READ ? own.readReceipts() : own.deliveryReceipts();
      List<String> recipients = new ArrayList<>();
      if (shared) {
        recipients.addAll(conversations.activeMembers(tenant, conversationId));
        // members who blocked the caller get nothing live from them
        recipients.removeAll(blocks.whoBlocked(tenant, caller.subject(), recipients));
      }
      if (!recipients.contains(caller.subject())) {
        recipients.add(caller.subject());
      }
      events.publishEvent(
          new ReceiptRecorded(tenant, conversationId, caller.subject(), kind, seq, recipients));
    }
    return marks(tenant, conversationId, caller.subject());
  }

  /**
   * The marks of a conversation's active members as the caller may see them: a member who switched
   * a kind off shows null for it, except to themselves.
   */
  public List<MemberMarks> of(Caller caller, UUID conversationId) {
    conversations.requireActive(caller, conversationId);
    return databases
        .of(caller.tenant())
        .jdbc()
        .sql(
            "SELECT m.subject, m.delivered_seq, m.read_seq, p.delivery_receipts, p.read_receipts"
                + " FROM chat_membership m JOIN chat_member p ON p.subject = m.subject"
                + " WHERE m.conversation_id = ? AND m.state = 'active' ORDER BY m.subject")
        .param(conversationId)
        .query(
            (rs, row) -> {
              String subject = rs.getString(1);
              boolean self = subject.equals(caller.subject());
              return new MemberMarks(
                  subject,
                  self || rs.getBoolean(4) ? rs.getLong(2) : null,
                  self || rs.getBoolean(5) ? rs.getLong(3) : null);
            })
        .list();
  }

  private Marks marks(TenantConfig tenant, UUID conversationId, String subject) {
    return databases
        .of(tenant)
        .jdbc()
        .sql(
            "SELECT delivered_seq, read_seq FROM chat_membership"
                + " WHERE conversation_id = ? AND subject = ?")
        .params(conversationId, subject)
        .query((rs, row) -> new Marks(conversationId, rs.getLong(1), rs.getLong(2)))
        .single();
  }

  /** A kind of receipt. */
  public enum Kind {
    DELIVERED,
    READ;

    /** The name apps use: {@code delivered}, {@code read}. */
    public String wire() {
      return name().toLowerCase();
    }
  }

  /**
   * @param conversationId the conversation
   * @param deliveredSeq the highest message the member's devices received
   * @param readSeq the highest message the member listened to
   */
  public record Marks(UUID conversationId, long deliveredSeq, long readSeq) {}

  /**
   * @param subject the member
   * @param deliveredSeq their delivered mark; null when they do not share it
   * @param readSeq their read mark; null when they do not share it
   */
  public record MemberMarks(String subject, Long deliveredSeq, Long readSeq) {}

  /**
   * Published when a member's mark went up, for live relay.
   *
   * @param recipients who is told: the other members (unless the member does not share this kind;
   *     without those who blocked the member), and the member's own devices
   */
  public record ReceiptRecorded(
      TenantConfig tenant,
      UUID conversationId,
      String subject,
      Kind kind,
      long seq,
      List<String> recipients) {}
}
