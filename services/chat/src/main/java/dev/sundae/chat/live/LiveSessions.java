package dev.sundae.chat.live;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.tenant.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The open connections of this instance, by member: every device of a member has one. Whether a
 * member is online at all also counts the other instances of the tenant, as announced on the live
 * bus ({@link PresenceTable}). Sends go through a {@link ConcurrentWebSocketSessionDecorator}: one
 * slow device queues up to a bounded buffer and is then disconnected (it syncs after reconnecting),
 * instead of holding up the others.
 */
@Component
public class LiveSessions {

  private static final Logger LOG = LoggerFactory.getLogger(LiveSessions.class);

  private final Map<String, Set<WebSocketSession>> byMember = new ConcurrentHashMap<>();
  private final Map<String, WebSocketSession> byId = new ConcurrentHashMap<>();
  // orders this instance's presence changes and announcements, for the other instances
  private final AtomicLong clock = new AtomicLong();
  private final ChatProperties.Live settings;
  private final PresenceTable elsewhere;
  private final Counter delivered;
  private final Counter failed;

  LiveSessions(ChatProperties properties, MeterRegistry meters, PresenceTable elsewhere) {
    this.settings = properties.chat().live();
    this.elsewhere = elsewhere;
    this.delivered = meters.counter("sundae.chat.live.events", "outcome", "sent");
    this.failed = meters.counter("sundae.chat.live.events", "outcome", "failed");
    meters.gauge("sundae.chat.live.connections", byId, Map::size);
  }

  /**
   * Whether the member holds {@code max-sockets-per-member} connections on this instance already. A
   * hint for the handshake, which refuses before any query; {@link #open} is the atomic check.
   */
  boolean full(Caller caller) {
    Set<WebSocketSession> sessions = byMember.get(key(caller));
    return sessions != null && sessions.size() >= settings.maxSocketsPerMember();
  }

  /**
   * Registers a new connection, wrapped for concurrent, bounded sending; {@code first} when it is
   * the member's only device on this instance. Empty when the member holds {@code
   * max-sockets-per-member} connections here already: the caller closes it.
   */
  Optional<Opened> open(WebSocketSession raw, Caller caller) {
    WebSocketSession session =
        new ConcurrentWebSocketSessionDecorator(
            raw,
            (int) settings.sendTimeLimit().toMillis(),
            (int) settings.sendBufferSize().toBytes(),
            ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    long[] first = {0};
    boolean[] accepted = {false};
    byMember.compute(
        key(caller),
        (k, sessions) -> {
          Set<WebSocketSession> all = sessions;
          if (all == null) {
            all = ConcurrentHashMap.newKeySet();
            first[0] = clock.incrementAndGet();
          }
          if (all.size() < settings.maxSocketsPerMember()) {
            all.add(session);
            accepted[0] = true;
          }
          return all;
        });
    if (!accepted[0]) {
      return Optional.empty();
    }
    byId.put(raw.getId(), session);
    return Optional.of(new Opened(session, first[0]));
  }

  /**
   * Forgets a closed connection; when it was the member's last one on this instance, the version of
   * that change (see {@link #clock()}), else 0.
   */
  long closed(WebSocketSession raw, Caller caller) {
    WebSocketSession session = byId.remove(raw.getId());
    if (session == null) {
      return 0;
    }
    long[] last = {0};
    byMember.computeIfPresent(
        key(caller),
        (k, sessions) -> {
          sessions.remove(session);
          if (sessions.isEmpty()) {
            last[0] = clock.incrementAndGet();
            return null;
          }
          return sessions;
        });
    return last[0];
  }

  /**
   * The version of this instance's latest presence change: a list of online members taken after
   * reading it is at least as new as every change up to it.
   */
  long clock() {
    return clock.get();
  }

  /** The decorated session of a raw one, for replies. */
  WebSocketSession decorated(WebSocketSession raw) {
    return byId.getOrDefault(raw.getId(), raw);
  }

  Collection<WebSocketSession> all() {
    return byId.values();
  }

  /**
   * Whether the member has a connection open on any instance of the tenant: here, or announced on
   * the live bus by another instance (up to one announcement period late after a crash).
   */
  public boolean online(String tenant, String subject) {
    return here(tenant, subject) || elsewhere.online(tenant, subject);
  }

  /** Whether the member has a connection open on this instance. */
  boolean here(String tenant, String subject) {
    return byMember.containsKey(tenant + "/" + subject);
  }

  /** The members of {@code tenant} with a connection open on this instance. */
  List<String> here(String tenant) {
    String prefix = tenant + "/";
    return byMember.keySet().stream()
        .filter(key -> key.startsWith(prefix))
        .map(key -> key.substring(prefix.length()))
        .toList();
  }

  /** Sends {@code text} to every connection of {@code tenant} on this instance. */
  void sendToTenant(String tenant, String text) {
    send(tenant, here(tenant), text);
  }

  /** Sends {@code text} to every open device of each of {@code subjects}. */
  public void send(String tenant, List<String> subjects, String text) {
    TextMessage message = new TextMessage(text);
    for (String subject : subjects) {
      Set<WebSocketSession> sessions = byMember.get(tenant + "/" + subject);
      if (sessions != null) {
        sessions.forEach(session -> send(session, message));
      }
    }
  }

  /** Closes every connection of a member on this instance. */
  void closeAll(String tenant, String subject, CloseStatus status) {
    Set<WebSocketSession> sessions = byMember.get(tenant + "/" + subject);
    if (sessions != null) {
      List.copyOf(sessions).forEach(session -> close(session, status));
    }
  }

  void send(WebSocketSession session, TextMessage message) {
    try {
      session.sendMessage(message);
      delivered.increment();
    } catch (IOException | RuntimeException e) {
      // the decorator closes a session over its limits; the device syncs after reconnecting
      failed.increment();
      LOG.debug("Dropping connection {}: {}", session.getId(), e.getMessage());
      close(session, CloseStatus.SESSION_NOT_RELIABLE);
    }
  }

  static void close(WebSocketSession session, CloseStatus status) {
    try {
      session.close(status);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Closing {}: {}", session.getId(), e.getMessage());
    }
  }

  /**
   * @param session the decorated session
   * @param first when it is the member's only connection on this instance, the version of that
   *     change (see {@link #clock()}); else 0
   */
  record Opened(WebSocketSession session, long first) {}

  private static String key(Caller caller) {
    return caller.tenant().name() + "/" + caller.subject();
  }
}
