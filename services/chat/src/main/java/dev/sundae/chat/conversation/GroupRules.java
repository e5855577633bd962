package dev.sundae.chat.conversation;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may do what to whom in a group, apart from SQL and HTTP: {@link Conversations} and {@code
 * safety/Moderation} read the facts (roles, counts) from the database, ask these rules, and answer
 * a refusal as a problem. Owners govern the group, moderators its plain members, members nobody but
 * themselves; a group always keeps an owner.
 */
public final class GroupRules {

  private GroupRules() {}

  /** Owners and moderators invite members. */
  public static boolean mayInvite(Role actor) {
    return actor.manages();
  }

  /** Owners remove anyone; moderators plain members only; members nobody (they leave). */
  public static boolean mayRemove(Role actor, Role target) {
    return actor == Role.OWNER || (actor == Role.MODERATOR && target == Role.MEMBER);
  }

  /** Owners only change roles. */
  public static boolean mayChangeRoles(Role actor) {
    return actor == Role.OWNER;
  }

  /** The roles {@code actor} may mute: owners mute moderators and members, moderators members. */
  public static Set<Role> mutable(Role actor) {
    return switch (actor) {
      case OWNER -> EnumSet.of(Role.MODERATOR, Role.MEMBER);
      case MODERATOR -> EnumSet.of(Role.MEMBER);
      case MEMBER -> EnumSet.noneOf(Role.class);
    };
  }

  /** Owners and moderators remove messages of their group. */
  public static boolean mayRemoveMessages(Role actor) {
    return actor.manages();
  }

  /**
   * Whether a member may leave: anyone but the last owner of a group others are still in.
   *
   * @param otherOwners active owners besides the one leaving
   * @param othersActive active members besides the one leaving
   */
  public static boolean mayLeave(Role leaving, long otherOwners, long othersActive) {
    return leaving != Role.OWNER || otherOwners > 0 || othersActive == 0;
  }

  /** Whether {@code target} may become {@code role}: the last owner stays an owner. */
  public static boolean keepsAnOwner(Role target, Role role, long otherOwners) {
    return target != Role.OWNER || role == Role.OWNER || otherOwners > 0;
  }
}
