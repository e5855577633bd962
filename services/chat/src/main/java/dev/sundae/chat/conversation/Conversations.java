package dev.sundae.chat.conversation;

import dev.sundae.chat.member.Members;
import dev.sundae.chat.safety.Blocks;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Problems;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Conversations and who is in them, with the rules of who may do what. Every query runs on the
 * caller's tenant's pool, as its role, in its schema: a conversation id of another tenant is simply
 * not found.
 */
@Component
public class Conversations {

  /**
   * Conversations one member may be active in at once. A device's sync cursor names each of them,
   * so this is what bounds the cursor ({@code SyncCursor.MAX_ENCODED} is derived from it).
   */
  public static final int MAX_ACTIVE_PER_MEMBER = 5_000;

  private final TenantDatabases databases;
  private final Members members;
  private final Blocks blocks;

  Conversations(TenantDatabases databases, Members members, Blocks blocks) {
    this.databases = databases;
    this.members = members;
    this.blocks = blocks;
  }

  /**
   * A direct conversation of the caller with {@code other}: the existing one if there is one. The
   * other member is invited, not made active: until they accept (join, or start the same direct
   * conversation themselves) they receive nothing live from it and share no presence with the
   * caller, since presence goes only to members of a conversation both are active in. The caller's
   * messages wait for them, as a message request does.
   */
  public Created direct(Caller caller, String other) {
    if (other.equals(caller.subject())) {
      throw Problems.badRequest(
          "invalid-member", "with: a direct conversation needs another member");
    }
    requireMember(caller.tenant(), other);
    blocks.requireNotBlocked(caller, List.of(other));
    String pair =
        caller.subject().compareTo(other) < 0
            ? caller.subject() + " " + other
            : other + " " + caller.subject();
    TenantDatabase db = databases.of(caller.tenant());
    return db.transactions()
        .execute(
            tx -> {
              UUID id = UUID.randomUUID();
              int inserted =
                  db.jdbc()
                      .sql(
                          "INSERT INTO chat_conversation (id, kind, direct_pair, created_by)"
                              + " VALUES (?, 'direct', ?, ?) ON CONFLICT (direct_pair) DO NOTHING")
                      .params(id, pair, caller.subject())
                      .update();
              if (inserted == 0) {
                UUID existing =
                    db.jdbc()
                        .sql("SELECT id FROM chat_conversation WHERE direct_pair = ?")
                        .param(pair)
                        .query(UUID.class)
                        .single();
                // starting a conversation one was invited to is accepting it
                if (membership(caller.tenant(), existing, caller.subject())
                    .filter(m -> !m.active())
                    .isPresent()) {
                  acceptInvitation(db, existing, caller.subject());
                }
                return new Created(existing, false);
              }
              requireRoom(db, caller.subject());
              db.jdbc()
                  .sql(
                      "INSERT INTO chat_membership (conversation_id, subject, role, state,"
                          + " joined_at) VALUES (?, ?, 'member', 'active', now())")
                  .params(id, caller.subject())
                  .update();
              db.jdbc()
                  .sql(
                      "INSERT INTO chat_membership (conversation_id, subject, role, state,"
                          + " invited_by) VALUES (?, ?, 'member', 'invited', ?)")
                  .params(id, other, caller.subject())
                  .update();
              return new Created(id, true);
            });
  }

  /** A new group, owned by the caller. */
  public Created group(Caller caller, String title, boolean open) {
    TenantDatabase db = databases.of(caller.tenant());
    UUID id = UUID.randomUUID();
    db.transactions()
        .executeWithoutResult(
            tx -> {
              requireRoom(db, caller.subject());
              db.jdbc()
                  .sql(
                      "INSERT INTO chat_conversation (id, kind, title, open, created_by)"
                          + " VALUES (?, 'group', ?, ?, ?)")
                  .params(id, title, open, caller.subject())
                  .update();
              db.jdbc()
                  .sql(
                      "INSERT INTO chat_membership (conversation_id, subject, role, state,"
                          + " joined_at) VALUES (?, ?, 'owner', 'active', now())")
                  .params(id, caller.subject())
                  .update();
            });
    return new Created(id, true);
  }

  /**
   * The conversations the caller is in or invited to, newest activity first: two queries however
   * many there are (a member may be in {@link #MAX_ACTIVE_PER_MEMBER}), not two per conversation.
   */
  public List<Conversation> mine(Caller caller) {
    TenantDatabase db = databases.of(caller.tenant());
    Map<UUID, List<Conversation.Member>> members = new HashMap<>();
    db.jdbc()
        .sql(
            "SELECT m.conversation_id, "
                + MEMBER_COLUMNS
                + MEMBERS_FROM
                + " WHERE m.conversation_id IN"
                + " (SELECT conversation_id FROM chat_membership WHERE subject = ?)"
                + MEMBERS_ORDER)
        .param(caller.subject())
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
        .param(caller.subject())
        .query((rs, row) -> conversation(rs, members.getOrDefault(rowId(rs), List.of())))
        .list();
  }

  /** A conversation the caller is an active member of. */
  public Conversation get(Caller caller, UUID id) {
    requireActive(caller, id);
    return load(caller.tenant(), id);
  }

  /** Invites {@code subject} into a group; owners and moderators only. */
  public void invite(Caller caller, UUID id, String subject) {
    Membership own = requireActive(caller, id);
    requireGroup(own);
    if (!GroupRules.mayInvite(own.role())) {
      throw forbidden("not-allowed", "Only owners and moderators invite members");
    }
    requireMember(caller.tenant(), subject);
    TenantDatabase db = databases.of(caller.tenant());
    db.transactions()
        .executeWithoutResult(
            tx -> {
              int inserted =
                  db.jdbc()
                      .sql(
                          "INSERT INTO chat_membership"
                              + " (conversation_id, subject, role, state, invited_by)"
                              + " VALUES (?, ?, 'member', 'invited', ?) ON CONFLICT DO NOTHING")
                      .params(id, subject, caller.subject())
                      .update();
              if (inserted == 0) {
                throw conflict(
                    "already-member", subject + " is already in this conversation or invited");
              }
              // an owner's or moderator's invitation is their decision to let a removed one back
              db.jdbc()
                  .sql(
                      "UPDATE chat_group_sanction SET removed_at = NULL, decided_by = ?"
                          + " WHERE conversation_id = ? AND subject = ? AND removed_at IS NOT NULL")
                  .params(caller.subject(), id, subject)
                  .update();
            });
  }

  /**
   * Joins a conversation the caller was invited to (a group, or a direct one), or an open group.
   */
  public void join(Caller caller, UUID id) {
    TenantDatabase db = databases.of(caller.tenant());
    Optional<Membership> own = membership(caller.tenant(), id, caller.subject());
    if (own.isPresent() && own.get().active()) {
      return;
    }
    if (own.isPresent()) {
      db.transactions().executeWithoutResult(tx -> acceptInvitation(db, id, caller.subject()));
      return;
    }
    Boolean open =
        db.jdbc()
            .sql("SELECT open FROM chat_conversation WHERE id = ? AND kind = 'group'")
            .param(id)
            .query(Boolean.class)
            .optional()
            .orElseThrow(() -> notFound(id));
    if (!open) {
      throw forbidden("invitation-required", "This group is joined by invitation only");
    }
    if (db.jdbc()
        .sql(
            "SELECT 1 FROM chat_group_sanction WHERE conversation_id = ? AND subject = ?"
                + " AND removed_at IS NOT NULL")
        .params(id, caller.subject())
        .query(Integer.class)
        .optional()
        .isPresent()) {
      throw forbidden(
          "removed-from-group",
          "An owner or moderator removed you from this group; you join it again when invited");
    }
    db.transactions()
        .executeWithoutResult(
            tx -> {
              requireRoom(db, caller.subject());
              db.jdbc()
                  .sql(
                      "INSERT INTO chat_membership (conversation_id, subject, role, state,"
                          + " joined_at) VALUES (?, ?, 'member', 'active', now())"
                          + " ON CONFLICT DO NOTHING")
                  .params(id, caller.subject())
                  .update();
            });
  }

  /**
   * Makes an invited member active, if the cap leaves them room; within the caller's transaction.
   */
  private void acceptInvitation(TenantDatabase db, UUID id, String subject) {
    requireRoom(db, subject);
    db.jdbc()
        .sql(
            "UPDATE chat_membership SET state = 'active', joined_at = now()"
                + " WHERE conversation_id = ? AND subject = ? AND state = 'invited'")
        .params(id, subject)
        .update();
  }

  /**
   * Refuses one more active conversation to a member at {@link #MAX_ACTIVE_PER_MEMBER}. Runs in the
   * transaction that activates the membership, holding the member's row, so concurrent joins of one
   * member are counted one after the other and cannot pass the cap together.
   */
  private void requireRoom(TenantDatabase db, String subject) {
    db.jdbc()
        .sql("SELECT subject FROM chat_member WHERE subject = ? FOR UPDATE")
        .param(subject)
        .query(String.class)
        .optional();
    long active =
        db.jdbc()
            .sql("SELECT count(*) FROM chat_membership WHERE subject = ? AND state = 'active'")
            .param(subject)
            .query(Long.class)
            .single();
    if (active >= MAX_ACTIVE_PER_MEMBER) {
      throw conflict(
          "too-many-conversations",
          "You are in "
              + MAX_ACTIVE_PER_MEMBER
              + " conversations, the most one member may be in; leave one first");
    }
  }

  /**
   * Takes {@code subject} out of a group: the caller leaving, or an owner or moderator removing a
   * member (a moderator removes plain members only). The last owner cannot leave while others
   * remain.
   */
  public void remove(Caller caller, UUID id, String subject) {
    TenantDatabase db = databases.of(caller.tenant());
    boolean self = subject.equals(caller.subject());
    Membership own =
        self
            ? membership(caller.tenant(), id, subject).orElseThrow(() -> notAMember(id))
            : requireActive(caller, id);
    requireGroup(own);
    db.transactions()
        .executeWithoutResult(
            tx -> {
              lock(db, id);
              actingAs(db, caller);
              if (self) {
                Others others = own.role() == Role.OWNER ? others(db, id, subject) : null;
                if (others != null
                    && !GroupRules.mayLeave(own.role(), others.owners(), others.active())) {
                  throw conflict(
                      "last-owner",
                      "The last owner cannot leave while members remain; make another member"
                          + " owner first");
                }
              } else {
                Membership target =
                    membership(caller.tenant(), id, subject)
                        .orElseThrow(
                            () ->
                                Problems.notFound(
                                    "member-not-found",
                                    "Member not found",
                                    subject + " is not in this conversation"));
                if (!GroupRules.mayRemove(own.role(), target.role())) {
                  throw forbidden(
                      "not-allowed",
                      "Owners remove anyone; moderators remove members only; members remove"
                          + " nobody but themselves");
                }
              }
              db.jdbc()
                  .sql("DELETE FROM chat_membership WHERE conversation_id = ? AND subject = ?")
                  .params(id, subject)
                  .update();
              if (!self) {
                db.jdbc()
                    .sql(
                        "INSERT INTO chat_group_sanction"
                            + " (conversation_id, subject, removed_at, decided_by)"
                            + " VALUES (?, ?, now(), ?) ON CONFLICT (conversation_id, subject)"
                            + " DO UPDATE SET removed_at = now(), decided_by = EXCLUDED.decided_by")
                    .params(id, subject, caller.subject())
                    .update();
              }
            });
  }

  /** Changes the role of an active member of a group; owners only, and a group keeps an owner. */
  public void changeRole(Caller caller, UUID id, String subject, Role role) {
    TenantDatabase db = databases.of(caller.tenant());
    Membership own = requireActive(caller, id);
    requireGroup(own);
    if (!GroupRules.mayChangeRoles(own.role())) {
      throw forbidden("not-allowed", "Only owners change roles");
    }
    db.transactions()
        .executeWithoutResult(
            tx -> {
              lock(db, id);
              actingAs(db, caller);
              Membership target =
                  membership(caller.tenant(), id, subject)
                      .filter(Membership::active)
                      .orElseThrow(
                          () ->
                              Problems.notFound(
                                  "member-not-found",
                                  "Member not found",
                                  subject + " is not an active member of this conversation"));
              if (target.role() == Role.OWNER
                  && !GroupRules.keepsAnOwner(
                      target.role(), role, others(db, id, subject).owners())) {
                throw conflict("last-owner", "A group keeps at least one owner");
              }
              db.jdbc()
                  .sql(
                      "UPDATE chat_membership SET role = ? WHERE conversation_id = ? AND subject"
                          + " = ?")
                  .params(role.value(), id, subject)
                  .update();
            });
  }

  /** The caller's membership, which must be active: 404 for no such conversation, else 403. */
  public Membership requireActive(Caller caller, UUID id) {
    Membership own =
        membership(caller.tenant(), id, caller.subject()).orElseThrow(() -> notAMember(id));
    if (!own.active()) {
      throw forbidden("not-a-member", "You are invited to this conversation; join it first");
    }
    return own;
  }

  /**
   * Refuses (403) a caller a group's owner or moderator has muted, until the mute ends, whether or
   * not the caller left and joined again since.
   */
  public void requireNotMuted(Caller caller, UUID id) {
    databases
        .of(caller.tenant())
        .jdbc()
        .sql(
            "SELECT muted_until FROM chat_group_sanction WHERE conversation_id = ? AND subject = ?"
                + " AND muted_until > now()")
        .params(id, caller.subject())
        .query(Timestamp.class)
        .optional()
        .ifPresent(
            until -> {
              throw forbidden(
                  "muted", "A moderator muted you in this group until " + until.toInstant());
            });
  }

  /** The subjects of the conversation's active members. */
  public List<String> activeMembers(TenantConfig tenant, UUID id) {
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT subject FROM chat_membership WHERE conversation_id = ? AND state = 'active'")
        .param(id)
        .query(String.class)
        .list();
  }

  private Optional<Membership> membership(TenantConfig tenant, UUID id, String subject) {
    return databases
        .of(tenant)
        .jdbc()
        .sql(
            "SELECT c.kind, c.open, m.role, m.state FROM chat_conversation c"
                + " JOIN chat_membership m ON m.conversation_id = c.id"
                + " WHERE c.id = ? AND m.subject = ?")
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

  private RuntimeException notAMember(UUID id) {
    return forbidden("not-a-member", "You are not a member of conversation " + id);
  }

  private static final String MEMBER_COLUMNS = "m.subject, p.username, m.role, m.state";
  private static final String MEMBERS_FROM =
      " FROM chat_membership m JOIN chat_member p ON p.subject = m.subject";
  private static final String MEMBERS_ORDER = " ORDER BY m.joined_at NULLS LAST, m.subject";
  private static final String CONVERSATION_SELECT =
      "SELECT c.id, c.kind, c.title, c.open, c.last_seq, c.created_by, c.created_at"
          + " FROM chat_conversation c";

  private Conversation load(TenantConfig tenant, UUID id) {
    TenantDatabase db = databases.of(tenant);
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
        .optional()
        .orElseThrow(() -> notFound(id));
  }

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

  private void requireMember(TenantConfig tenant, String subject) {
    if (!members.exists(tenant, subject)) {
      throw Problems.notFound(
          "member-not-found",
          "Member not found",
          "No member " + subject + " in this community (members appear once they sign in)");
    }
  }

  // the event triggers (V7) tell a member leaving from one removed, and who changed a role, by it
  private static void actingAs(TenantDatabase db, Caller caller) {
    db.jdbc()
        .sql("SELECT set_config('sundae_chat.actor', ?, true)")
        .param(caller.subject())
        .query(String.class)
        .single();
  }

  // membership changes of one group take its row lock, as posts do: no race leaves it ownerless
  private static void lock(TenantDatabase db, UUID id) {
    db.jdbc()
        .sql("SELECT id FROM chat_conversation WHERE id = ? FOR UPDATE")
        .param(id)
        .query(UUID.class)
        .optional();
  }

  /** The active owners and members of a group besides {@code subject}, in one query. */
  private static Others others(TenantDatabase db, UUID id, String subject) {
    return db.jdbc()
        .sql(
            "SELECT count(*) FILTER (WHERE role = 'owner'), count(*) FROM chat_membership"
                + " WHERE conversation_id = ? AND subject <> ? AND state = 'active'")
        .params(id, subject)
        .query((rs, row) -> new Others(rs.getLong(1), rs.getLong(2)))
        .single();
  }

  private record Others(long owners, long active) {}

  private static void requireGroup(Membership own) {
    if (own.direct()) {
      throw conflict("direct-conversation", "A direct conversation has exactly its two members");
    }
  }

  private static RuntimeException notFound(UUID id) {
    return Problems.notFound(
        "conversation-not-found", "Conversation not found", "No conversation " + id);
  }

  static RuntimeException forbidden(String type, String detail) {
    return Problems.of(HttpStatus.FORBIDDEN, type, "Forbidden", detail);
  }

  static RuntimeException conflict(String type, String detail) {
    return Problems.of(HttpStatus.CONFLICT, type, "Conflict", detail);
  }

  /**
   * @param id the conversation
   * @param created false when an existing direct conversation was found
   */
  public record Created(UUID id, boolean created) {}
}
