package dev.sundae.chat.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sundae.chat.conversation.ConversationRules.Others;
import dev.sundae.web.Refusal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConversationRulesTest {

  private static final UUID ID = UUID.randomUUID();

  /**
   * The caller's place (none, invited or active, in a group or a direct conversation), the group
   * (missing, open, closed), whether they were removed from it: what joining does, or the refusal.
   */
  @ParameterizedTest(name = "{0} in {1}, group {2}, removed {3} -> {4}")
  @CsvSource({
    "active,  group,  open,    false, NOTHING",
    "invited, group,  closed,  false, ACCEPT_INVITATION",
    "invited, direct, missing, false, ACCEPT_INVITATION",
    // an invitation after a removal is an owner's or moderator's decision to let them back
    "invited, group,  closed,  true,  ACCEPT_INVITATION",
    "none,    group,  open,    false, ENTER_OPEN_GROUP",
    "none,    group,  open,    true,  FORBIDDEN removed-from-group",
    "none,    group,  closed,  false, FORBIDDEN invitation-required",
    "none,    group,  missing, false, NOT_FOUND conversation-not-found",
  })
  void joining(String place, String kind, String group, boolean removed, String outcome) {
    Optional<Membership> own =
        place.equals("none")
            ? Optional.empty()
            : Optional.of(
                new Membership(kind, group.equals("open"), Role.MEMBER, place.equals("active")));
    Optional<Boolean> open =
        group.equals("missing") ? Optional.empty() : Optional.of(group.equals("open"));

    assertThat(outcome(() -> ConversationRules.join(own, ID, open, removed).name()))
        .isEqualTo(outcome);
  }

  /** The caller's place, and what a request that needs an active member answers. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "active,  ok",
    "invited, FORBIDDEN not-a-member",
    "none,    FORBIDDEN not-a-member",
  })
  void onlyActiveMembersUseAConversation(String place, String outcome) {
    Optional<Membership> own =
        place.equals("none")
            ? Optional.empty()
            : Optional.of(new Membership("group", false, Role.MEMBER, place.equals("active")));

    assertThat(outcome(() -> ConversationRules.requireActive(own, ID) != null ? "ok" : "?"))
        .isEqualTo(outcome);
  }

  /** Caller's role and the conversation's kind: who invites, who changes roles. */
  @ParameterizedTest(name = "{0} in a {1}")
  @CsvSource({
    "OWNER,     group,  ok,                            ok",
    "MODERATOR, group,  ok,                            FORBIDDEN not-allowed",
    "MEMBER,    group,  FORBIDDEN not-allowed,         FORBIDDEN not-allowed",
    "MEMBER,    direct, CONFLICT direct-conversation, CONFLICT direct-conversation",
  })
  void invitingAndChangingRoles(Role role, String kind, String invites, String changesRoles) {
    Membership own = new Membership(kind, false, role, true);

    assertThat(outcome(() -> run(() -> ConversationRules.requireMayInvite(own))))
        .as("invite")
        .isEqualTo(invites);
    assertThat(outcome(() -> run(() -> ConversationRules.requireMayChangeRoles(own))))
        .as("change roles")
        .isEqualTo(changesRoles);
  }

  /** Caller's role, target's role (or none): removing them. */
  @ParameterizedTest(name = "{0} removes {1}")
  @CsvSource({
    "OWNER,     OWNER,     ok",
    "OWNER,     MODERATOR, ok",
    "MODERATOR, MEMBER,    ok",
    "MODERATOR, MODERATOR, FORBIDDEN not-allowed",
    "MEMBER,    MEMBER,    FORBIDDEN not-allowed",
    "OWNER,     none,      NOT_FOUND member-not-found",
  })
  void removingOthers(Role actor, String target, String outcome) {
    Membership own = new Membership("group", false, actor, true);
    Optional<Membership> them =
        target.equals("none")
            ? Optional.empty()
            : Optional.of(new Membership("group", false, Role.valueOf(target), true));

    assertThat(outcome(() -> run(() -> ConversationRules.requireMayRemove(own, them, "x"))))
        .isEqualTo(outcome);
  }

  /** Target's role and state, the new role, other owners: a group keeps an owner. */
  @ParameterizedTest(name = "{0} ({1}) -> {2} with {3} other owners")
  @CsvSource({
    "OWNER,  active,  MEMBER, 0, CONFLICT last-owner",
    "OWNER,  active,  MEMBER, 1, ok",
    "MEMBER, active,  OWNER,  0, ok",
    "MEMBER, invited, OWNER,  0, NOT_FOUND member-not-found",
  })
  void changingRoles(Role target, String state, Role role, long otherOwners, String outcome) {
    Optional<Membership> them =
        Optional.of(new Membership("group", false, target, state.equals("active")));

    assertThat(
            outcome(
                () ->
                    run(
                        () ->
                            ConversationRules.requireRoleChange(
                                them, "x", role, () -> otherOwners))))
        .isEqualTo(outcome);
  }

  @Test
  void theOwnersAreCountedOnlyWhenAnOwnersRoleIsTakenAway() {
    Optional<Membership> member = Optional.of(new Membership("group", false, Role.MEMBER, true));

    assertThatCode(
            () ->
                ConversationRules.requireRoleChange(
                    member,
                    "x",
                    Role.MODERATOR,
                    () -> {
                      throw new AssertionError("counted the owners of a member's change");
                    }))
        .doesNotThrowAnyException();
  }

  /** Role, other owners, others active: leaving. */
  @ParameterizedTest(name = "{0} with {1} other owners and {2} others")
  @CsvSource({
    "OWNER,  0, 0, ok",
    "OWNER,  0, 2, CONFLICT last-owner",
    "OWNER,  1, 2, ok",
    "MEMBER, 0, 2, ok",
  })
  void leaving(Role role, long owners, long active, String outcome) {
    Membership own = new Membership("group", false, role, true);

    assertThat(
            outcome(
                () ->
                    run(() -> ConversationRules.requireMayLeave(own, new Others(owners, active)))))
        .isEqualTo(outcome);
  }

  @Test
  void aMemberHasRoomUntilTheCap() {
    assertThat(
            outcome(
                () ->
                    run(
                        () ->
                            ConversationRules.requireRoom(
                                Conversations.MAX_ACTIVE_PER_MEMBER - 1))))
        .isEqualTo("ok");
    assertThat(
            outcome(
                () ->
                    run(() -> ConversationRules.requireRoom(Conversations.MAX_ACTIVE_PER_MEMBER))))
        .isEqualTo("CONFLICT too-many-conversations");
  }

  @Test
  void aMutedMemberIsRefusedUntilTheMuteEnds() {
    Instant until = Instant.parse("2026-12-06T12:00:00Z");
    Refusal refusal =
        catchThrowableOfType(
            Refusal.class, () -> ConversationRules.requireNotMuted(Optional.of(until)));

    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.FORBIDDEN);
    assertThat(refusal.detail()).contains(until.toString());
    assertThatCode(() -> ConversationRules.requireNotMuted(Optional.empty()))
        .doesNotThrowAnyException();
  }

  @Test
  void aDirectConversationIsWithSomeoneElse() {
    assertThat(outcome(() -> run(() -> ConversationRules.requireOther("ana", "ana"))))
        .isEqualTo("INVALID invalid-member");
    assertThat(outcome(() -> run(() -> ConversationRules.requireOther("ana", "ben"))))
        .isEqualTo("ok");
  }

  private static String run(Runnable rule) {
    rule.run();
    return "ok";
  }

  /** What a rule answered: its result, or the refusal's kind and type. */
  private static String outcome(java.util.function.Supplier<String> rule) {
    try {
      return rule.get();
    } catch (Refusal refusal) {
      return refusal.kind() + " " + refusal.type();
    }
  }
}
