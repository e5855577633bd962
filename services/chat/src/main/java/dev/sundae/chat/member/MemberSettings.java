package dev.sundae.chat.member;

import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.tenant.TenantDatabases;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** What a member lets others see: their delivery receipts, read receipts and presence. */
@Component
public class MemberSettings {

  private static final Settings DEFAULTS = new Settings(true, true, true);

  private final TenantDatabases databases;
  private final ApplicationEventPublisher events;

  MemberSettings(TenantDatabases databases, ApplicationEventPublisher events) {
    this.databases = databases;
    this.events = events;
  }

  /** The member's settings; the defaults (all on) for a subject never seen. */
  public Settings of(TenantConfig tenant, String subject) {
    return databases
        .of(tenant)
        .jdbc()
        .sql(
            "SELECT delivery_receipts, read_receipts, share_presence FROM chat_member"
                + " WHERE subject = ?")
        .param(subject)
        .query((rs, row) -> new Settings(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)))
        .optional()
        .orElse(DEFAULTS);
  }

  /** Changes the settings given (a null keeps its value); returns them all. */
  public Settings update(
      Caller caller, Boolean deliveryReceipts, Boolean readReceipts, Boolean presence) {
    Settings before = of(caller.tenant(), caller.subject());
    Settings after =
        databases
            .of(caller.tenant())
            .jdbc()
            .sql(
                "UPDATE chat_member SET delivery_receipts = COALESCE(?, delivery_receipts),"
                    + " read_receipts = COALESCE(?, read_receipts),"
                    + " share_presence = COALESCE(?, share_presence) WHERE subject = ?"
                    + " RETURNING delivery_receipts, read_receipts, share_presence")
            .params(deliveryReceipts, readReceipts, presence, caller.subject())
            .query((rs, row) -> new Settings(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)))
            .single();
    if (before.presence() != after.presence()) {
      events.publishEvent(
          new PresenceSharingChanged(caller.tenant(), caller.subject(), after.presence()));
    }
    return after;
  }

  /**
   * @param deliveryReceipts whether the member's devices tell the others what they received
   * @param readReceipts whether they tell the others what the member listened to
   * @param presence whether the others see when the member is online
   */
  public record Settings(boolean deliveryReceipts, boolean readReceipts, boolean presence) {}

  /** Published when a member switches presence sharing on or off, so that contacts are told. */
  public record PresenceSharingChanged(TenantConfig tenant, String subject, boolean sharing) {}
}
