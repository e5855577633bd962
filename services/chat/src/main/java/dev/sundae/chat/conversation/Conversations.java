package dev.sundae.chat.conversation;

import dev.sundae.chat.conversation.ConversationRules.Join;
import dev.sundae.chat.member.Members;
import dev.sundae.chat.safety.Blocks;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Refusal;
import dev.sundae.web.tenant.TenantDatabases;
import dev.sundae.web.tenant.TenantDatabases.TenantDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Conversations and who is in them: each operation reads the facts through a {@link
 * ConversationStore} on the caller's tenant's database (its role, its schema: a conversation id of
 * another tenant is simply not found), asks {@link ConversationRules}, and writes in one
 * transaction. Refusals are {@link Refusal}s, answered as problems by the web layer.
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
    ConversationRules.requireOther(caller.subject(), other);
    requireMember(caller.tenant(), other);
    blocks.requireNotBlocked(caller, List.of(other));
    String pair =
        caller.subject().compareTo(other) < 0
            ? caller.subject() + " " + other
            : other + " " + caller.subject();
    return inTransaction(
        caller,
        store -> {
          UUID id = UUID.randomUUID();
          if (!store.insertDirect(id, pair, caller.subject())) {
            UUID existing = store.directOf(pair);
            // starting a conversation one was invited to is accepting it
            if (store.membership(existing, caller.subject()).filter(m -> !m.active()).isPresent()) {
              acceptInvitation(store, existing, caller.subject());
            }
            return new Created(existing, false);
          }
          ConversationRules.requireRoom(store.activeCountLocked(caller.subject()));
          store.insertActive(id, caller.subject(), Role.MEMBER);
          store.insertInvited(id, other, caller.subject());
          return new Created(id, true);
        });
  }

  /** A new group, owned by the caller. */
  public Created group(Caller caller, String title, boolean open) {
    UUID id = UUID.randomUUID();
    return inTransaction(
        caller,
        store -> {
          ConversationRules.requireRoom(store.activeCountLocked(caller.subject()));
          store.insertGroup(id, title, open, caller.subject());
          store.insertActive(id, caller.subject(), Role.OWNER);
          return new Created(id, true);
        });
  }

  /**
   * The conversations the caller is in or invited to, newest activity first: two queries however
   * many there are (a member may be in {@link #MAX_ACTIVE_PER_MEMBER}), not two per conversation.
   */
  public List<Conversation> mine(Caller caller) {
    return store(caller.tenant()).mine(caller.subject());
  }

  /** A conversation the caller is an active member of. */
  public Conversation get(Caller caller, UUID id) {
    ConversationStore store = store(caller.tenant());
    ConversationRules.requireActive(store.membership(id, caller.subject()), id);
    return store.load(id).orElseThrow(() -> ConversationRules.notFound(id));
  }

  /** Invites {@code subject} into a group; owners and moderators only. */
  public void invite(Caller caller, UUID id, String subject) {
    ConversationRules.requireMayInvite(requireActive(caller, id));
    requireMember(caller.tenant(), subject);
    inTransaction(
        caller,
        store -> {
          if (!store.insertInvited(id, subject, caller.subject())) {
            throw Refusal.conflict(
                "already-member", subject + " is already in this conversation or invited");
          }
          // an owner's or moderator's invitation is their decision to let a removed one back
          store.liftRemoval(id, subject, caller.subject());
          return null;
        });
  }

  /**
   * Joins a conversation the caller was invited to (a group, or a direct one), or an open group.
   */
  public void join(Caller caller, UUID id) {
    ConversationStore store = store(caller.tenant());
    Optional<Membership> own = store.membership(id, caller.subject());
    Join join =
        own.isPresent()
            ? ConversationRules.join(own, id, Optional.empty(), false)
            : ConversationRules.join(
                own, id, store.groupOpen(id), store.removed(id, caller.subject()));
    switch (join) {
      case NOTHING -> {}
      case ACCEPT_INVITATION ->
          inTransaction(caller, tx -> acceptInvitation(tx, id, caller.subject()));
      case ENTER_OPEN_GROUP ->
          inTransaction(
              caller,
              tx -> {
                ConversationRules.requireRoom(tx.activeCountLocked(caller.subject()));
                tx.insertActive(id, caller.subject(), Role.MEMBER);
                return null;
              });
    }
  }

  /** Makes an invited member active, if the cap leaves them room; within a transaction. */
  private static Void acceptInvitation(ConversationStore store, UUID id, String subject) {
    ConversationRules.requireRoom(store.activeCountLocked(subject));
    store.activate(id, subject);
    return null;
  }

  /**
   * Takes {@code subject} out of a group: the caller leaving, or an owner or moderator removing a
   * member (a moderator removes plain members only). The last owner cannot leave while others
   * remain.
   */
  public void remove(Caller caller, UUID id, String subject) {
    boolean self = subject.equals(caller.subject());
    ConversationStore reader = store(caller.tenant());
    Membership own =
        self
            ? ConversationRules.requireIn(reader.membership(id, subject), id)
            : requireActive(caller, id);
    ConversationRules.requireGroup(own);
    inTransaction(
        caller,
        store -> {
          store.lock(id);
          store.actingAs(caller.subject());
          if (self) {
            if (own.role() == Role.OWNER) {
              ConversationRules.requireMayLeave(own, store.others(id, subject));
            }
          } else {
            ConversationRules.requireMayRemove(own, store.membership(id, subject), subject);
          }
          store.deleteMembership(id, subject);
          if (!self) {
            store.recordRemoval(id, subject, caller.subject());
          }
          return null;
        });
  }

  /** Changes the role of an active member of a group; owners only, and a group keeps an owner. */
  public void changeRole(Caller caller, UUID id, String subject, Role role) {
    ConversationRules.requireMayChangeRoles(requireActive(caller, id));
    inTransaction(
        caller,
        store -> {
          store.lock(id);
          store.actingAs(caller.subject());
          ConversationRules.requireRoleChange(
              store.membership(id, subject),
              subject,
              role,
              () -> store.others(id, subject).owners());
          store.updateRole(id, subject, role);
          return null;
        });
  }

  /** The caller's membership, which must be active: 403 when they are not in it, or invited. */
  public Membership requireActive(Caller caller, UUID id) {
    return ConversationRules.requireActive(
        store(caller.tenant()).membership(id, caller.subject()), id);
  }

  /**
   * Refuses (403) a caller a group's owner or moderator has muted, until the mute ends, whether or
   * not the caller left and joined again since.
   */
  public void requireNotMuted(Caller caller, UUID id) {
    ConversationRules.requireNotMuted(store(caller.tenant()).mutedUntil(id, caller.subject()));
  }

  /**
   * The newest message's sequence number of each conversation the caller is active in, by id: what
   * a device's sync compares its cursor with.
   */
  public Map<UUID, Long> lastSeqOfActive(Caller caller) {
    return store(caller.tenant()).lastSeqOfActive(caller.subject());
  }

  /** The subjects of the conversation's active members. */
  public List<String> activeMembers(TenantConfig tenant, UUID id) {
    return store(tenant).activeMembers(id);
  }

  private ConversationStore store(TenantConfig tenant) {
    return new ConversationStore(databases.of(tenant));
  }

  private <T> T inTransaction(Caller caller, Function<ConversationStore, T> work) {
    TenantDatabase db = databases.of(caller.tenant());
    ConversationStore store = new ConversationStore(db);
    return db.transactions().execute(tx -> work.apply(store));
  }

  private void requireMember(TenantConfig tenant, String subject) {
    if (!members.exists(tenant, subject)) {
      throw Refusal.notFound(
          "member-not-found",
          "Member not found",
          "No member " + subject + " in this community (members appear once they sign in)");
    }
  }

  /**
   * @param id the conversation
   * @param created false when an existing direct conversation was found
   */
  public record Created(UUID id, boolean created) {}
}
