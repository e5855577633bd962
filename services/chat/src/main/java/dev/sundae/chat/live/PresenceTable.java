package dev.sundae.chat.live;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who is online on the OTHER instances of each tenant, as they said on the bus, each entry with an
 * expiry: an instance re-announces its members periodically, so one that died without a word is
 * forgotten after the expiry. Each instance numbers its changes and announcements ({@code
 * version}); notifications of one instance may arrive out of order, so an older one never overrides
 * a newer one, and a member's going offline is kept (as an offline entry) until it expires, so that
 * an announcement taken before it cannot bring the member back. Held in memory only, never in a
 * table.
 */
@Component
class PresenceTable {

  // "tenant/subject" -> instance -> what that instance said last
  private final Map<String, Map<String, Entry>> remote = new ConcurrentHashMap<>();

  /** An instance gained (or lost) the member's first (last) device at {@code version}. */
  void changed(
      String tenant, String instance, String subject, boolean online, Instant until, long version) {
    merge(tenant, instance, subject, new Entry(online, until, version), false);
  }

  /** An instance has these members online, as of {@code version}. */
  void announced(
      String tenant, String instance, Collection<String> subjects, Instant until, long version) {
    for (String subject : subjects) {
      merge(tenant, instance, subject, new Entry(true, until, version), true);
    }
  }

  private void merge(String tenant, String instance, String subject, Entry entry, boolean sameOk) {
    remote
        .computeIfAbsent(key(tenant, subject), k -> new ConcurrentHashMap<>())
        .merge(
            instance,
            entry,
            (old, now) ->
                now.version() > old.version() || (sameOk && now.version() == old.version())
                    ? now
                    : old);
  }

  /** Forgets every member of an instance that said it is stopping. */
  void dropInstance(String tenant, String instance) {
    remote.forEach(
        (key, instances) -> {
          if (key.startsWith(tenant + "/")) {
            instances.remove(instance);
            remote.computeIfPresent(key, (k, v) -> v.isEmpty() ? null : v);
          }
        });
  }

  /** Whether another instance has the member online, and said so recently enough. */
  boolean online(String tenant, String subject) {
    Map<String, Entry> instances = remote.get(key(tenant, subject));
    if (instances == null) {
      return false;
    }
    Instant now = Instant.now();
    return instances.values().stream().anyMatch(e -> e.online() && e.until().isAfter(now));
  }

  void expire() {
    Instant now = Instant.now();
    remote.forEach(
        (key, instances) -> {
          instances.values().removeIf(e -> !e.until().isAfter(now));
          remote.computeIfPresent(key, (k, v) -> v.isEmpty() ? null : v);
        });
  }

  private static String key(String tenant, String subject) {
    return tenant + "/" + subject;
  }

  private record Entry(boolean online, Instant until, long version) {}
}
