package dev.sundae.chat.push;

import dev.sundae.chat.member.Members;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Refusal;
import dev.sundae.web.tenant.TenantDatabases;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The devices' push subscriptions, in each tenant's own schema. */
@Component
class PushSubscriptions {

  private static final String COLUMNS = "id, subject, endpoint, p256dh, auth, created_at";

  private final TenantDatabases databases;

  PushSubscriptions(TenantDatabases databases) {
    this.databases = databases;
  }

  /**
   * Stores the caller's subscription. The same endpoint again updates the row (a browser renews its
   * keys); an endpoint another member had registered moves to the caller with a new id (the device
   * changed hands), so the previous member's id stops working.
   */
  Saved save(Caller caller, SubscriptionCheck.Valid subscription, int maxPerMember) {
    return databases
        .of(caller.tenant())
        .transactions()
        .execute(
            status -> {
              var jdbc = databases.of(caller.tenant()).jdbc();
              // one member's subscribes are taken one at a time, so the bound holds
              Members.lockRow(jdbc, caller.subject());
              long others =
                  jdbc.sql(
                          "SELECT count(*) FROM chat_push_subscription"
                              + " WHERE subject = ? AND endpoint <> ?")
                      .params(caller.subject(), subscription.endpoint())
                      .query(Long.class)
                      .single();
              if (others >= maxPerMember) {
                throw Refusal.of(
                    Refusal.Kind.CONFLICT,
                    "too-many-subscriptions",
                    "Too many subscriptions",
                    "A member may subscribe at most "
                        + maxPerMember
                        + " devices; delete one first");
              }
              UUID proposed = UUID.randomUUID();
              PushSubscription saved =
                  jdbc.sql(
                          "INSERT INTO chat_push_subscription (id, subject, endpoint, p256dh, auth)"
                              + " VALUES (?, ?, ?, ?, ?)"
                              + " ON CONFLICT (endpoint) DO UPDATE SET"
                              + " id = CASE WHEN chat_push_subscription.subject = EXCLUDED.subject"
                              + " THEN chat_push_subscription.id ELSE EXCLUDED.id END,"
                              + " created_at = CASE WHEN chat_push_subscription.subject ="
                              + " EXCLUDED.subject THEN chat_push_subscription.created_at"
                              + " ELSE now() END,"
                              + " subject = EXCLUDED.subject, p256dh = EXCLUDED.p256dh,"
                              + " auth = EXCLUDED.auth, updated_at = now()"
                              + " RETURNING "
                              + COLUMNS)
                      .params(
                          proposed,
                          caller.subject(),
                          subscription.endpoint(),
                          subscription.p256dh(),
                          subscription.auth())
                      .query(PushSubscriptions::map)
                      .single();
              return new Saved(saved, saved.id().equals(proposed));
            });
  }

  List<PushSubscription> of(Caller caller) {
    return databases
        .of(caller.tenant())
        .jdbc()
        .sql(
            "SELECT "
                + COLUMNS
                + " FROM chat_push_subscription WHERE subject = ? ORDER BY created_at, id")
        .param(caller.subject())
        .query(PushSubscriptions::map)
        .list();
  }

  /** Deletes one of the caller's own; another member's id is as unknown as a made-up one. */
  void delete(Caller caller, UUID id) {
    int deleted =
        databases
            .of(caller.tenant())
            .jdbc()
            .sql("DELETE FROM chat_push_subscription WHERE id = ? AND subject = ?")
            .params(id, caller.subject())
            .update();
    if (deleted == 0) {
      throw Refusal.notFound(
          "subscription-not-found", "Subscription not found", "No subscription " + id);
    }
  }

  /** Every subscription of the given members. */
  List<PushSubscription> of(TenantConfig tenant, List<String> subjects) {
    if (subjects.isEmpty()) {
      return List.of();
    }
    return databases
        .of(tenant)
        .jdbc()
        .sql("SELECT " + COLUMNS + " FROM chat_push_subscription WHERE subject = ANY (?)")
        .param(subjects.toArray(String[]::new))
        .query(PushSubscriptions::map)
        .list();
  }

  /** Forgets a subscription the push service said is gone, unless it was renewed meanwhile. */
  void expired(TenantConfig tenant, PushSubscription subscription) {
    databases
        .of(tenant)
        .jdbc()
        .sql("DELETE FROM chat_push_subscription WHERE id = ? AND endpoint = ?")
        .params(subscription.id(), subscription.endpoint())
        .update();
  }

  private static PushSubscription map(ResultSet row, int index) throws SQLException {
    return new PushSubscription(
        row.getObject("id", UUID.class),
        row.getString("subject"),
        row.getString("endpoint"),
        row.getBytes("p256dh"),
        row.getBytes("auth"),
        row.getTimestamp("created_at").toInstant());
  }

  /**
   * A stored subscription.
   *
   * @param id its id, for the member to delete it
   * @param subject the member
   * @param endpoint the push service's URL for the device (a capability: never logged)
   * @param p256dh the device's public key
   * @param auth the device's authentication secret
   * @param createdAt when the member subscribed the device
   */
  record PushSubscription(
      UUID id, String subject, String endpoint, byte[] p256dh, byte[] auth, Instant createdAt) {}

  /**
   * @param subscription the stored row
   * @param created whether it is new to the caller (201) rather than a repeat (200)
   */
  record Saved(PushSubscription subscription, boolean created) {}
}
