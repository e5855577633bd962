package dev.sundae.chat.live;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who is online on the OTHER instances of each tenant, as they announced it on the bus, each entry
 * with an expiry: an instance re-announces its members periodically, so one that died without a
 * word is forgotten after the expiry. Held in memory only, never in a table.
 */
@Component
class PresenceTable {

  // "tenant/subject" -> instance -> until
  private final Map<String, Map<String, Instant>> remote = new ConcurrentHashMap<>();

  void put(String tenant, String instance, String subject, Instant until) {
    remote
        .computeIfAbsent(key(tenant, subject), k -> new ConcurrentHashMap<>())
        .put(instance, until);
  }

  void putAll(String tenant, String instance, Collection<String> subjects, Instant until) {
    subjects.forEach(subject -> put(tenant, instance, subject, until));
  }

  void remove(String tenant, String instance, String subject) {
    remote.computeIfPresent(
        key(tenant, subject),
        (k, instances) -> {
          instances.remove(instance);
          return instances.isEmpty() ? null : instances;
        });
  }

  /** Forgets every member of an instance that said it is stopping. */
  void dropInstance(String tenant, String instance) {
    remote.forEach(
        (key, instances) -> {
          if (key.startsWith(tenant + "/")) {
            remove(tenant, instance, key.substring(tenant.length() + 1));
          }
        });
  }

  /** Whether another instance has announced the member, and the announcement has not expired. */
  boolean online(String tenant, String subject) {
    Map<String, Instant> instances = remote.get(key(tenant, subject));
    if (instances == null) {
      return false;
    }
    Instant now = Instant.now();
    return instances.values().stream().anyMatch(until -> until.isAfter(now));
  }

  void expire() {
    Instant now = Instant.now();
    remote.forEach(
        (key, instances) -> {
          instances.values().removeIf(until -> !until.isAfter(now));
          remote.computeIfPresent(key, (k, v) -> v.isEmpty() ? null : v);
        });
  }

  private static String key(String tenant, String subject) {
    return tenant + "/" + subject;
  }
}
