package dev.sundae.chat.conversation;

import dev.sundae.web.Refusal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The rules of conversations and memberships, apart from SQL and HTTP: each takes the facts {@link
 * Conversations} read (a membership, counts, a group's state) and refuses with a {@link Refusal},
 * which the web layer answers as a problem. Who may do what to whom in a group is {@link
 * GroupRules}; these add what a request needs besides (being in the conversation, room for one
 * more, a group rather than a direct conversation).
 */
final class ConversationRules {

  /**
   * The active owners and members of a group besides one member.
   *
   * @param owners active owners besides them
   * @param active active members (owners included) besides them
   */
  record Others(long owners, long active) {}

  /** What joining a conversation does, for a caller allowed to. */
  enum Join {
    /** Already an active member: nothing. */
    NOTHING,
    /** Invited: the invitation is accepted. */
    ACCEPT_INVITATION,
    /** Not in it: they enter an open group. */
    ENTER_OPEN_GROUP
  }

  private ConversationRules() {}

  /** A direct conversation is with another member. */
  static void requireOther(String caller, String other) {
    if (other.equals(caller)) {
      throw Refusal.invalid("invalid-member", "with: a direct conversation needs another member");
    }
  }

  /** The caller's membership, which must be active. */
  static Membership requireActive(Optional<Membership> own, UUID id) {
    Membership membership = own.orElseThrow(() -> notAMember(id));
    if (!membership.active()) {
      throw Refusal.forbidden(
          "not-a-member", "You are invited to this conversation; join it first");
    }
    return membership;
  }

  /** The caller's membership, active or invited. */
  static Membership requireIn(Optional<Membership> own, UUID id) {
    return own.orElseThrow(() -> notAMember(id));
  }

  /** Roles, invitations and removals are a group's; a direct conversation has its two. */
  static void requireGroup(Membership own) {
    if (own.direct()) {
      throw Refusal.conflict(
          "direct-conversation", "A direct conversation has exactly its two members");
    }
  }

  static void requireMayInvite(Membership own) {
    requireGroup(own);
    if (!GroupRules.mayInvite(own.role())) {
      throw Refusal.forbidden("not-allowed", "Only owners and moderators invite members");
    }
  }

  /**
   * What joining does for a caller whose membership is {@code own}; when they have none, whether
   * they may enter the group: it must exist ({@code open} empty: no such group), be open, and not
   * be one an owner or moderator removed them from.
   */
  static Join join(Optional<Membership> own, UUID id, Optional<Boolean> open, boolean removed) {
    if (own.isPresent()) {
      return own.get().active() ? Join.NOTHING : Join.ACCEPT_INVITATION;
    }
    if (open.isEmpty()) {
      throw notFound(id);
    }
    if (!open.get()) {
      throw Refusal.forbidden("invitation-required", "This group is joined by invitation only");
    }
    if (removed) {
      throw Refusal.forbidden(
          "removed-from-group",
          "An owner or moderator removed you from this group; you join it again when invited");
    }
    return Join.ENTER_OPEN_GROUP;
  }

  /** One more active conversation for a member already active in {@code active}. */
  static void requireRoom(long active) {
    if (active >= Conversations.MAX_ACTIVE_PER_MEMBER) {
      throw Refusal.conflict(
          "too-many-conversations",
          "You are in "
              + Conversations.MAX_ACTIVE_PER_MEMBER
              + " conversations, the most one member may be in; leave one first");
    }
  }

  /** The last owner of a group stays while others remain. */
  static void requireMayLeave(Membership own, Others others) {
    if (!GroupRules.mayLeave(own.role(), others.owners(), others.active())) {
      throw Refusal.conflict(
          "last-owner",
          "The last owner cannot leave while members remain; make another member owner first");
    }
  }

  /** Owners remove anyone, moderators plain members, members nobody but themselves. */
  static void requireMayRemove(Membership own, Optional<Membership> target, String subject) {
    Membership them =
        target.orElseThrow(() -> memberNotFound(subject + " is not in this conversation"));
    if (!GroupRules.mayRemove(own.role(), them.role())) {
      throw Refusal.forbidden(
          "not-allowed",
          "Owners remove anyone; moderators remove members only; members remove nobody but"
              + " themselves");
    }
  }

  static void requireMayChangeRoles(Membership own) {
    requireGroup(own);
    if (!GroupRules.mayChangeRoles(own.role())) {
      throw Refusal.forbidden("not-allowed", "Only owners change roles");
    }
  }

  /**
   * The member whose role changes must be active, and a group keeps an owner: {@code otherOwners}
   * is asked only when the change takes an owner's role away.
   */
  static void requireRoleChange(
      Optional<Membership> target, String subject, Role role, LongSupplier otherOwners) {
    Membership them =
        target
            .filter(Membership::active)
            .orElseThrow(
                () -> memberNotFound(subject + " is not an active member of this conversation"));
    if (them.role() == Role.OWNER
        && !GroupRules.keepsAnOwner(them.role(), role, otherOwners.getAsLong())) {
      throw Refusal.conflict("last-owner", "A group keeps at least one owner");
    }
  }

  /** A member an owner or moderator muted posts nothing until the mute ends. */
  static void requireNotMuted(Optional<Instant> mutedUntil) {
    mutedUntil.ifPresent(
        until -> {
          throw Refusal.forbidden("muted", "A moderator muted you in this group until " + until);
        });
  }

  static Refusal notFound(UUID id) {
    return Refusal.notFound(
        "conversation-not-found", "Conversation not found", "No conversation " + id);
  }

  static Refusal memberNotFound(String detail) {
    return Refusal.notFound("member-not-found", "Member not found", detail);
  }

  private static Refusal notAMember(UUID id) {
    return Refusal.forbidden("not-a-member", "You are not a member of conversation " + id);
  }
}
