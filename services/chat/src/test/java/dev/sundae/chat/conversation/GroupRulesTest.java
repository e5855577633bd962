package dev.sundae.chat.conversation;

import static dev.sundae.chat.conversation.Role.OWNER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GroupRulesTest {

  /** actor, target, invites, removes the target, changes roles, mutes the target, removes posts. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "OWNER,     OWNER,     true,  true,  true,  false, true",
    "OWNER,     MODERATOR, true,  true,  true,  true,  true",
    "OWNER,     MEMBER,    true,  true,  true,  true,  true",
    "MODERATOR, OWNER,     true,  false, false, false, true",
    "MODERATOR, MODERATOR, true,  false, false, false, true",
    "MODERATOR, MEMBER,    true,  true,  false, true,  true",
    "MEMBER,    OWNER,     false, false, false, false, false",
    "MEMBER,    MODERATOR, false, false, false, false, false",
    "MEMBER,    MEMBER,    false, false, false, false, false",
  })
  void whoMayDoWhatToWhom(
      Role actor,
      Role target,
      boolean invites,
      boolean removes,
      boolean changesRoles,
      boolean mutes,
      boolean removesMessages) {
    assertThat(GroupRules.mayInvite(actor)).as("invite").isEqualTo(invites);
    assertThat(GroupRules.mayRemove(actor, target)).as("remove").isEqualTo(removes);
    assertThat(GroupRules.mayChangeRoles(actor)).as("change roles").isEqualTo(changesRoles);
    assertThat(GroupRules.mutable(actor).contains(target)).as("mute").isEqualTo(mutes);
    assertThat(GroupRules.mayRemoveMessages(actor))
        .as("remove messages")
        .isEqualTo(removesMessages);
  }

  /** leaving role, other owners, others active, may leave. */
  @ParameterizedTest(name = "{0} with {1} other owners and {2} others")
  @CsvSource({
    "OWNER,     0, 0, true", // the last one out
    "OWNER,     0, 3, false", // the last owner, members remain
    "OWNER,     1, 3, true",
    "MODERATOR, 0, 3, true",
    "MEMBER,    0, 3, true",
  })
  void theLastOwnerStaysWhileOthersRemain(
      Role leaving, long otherOwners, long othersActive, boolean mayLeave) {
    assertThat(GroupRules.mayLeave(leaving, otherOwners, othersActive)).isEqualTo(mayLeave);
  }

  /** target's role, new role, other owners, allowed. */
  @ParameterizedTest(name = "{0} -> {1} with {2} other owners")
  @CsvSource({
    "OWNER,     MEMBER,    0, false",
    "OWNER,     MODERATOR, 0, false",
    "OWNER,     OWNER,     0, true",
    "OWNER,     MEMBER,    1, true",
    "MEMBER,    OWNER,     0, true",
    "MODERATOR, MEMBER,    0, true",
  })
  void aGroupKeepsAnOwner(Role target, Role role, long otherOwners, boolean allowed) {
    assertThat(GroupRules.keepsAnOwner(target, role, otherOwners)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource({"OWNER", "MODERATOR", "MEMBER"})
  void nobodyMutesAnOwner(Role actor) {
    assertThat(GroupRules.mutable(actor)).doesNotContain(OWNER);
    assertThat(EnumSet.allOf(Role.class)).containsAll(GroupRules.mutable(actor));
  }
}
