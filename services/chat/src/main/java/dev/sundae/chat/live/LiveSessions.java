package dev.sundae.chat.live;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.tenant.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * The open connections of this instance, by member: every device of a member has one. Sends go
 * through a {@link ConcurrentWebSocketSessionDecorator}: one slow device queues up to a bounded
 * buffer and is then disconnected (it syncs after reconnecting), instead of holding up the others.
 */
@Component
public class LiveSessions {

  private static final Logger LOG = LoggerFactory.getLogger(LiveSessions.class);

  private final Map<String, Set<WebSocketSession>> byMember = new ConcurrentHashMap<>();
  private final Map<String, WebSocketSession> byId = new ConcurrentHashMap<>();
  private final ChatProperties.Live settings;
  private final Counter delivered;
  private final Counter failed;

  LiveSessions(ChatProperties properties, MeterRegistry meters) {
    this.settings = properties.chat().live();
    this.delivered = meters.counter("sundae.chat.live.events", "outcome", "sent");
    this.failed = meters.counter("sundae.chat.live.events", "outcome", "failed");
    meters.gauge("sundae.chat.live.connections", byId, Map::size);
  }

  /** Registers a new connection, wrapped for concurrent, bounded sending. */
  WebSocketSession open(WebSocketSession raw, Caller caller) {
    WebSocketSession session =
        new ConcurrentWebSocketSessionDecorator(
            raw,
            (int) settings.sendTimeLimit().toMillis(),
            (int) settings.sendBufferSize().toBytes(),
            ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
    byId.put(raw.getId(), session);
    byMember.computeIfAbsent(key(caller), k -> ConcurrentHashMap.newKeySet()).add(session);
    return session;
  }

  void closed(WebSocketSession raw, Caller caller) {
    WebSocketSession session = byId.remove(raw.getId());
    if (session != null) {
      byMember.computeIfPresent(
          key(caller),
          (k, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
          });
    }
  }

  /** The decorated session of a raw one, for replies. */
  WebSocketSession decorated(WebSocketSession raw) {
    return byId.getOrDefault(raw.getId(), raw);
  }

  Collection<WebSocketSession> all() {
    return byId.values();
  }

  /** Whether the member has a connection open on this instance. */
  public boolean online(String tenant, String subject) {
    return byMember.containsKey(tenant + "/" + subject);
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

  private static String key(Caller caller) {
    return caller.tenant().name() + "/" + caller.subject();
  }
}
