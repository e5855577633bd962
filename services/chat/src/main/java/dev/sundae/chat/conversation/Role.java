package dev.sundae.chat.conversation;

import java.util.Locale;

/** A member's role in a group; a direct conversation has members only. */
public enum Role {
  OWNER,
  MODERATOR,
  MEMBER;

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role of(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Owners and moderators invite and remove members. */
  public boolean manages() {
    return this != MEMBER;
  }
}
