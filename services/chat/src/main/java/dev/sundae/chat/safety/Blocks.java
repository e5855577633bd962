package dev.sundae.chat.safety;

import dev.sundae.chat.member.Members;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Refusal;
import dev.sundae.web.tenant.TenantDatabases;
import java.util.List;
import org.springframework.stereotype.Component;

/** Who blocked whom, and the checks that follow from it. */
@Component
public class Blocks {

  private final TenantDatabases databases;
  private final Members members;

  Blocks(TenantDatabases databases, Members members) {
    this.databases = databases;
    this.members = members;
  }

  public void block(Caller caller, String subject) {
    if (subject.equals(caller.subject())) {
      throw Refusal.invalid("invalid-request", "subject: you cannot block yourself");
    }
    if (!members.exists(caller.tenant(), subject)) {
      throw Refusal.notFound("member-not-found", "Member not found", "No member " + subject);
    }
    databases
        .of(caller.tenant())
        .jdbc()
        .sql("INSERT INTO chat_block (blocker, blocked) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .params(caller.subject(), subject)
        .update();
  }

  public void unblock(Caller caller, String subject) {
    databases
        .of(caller.tenant())
        .jdbc()
        .sql("DELETE FROM chat_block WHERE blocker = ? AND blocked = ?")
        .params(caller.subject(), subject)
        .update();
  }

  public List<String> blockedBy(Caller caller) {
    return databases
        .of(caller.tenant())
        .jdbc()
        .sql("SELECT blocked FROM chat_block WHERE blocker = ? ORDER BY created_at")
        .param(caller.subject())
        .query(String.class)
        .list();
  }

  /** Refuses (403) when any of {@code others} has blocked the caller. */
  public void requireNotBlocked(Caller caller, List<String> others) {
    if (!whoBlocked(caller.tenant(), caller.subject(), others).isEmpty()) {
      throw Refusal.of(
          Refusal.Kind.FORBIDDEN,
          "blocked",
          "Blocked",
          "This member has blocked you; your messages do not reach them");
    }
  }

  /** Those of {@code among} who have blocked {@code subject}. */
  public List<String> whoBlocked(TenantConfig tenant, String subject, List<String> among) {
    if (among.isEmpty()) {
      return List.of();
    }
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT blocker FROM chat_block WHERE blocked = ? AND blocker = ANY (?)")
        .params(subject, among.toArray(String[]::new))
        .query(String.class)
        .list();
  }

  /** Those of {@code among} whom {@code blocker} has blocked. */
  public List<String> blockedAmong(TenantConfig tenant, String blocker, List<String> among) {
    if (among.isEmpty()) {
      return List.of();
    }
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT blocked FROM chat_block WHERE blocker = ? AND blocked = ANY (?)")
        .params(blocker, among.toArray(String[]::new))
        .query(String.class)
        .list();
  }
}
