package dev.sundae.chat.live;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.conversation.Conversations;
import dev.sundae.chat.message.MessagePosted;
import dev.sundae.chat.message.MessageViews;
import dev.sundae.chat.safety.Blocks;
import dev.sundae.chat.safety.Moderation;
import dev.sundae.chat.tenant.Caller;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One connection per device. Server to app: {@code hello}, {@code message} (metadata and a signed
 * download URL, never audio), {@code typing}/{@code recording} of others, {@code pong}, {@code
 * error}. App to server: {@code ping}, {@code typing}, {@code recording}. Typing and recording are
 * relayed and forgotten, never stored. The server pings every heartbeat period and closes a
 * connection that has not answered for two, or whose token has expired.
 */
@Component
class LiveHandler extends TextWebSocketHandler implements DisposableBean {

  static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token expired");
  static final CloseStatus BANNED = new CloseStatus(4003, "banned");
  private static final String LAST_PONG = "sundae.lastPong";

  private final LiveSessions sessions;
  private final MessageViews views;
  private final Conversations conversations;
  private final Blocks blocks;
  private final JsonMapper json;
  private final Duration heartbeat;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "live-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  LiveHandler(
      LiveSessions sessions,
      MessageViews views,
      Conversations conversations,
      JsonMapper json,
      ChatProperties properties,
      Blocks blocks) {
    this.blocks = blocks;
    this.sessions = sessions;
    this.views = views;
    this.conversations = conversations;
    this.json = json;
    this.heartbeat = properties.chat().live().heartbeat();
    timer.scheduleAtFixedRate(
        this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession raw) {
    Caller caller = caller(raw);
    raw.getAttributes().put(LAST_PONG, Instant.now());
    WebSocketSession session = sessions.open(raw, caller);
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("type", "hello");
    hello.put("subject", caller.subject());
    hello.put("heartbeatMillis", heartbeat.toMillis());
    sessions.send(session, new TextMessage(json.writeValueAsString(hello)));
  }

  @Override
  protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
    WebSocketSession session = sessions.decorated(raw);
    Caller caller = caller(raw);
    JsonNode event;
    try {
      event = json.readTree(message.getPayload());
    } catch (JacksonException e) {
      error(session, "not JSON: " + e.getOriginalMessage());
      return;
    }
    String type = event.path("type").asString("");
    switch (type) {
      case "ping" -> sessions.send(session, new TextMessage("{\"type\":\"pong\"}"));
      case "typing", "recording" -> relay(session, caller, type, event);
      default -> error(session, "unknown type '" + type + "'; send ping, typing or recording");
    }
  }

  // ephemeral: checked, relayed to the others who are online, and forgotten
  private void relay(WebSocketSession session, Caller caller, String type, JsonNode event) {
    UUID conversation;
    try {
      conversation = UUID.fromString(event.path("conversationId").asString(""));
      conversations.requireActive(caller, conversation);
    } catch (RuntimeException e) {
      error(session, type + ": conversationId must be a conversation you are a member of");
      return;
    }
    List<String> others =
        conversations.activeMembers(caller.tenant(), conversation).stream()
            .filter(s -> !s.equals(caller.subject()))
            .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    others.removeAll(blocks.whoBlocked(caller.tenant(), caller.subject(), others));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.put("conversationId", conversation);
    out.put("subject", caller.subject());
    sessions.send(caller.tenant().name(), others, json.writeValueAsString(out));
  }

  @Override
  protected void handlePongMessage(WebSocketSession raw, PongMessage message) {
    raw.getAttributes().put(LAST_PONG, Instant.now());
  }

  @Override
  public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
    sessions.closed(raw, caller(raw));
  }

  /** A new message goes to every online device of the conversation's members. */
  @EventListener
  void onMessage(MessagePosted posted) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "message");
    event.put("message", views.of(posted.tenant(), posted.message()));
    sessions.send(posted.tenant().name(), posted.recipients(), json.writeValueAsString(event));
  }

  /** Online devices drop a removed message. */
  @EventListener
  void onRemoved(Moderation.MessageRemoved removed) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "removed");
    event.put("conversationId", removed.conversationId());
    event.put("seq", removed.seq());
    sessions.send(removed.tenant().name(), removed.recipients(), json.writeValueAsString(event));
  }

  /** A banned member's connections close at once. */
  @EventListener
  void onBanned(Moderation.MemberBanned banned) {
    sessions.closeAll(banned.tenant(), banned.subject(), BANNED);
  }

  private void beat() {
    Instant now = Instant.now();
    PingMessage ping = new PingMessage(ByteBuffer.wrap(new byte[] {'s'}));
    for (WebSocketSession session : sessions.all()) {
      Instant expires = (Instant) session.getAttributes().get(LiveHandshake.EXPIRES);
      Instant lastPong = (Instant) session.getAttributes().get(LAST_PONG);
      if (expires != null && now.isAfter(expires)) {
        LiveSessions.close(session, TOKEN_EXPIRED);
      } else if (lastPong != null && lastPong.plus(heartbeat.multipliedBy(2)).isBefore(now)) {
        LiveSessions.close(session, CloseStatus.SESSION_NOT_RELIABLE);
      } else {
        try {
          session.sendMessage(ping);
        } catch (Exception e) {
          LiveSessions.close(session, CloseStatus.SESSION_NOT_RELIABLE);
        }
      }
    }
  }

  private void error(WebSocketSession session, String reason) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "error");
    out.put("reason", reason);
    sessions.send(session, new TextMessage(json.writeValueAsString(out)));
  }

  private static Caller caller(WebSocketSession session) {
    return (Caller) session.getAttributes().get(LiveHandshake.CALLER);
  }

  @Override
  public void destroy() {
    timer.shutdownNow();
  }
}
