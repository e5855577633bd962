package dev.sundae.chat.conversation;

/**
 * One member's place in a conversation.
 *
 * @param kind the conversation's kind
 * @param open whether the group is open to anyone admitted
 * @param role the member's role
 * @param active true once joined; false while invited
 */
public record Membership(String kind, boolean open, Role role, boolean active) {

  public boolean direct() {
    return kind.equals("direct");
  }
}
