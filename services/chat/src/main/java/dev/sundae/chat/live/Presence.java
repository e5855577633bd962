package dev.sundae.chat.live;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.DaemonTimer;
import dev.sundae.chat.conversation.Contacts;
import dev.sundae.chat.member.MemberSettings;
import dev.sundae.chat.safety.Blocks;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Presence across instances. An instance that gains a member's first device, or loses the last,
 * says so on the bus; if no other instance has the member, the member's contacts (those sharing an
 * active conversation, without those the member blocked) are told, unless the member switched
 * presence sharing off. Every instance re-announces its online members each {@code
 * presence-interval}, valid three periods, so the others' view heals after a lost event or a crash.
 */
@Component
class Presence implements DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(Presence.class);

  private final LiveBus bus;
  private final LiveSessions sessions;
  private final PresenceTable elsewhere;
  private final Contacts contacts;
  private final Blocks blocks;
  private final MemberSettings settings;
  private final TenantDirectory tenants;
  private final JsonMapper json;
  private final Duration ttl;
  private final ScheduledExecutorService timer = DaemonTimer.named("live-presence");

  Presence(
      LiveBus bus,
      LiveSessions sessions,
      PresenceTable elsewhere,
      Contacts contacts,
      Blocks blocks,
      MemberSettings settings,
      TenantDirectory tenants,
      JsonMapper json,
      ChatProperties properties) {
    this.bus = bus;
    this.sessions = sessions;
    this.elsewhere = elsewhere;
    this.contacts = contacts;
    this.blocks = blocks;
    this.settings = settings;
    this.tenants = tenants;
    this.json = json;
    Duration interval = properties.chat().live().presenceInterval();
    this.ttl = interval.multipliedBy(3);
    timer.scheduleAtFixedRate(
        this::announceAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    bus.onConnect(this::announceAll);
  }

  /** The member's first device on this instance connected, at {@code version}. */
  void connected(TenantConfig tenant, String subject, long version) {
    change(tenant, subject, true, version);
  }

  /** The member's last device on this instance disconnected, at {@code version}. */
  void disconnected(TenantConfig tenant, String subject, long version) {
    change(tenant, subject, false, version);
  }

  /**
   * Whether {@code viewer} may see, and sees, {@code subject} online: they share an active
   * conversation, the subject shares presence and has not blocked the viewer.
   */
  boolean visibleOnline(TenantConfig tenant, String viewer, String subject) {
    return sessions.online(tenant.name(), subject)
        && settings.of(tenant, subject).presence()
        && blocks.blockedAmong(tenant, subject, List.of(viewer)).isEmpty();
  }

  /** A member who switches sharing off looks offline to contacts (and online when back on). */
  @EventListener
  void onSharingChanged(MemberSettings.PresenceSharingChanged changed) {
    if (sessions.online(changed.tenant().name(), changed.subject())) {
      tell(
          changed.tenant(),
          changed.subject(),
          true,
          changed.sharing(),
          sessions.clock(),
          viewers(changed.tenant(), changed.subject()));
    }
  }

  private void change(TenantConfig tenant, String subject, boolean online, long version) {
    try {
      // another instance still (or already) has the member: presence does not change
      boolean changes = !elsewhere.online(tenant.name(), subject);
      List<String> told =
          changes && settings.of(tenant, subject).presence() ? viewers(tenant, subject) : List.of();
      tell(tenant, subject, online, online, version, told);
    } catch (RuntimeException e) {
      // best effort: the connection itself is fine, and the next announcement heals the others
      LOG.warn("Presence of a member of {} not told: {}", tenant.name(), e.getMessage());
    }
  }

  private List<String> viewers(TenantConfig tenant, String subject) {
    List<String> viewers = new ArrayList<>(contacts.of(tenant, subject));
    // a member never sees the presence of someone who blocked them
    viewers.removeAll(blocks.blockedAmong(tenant, subject, viewers));
    return viewers;
  }

  /**
   * @param online whether this instance has the member (for the instances' view)
   * @param shown what the viewers are told
   * @param version orders it among this instance's changes and announcements
   */
  private void tell(
      TenantConfig tenant,
      String subject,
      boolean online,
      boolean shown,
      long version,
      List<String> viewers) {
    bus.publish(
        tenant,
        new BusEvent(
            BusEvent.PRESENCE,
            viewers,
            json.valueToTree(
                Map.of(
                    "subject",
                    subject,
                    "online",
                    online,
                    "shown",
                    shown,
                    "version",
                    version,
                    "ttlMillis",
                    ttl.toMillis()))));
  }

  private void announceAll() {
    elsewhere.expire();
    for (TenantConfig tenant : tenants.all()) {
      try {
        // read before the list: a change after it has a higher version and wins over this
        long version = sessions.clock();
        List<String> here = sessions.here(tenant.name());
        if (!here.isEmpty()) {
          bus.publishToOthers(
              tenant,
              new BusEvent(
                  BusEvent.ANNOUNCE,
                  here,
                  json.valueToTree(Map.of("ttlMillis", ttl.toMillis(), "version", version))));
        }
      } catch (RuntimeException e) {
        LOG.warn("Announcing the online members of {} failed: {}", tenant.name(), e.getMessage());
      }
    }
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
