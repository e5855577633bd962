package dev.sundae.chat.member;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.chat.tenant.TenantPolicies;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Refusal;
import dev.sundae.web.tenant.TenantDatabases;
import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The community's members, recorded the first time their token is seen. */
@Component
public class Members {

  /**
   * Takes {@code subject}'s row lock in the caller's transaction, and says whether the member
   * exists. What one member may hold a bounded number of (active conversations, open verifications,
   * push devices, live connections) is counted under this lock, so that two concurrent requests of
   * the member, on any replica, are counted one after the other and cannot pass a bound together.
   */
  public static boolean lockRow(JdbcClient jdbc, String subject) {
    return jdbc.sql("SELECT subject FROM chat_member WHERE subject = ? FOR UPDATE")
        .param(subject)
        .query(String.class)
        .optional()
        .isPresent();
  }

  private final TenantDatabases databases;
  private final TenantPolicies policies;
  // a member seen recently is not written again on every request
  private final Cache<String, Boolean> seen =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(5)).maximumSize(100_000).build();

  Members(TenantDatabases databases, TenantPolicies policies) {
    this.databases = databases;
    this.policies = policies;
  }

  /** Records the caller as a member; in an open tenant admitted at once, else pending. */
  public void register(Caller caller) {
    String key = caller.tenant().name() + "/" + caller.subject() + "/" + caller.username();
    if (seen.getIfPresent(key) != null) {
      return;
    }
    // the community's moderators are admitted by their issuer's role: someone has to review the
    // rest
    String status =
        policies.admission(caller.tenant()) == ChatProperties.Admission.OPEN || caller.moderator()
            ? "admitted"
            : "pending";
    databases
        .of(caller.tenant())
        .jdbc()
        .sql(
            "INSERT INTO chat_member (subject, username, status) VALUES (?, ?, ?)"
                + " ON CONFLICT (subject) DO UPDATE SET username = EXCLUDED.username"
                + " WHERE chat_member.username <> EXCLUDED.username")
        .params(caller.subject(), caller.username(), status)
        .update();
    seen.put(key, Boolean.TRUE);
  }

  /** Refuses (403) a caller the tenant's admission policy keeps out. */
  public void requireAdmitted(Caller caller) {
    String banned =
        databases
            .of(caller.tenant())
            .jdbc()
            .sql("SELECT ban_reason FROM chat_member WHERE subject = ? AND banned_at IS NOT NULL")
            .param(caller.subject())
            .query(String.class)
            .optional()
            .orElse(null);
    if (banned != null) {
      throw Refusal.of(
          Refusal.Kind.FORBIDDEN,
          "banned",
          "Banned",
          "A moderator banned you from this community: " + banned);
    }
    if (policies.admission(caller.tenant()) == ChatProperties.Admission.OPEN
        || caller.moderator()) {
      return;
    }
    String status = status(caller.tenant(), caller.subject()).orElse("pending");
    if (!status.equals("admitted")) {
      throw Refusal.of(
          Refusal.Kind.FORBIDDEN,
          "not-admitted",
          "Not admitted",
          "This community admits verified members only; your verification is "
              + status
              + " (see /v1/verification)");
    }
  }

  public Optional<String> status(TenantConfig tenant, String subject) {
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT status FROM chat_member WHERE subject = ?")
        .param(subject)
        .query(String.class)
        .optional();
  }

  /** Whether {@code subject} is a member of the tenant (has ever signed in). */
  public boolean exists(TenantConfig tenant, String subject) {
    return status(tenant, subject).isPresent();
  }

  /** Sets the admission status, e.g. after a moderator's decision. */
  public void setStatus(TenantConfig tenant, String subject, String status) {
    databases
        .of(tenant)
        .jdbc()
        .sql("UPDATE chat_member SET status = ? WHERE subject = ?")
        .params(status, subject)
        .update();
  }
}
