package dev.sundae.chat.conversation;

import dev.sundae.chat.member.Members;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The SQL of conversations and memberships, on one tenant's database (its role, its schema): no
 * rule and no HTTP here; {@link Conversations} decides, with {@link ConversationRules}, what to do
 * with what these statements read and write. Methods that write run inside the caller's
 * transaction.
 */
final class ConversationStore {

  private final TenantDatabase db;

  ConversationStore(TenantDatabase db) {
    this.db = db;
  }

  /** Inserts a direct conversation for {@code pair}; false when the pair has one already. */
  boolean insertDirect(UUID id, String pair, String createdBy) {
    return db.jdbc()
            .sql(
                """
                INSERT INTO chat_conversation (id, kind, direct_pair, created_by)
                VALUES (?, 'direct', ?, ?) ON CONFLICT (direct_pair) DO NOTHING""")
            .params(id, pair, createdBy)
            .update()
        > 0;
  }

  UUID directOf(String pair) {
    return db.jdbc()
        .sql("SELECT id FROM chat_conversation WHERE direct_pair = ?")
        .param(pair)
        .query(UUID.class)
        .single();
  }

  void insertGroup(UUID id, String title, boolean open, String createdBy) {
    db.jdbc()
        .sql(
            """
            INSERT INTO chat_conversation (id, kind, title, open, created_by)
            VALUES (?, 'group', ?, ?, ?)""")
        .params(id, title, open, createdBy)
        .update();
  }

  /** Makes {@code subject} an active member with {@code role}; nothing if they are in already. */
  void insertActive(UUID id, String subject, Role role) {
    db.jdbc()
        .sql(
            """
            INSERT INTO chat_membership (conversation_id, subject, role, state, joined_at)
            VALUES (?, ?, ?, 'active', now()) ON CONFLICT DO NOTHING""")
        .params(id, subject, role.value())
        .update();
  }

  /** Invites {@code subject} as a member; false when they are in or invited already. */
  boolean insertInvited(UUID id, String subject, String invitedBy) {
    return db.jdbc()
            .sql(
                """
                INSERT INTO chat_membership (conversation_id, subject, role, state, invited_by)
                VALUES (?, ?, 'member', 'invited', ?) ON CONFLICT DO NOTHING""")
            .params(id, subject, invitedBy)
            .update()
        > 0;
  }

  void activate(UUID id, String subject) {
    db.jdbc()
        .sql(
            """
            UPDATE chat_membership SET state = 'active', joined_at = now()
            WHERE conversation_id = ? AND subject = ? AND state = 'invited'""")
        .params(id, subject)
        .update();
  }

  void deleteMembership(UUID id, String subject) {
    db.jdbc()
        .sql("DELETE FROM chat_membership WHERE conversation_id = ? AND subject = ?")
        .params(id, subject)
        .update();
  }

  void updateRole(UUID id, String subject, Role role) {
    db.jdbc()
        .sql("UPDATE chat_membership SET role = ? WHERE conversation_id = ? AND subject = ?")
        .params(role.value(), id, subject)
        .update();
  }

  /** One member's place in a conversation, if they have one. */
  Optional<Membership> membership(UUID id, String subject) {
    return db.jdbc()
        .sql(
            """
            SELECT c.kind, c.open, m.role, m.state FROM chat_conversation c
            JOIN chat_membership m ON m.conversation_id = c.id
            WHERE c.id = ? AND m.subject = ?""")
        .params(id, subject)
        .query(
            (rs, row) ->
                new Membership(
                    rs.getString("kind"),
                    rs.getBoolean("open"),
                    Role.of(rs.getString("role")),
                    rs.getString("state").equals("active")))
        .optional();
  }

  /** Whether group {@code id} is open; empty when there is no such group. */
  Optional<Boolean> groupOpen(UUID id) {
    return db.jdbc()
        .sql("SELECT open FROM chat_conversation WHERE id = ? AND kind = 'group'")
        .param(id)
        .query(Boolean.class)
        .optional();
  }

  /** Whether an owner or moderator removed {@code subject} from group {@code id} (and it holds). */
  boolean removed(UUID id, String subject) {
    return db.jdbc()
        .sql(
            """
            SELECT 1 FROM chat_group_sanction
            WHERE conversation_id = ? AND subject = ? AND removed_at IS NOT NULL""")
        .params(id, subject)
        .query(Integer.class)
        .optional()
        .isPresent();
  }

  void recordRemoval(UUID id, String subject, String decidedBy) {
    db.jdbc()
        .sql(
            """
            INSERT INTO chat_group_sanction (conversation_id, subject, removed_at, decided_by)
            VALUES (?, ?, now(), ?) ON CONFLICT (conversation_id, subject)
            DO UPDATE SET removed_at = now(), decided_by = EXCLUDED.decided_by""")
        .params(id, subject, decidedBy)
        .update();
  }

  /** An owner's or moderator's invitation lets one they removed back in. */
  void liftRemoval(UUID id, String subject, String decidedBy) {
    db.jdbc()
        .sql(
            """
            UPDATE chat_group_sanction SET removed_at = NULL, decided_by = ?
            WHERE conversation_id = ? AND subject = ? AND removed_at IS NOT NULL""")
        .params(decidedBy, id, subject)
        .update();
  }

  /** Until when {@code subject} is muted in group {@code id}, if they are now. */
  Optional<Instant> mutedUntil(UUID id, String subject) {
    return db.jdbc()
        .sql(
            """
            SELECT muted_until FROM chat_group_sanction
            WHERE conversation_id = ? AND subject = ? AND muted_until > now()""")
        .params(id, subject)
        .query(Timestamp.class)
        .optional()
        .map(Timestamp::toInstant);
  }

  /**
   * The member's active conversations, counted holding the member's row: concurrent joins of one
   * member are counted one after the other and cannot pass the cap together.
   */
  long activeCountLocked(String subject) {
    Members.lockRow(db.jdbc(), subject);
    return db.jdbc()
        .sql("SELECT count(*) FROM chat_membership WHERE subject = ? AND state = 'active'")
        .param(subject)
        .query(Long.class)
        .single();
  }

  /**
   * The sequence number of the newest message of each conversation {@code subject} is active in.
   */
  Map<UUID, Long> lastSeqOfActive(String subject) {
    Map<UUID, Long> latest = new TreeMap<>();
    db.jdbc()
        .sql(
            """
            SELECT c.id, c.last_seq FROM chat_conversation c
            JOIN chat_membership m ON m.conversation_id = c.id
            WHERE m.subject = ? AND m.state = 'active'""")
        .param(subject)
        .query(
            (ResultSet rs) -> {
              latest.put(rs.getObject(1, UUID.class), rs.getLong(2));
            });
    return latest;
  }

  /** The subjects of the conversation's active members. */
  List<String> activeMembers(UUID id) {
    return db.jdbc()
        .sql("SELECT subject FROM chat_membership WHERE conversation_id = ? AND state = 'active'")
        .param(id)
        .query(String.class)
        .list();
  }

  /** The active owners and members of a group besides {@code subject}, in one query. */
  ConversationRules.Others others(UUID id, String subject) {
    return db.jdbc()
        .sql(
            """
            SELECT count(*) FILTER (WHERE role = 'owner'), count(*) FROM chat_membership
            WHERE conversation_id = ? AND subject <> ? AND state = 'active'""")
        .params(id, subject)
        .query((rs, row) -> new ConversationRules.Others(rs.getLong(1), rs.getLong(2)))
        .single();
  }

  /** The event triggers (V7) tell a member leaving from one removed, and who changed a role. */
  void actingAs(String subject) {
    db.jdbc()
        .sql("SELECT set_config('sundae_chat.actor', ?, true)")
        .param(subject)
        .query(String.class)
        .single();
  }

  /** Takes the group's row lock, as posts do: no race of membership changes leaves it ownerless. */
  void lock(UUID id) {
    db.jdbc()
        .sql("SELECT id FROM chat_conversation WHERE id = ? FOR UPDATE")
        .param(id)
        .query(UUID.class)
        .optional();
  }

  /**
   * The conversations {@code subject} is in or invited to, newest activity first: two queries
   * however many there are, not two per conversation.
   */
  List<Conversation> mine(String subject) {
    Map<UUID, List<Conversation.Member>> members = new HashMap<>();
    db.jdbc()
        .sql(
            "SELECT m.conversation_id, "
                + MEMBER_COLUMNS
                + MEMBERS_FROM
                + " WHERE m.conversation_id IN"
                + " (SELECT conversation_id FROM chat_membership WHERE subject = ?)"
                + MEMBERS_ORDER)
        .param(subject)
        .query(
            (ResultSet rs) -> {
              members
                  .computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
                  .add(member(rs, 2));
            });
    return db.jdbc()
        .sql(
            CONVERSATION_SELECT
                + " JOIN chat_membership m ON m.conversation_id = c.id WHERE m.subject = ?"
                + " ORDER BY c.last_seq DESC, c.created_at DESC")
        .param(subject)
        .query((rs, row) -> conversation(rs, members.getOrDefault(rowId(rs), List.of())))
        .list();
  }

  /** Conversation {@code id} with its members, if there is one. */
  Optional<Conversation> load(UUID id) {
    List<Conversation.Member> list =
        db.jdbc()
            .sql(
                "SELECT "
                    + MEMBER_COLUMNS
                    + MEMBERS_FROM
                    + " WHERE m.conversation_id = ?"
                    + MEMBERS_ORDER)
            .param(id)
            .query((rs, row) -> member(rs, 1))
            .list();
    return db.jdbc()
        .sql(CONVERSATION_SELECT + " WHERE c.id = ?")
        .param(id)
        .query((rs, row) -> conversation(rs, list))
        .optional();
  }

  private static final String MEMBER_COLUMNS = "m.subject, p.username, m.role, m.state";
  private static final String MEMBERS_FROM =
      " FROM chat_membership m JOIN chat_member p ON p.subject = m.subject";
  private static final String MEMBERS_ORDER = " ORDER BY m.joined_at NULLS LAST, m.subject";
  private static final String CONVERSATION_SELECT =
      "SELECT c.id, c.kind, c.title, c.open, c.last_seq, c.created_by, c.created_at"
          + " FROM chat_conversation c";

  /** A member from the row's {@link #MEMBER_COLUMNS}, the first at column {@code first}. */
  private static Conversation.Member member(ResultSet rs, int first) throws SQLException {
    return new Conversation.Member(
        rs.getString(first),
        rs.getString(first + 1),
        rs.getString(first + 2),
        rs.getString(first + 3));
  }

  private static UUID rowId(ResultSet rs) throws SQLException {
    return rs.getObject("id", UUID.class);
  }

  private static Conversation conversation(ResultSet rs, List<Conversation.Member> members)
      throws SQLException {
    return new Conversation(
        rowId(rs),
        rs.getString("kind"),
        rs.getString("title"),
        rs.getBoolean("open"),
        rs.getLong("last_seq"),
        rs.getString("created_by"),
        rs.getObject("created_at", Timestamp.class).toInstant(),
        members);
  }
}
