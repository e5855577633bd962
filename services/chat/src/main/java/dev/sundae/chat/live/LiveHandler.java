package dev.sundae.chat.live;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.DaemonTimer;
import dev.sundae.chat.conversation.Conversations;
import dev.sundae.chat.receipt.Receipts;
import dev.sundae.chat.safety.Blocks;
import dev.sundae.chat.tenant.Caller;
import dev.sundae.web.Refusal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
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
 * download URL, never audio), {@code removed}, {@code typing}/{@code recording} of others, {@code
 * receipt}, {@code presence}, {@code resync}, {@code pong}, {@code error}. App to server: {@code
 * ping}, {@code typing}, {@code recording}, {@code delivered}, {@code read}. Typing and recording
 * are relayed on the tenant's live bus and forgotten, never stored. The server pings every
 * heartbeat period and closes a connection that has not answered for two, or whose token has
 * expired. Each connection has a frame budget ({@link FrameBudget}), and a typing or recording
 * state it just relayed is not relayed again at once ({@link TypingRepeats}). A member's
 * connections per instance are capped by {@link LiveHandshake}; two handshakes racing past that
 * check meet the cap again here, and the newer connection is closed with 1008.
 */
@Component
class LiveHandler extends TextWebSocketHandler implements DisposableBean {

  static final CloseStatus TOKEN_EXPIRED = new CloseStatus(4001, "token expired");
  static final CloseStatus BANNED = new CloseStatus(4003, "banned");
  static final CloseStatus FLOOD =
      CloseStatus.POLICY_VIOLATION.withReason("too many frames: slow down");
  static final CloseStatus TOO_MANY_CONNECTIONS =
      CloseStatus.POLICY_VIOLATION.withReason("too many connections for this member");
  private static final String BUDGET = "sundae.frameBudget";
  private static final String TYPING = "sundae.typingRepeats";
  private static final String LAST_PONG = "sundae.lastPong";

  private final LiveSessions sessions;
  private final LiveBus bus;
  private final Presence presence;
  private final SocketLeases leases;
  private final Receipts receipts;
  private final Conversations conversations;
  private final Blocks blocks;
  private final JsonMapper json;
  private final Duration heartbeat;
  private final ChatProperties.Live settings;
  private final ScheduledExecutorService timer = DaemonTimer.named("live-heartbeat");

  LiveHandler(
      LiveSessions sessions,
      LiveBus bus,
      Presence presence,
      SocketLeases leases,
      Receipts receipts,
      Conversations conversations,
      JsonMapper json,
      ChatProperties properties,
      Blocks blocks) {
    this.blocks = blocks;
    this.sessions = sessions;
    this.bus = bus;
    this.presence = presence;
    this.leases = leases;
    this.receipts = receipts;
    this.conversations = conversations;
    this.json = json;
    this.heartbeat = properties.chat().live().heartbeat();
    this.settings = properties.chat().live();
    timer.scheduleAtFixedRate(
        this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession raw) {
    Caller caller = caller(raw);
    raw.getAttributes().put(LAST_PONG, Instant.now());
    raw.getAttributes()
        .put(
            BUDGET,
            new FrameBudget(
                settings.frameBurst(),
                settings.framesPerSecond(),
                settings.floodCloseAfter(),
                settings.floodWindow(),
                System.nanoTime()));
    raw.getAttributes().put(TYPING, new TypingRepeats(settings.typingRepeat()));
    leases.hold(caller.tenant(), (UUID) raw.getAttributes().get(LiveHandshake.LEASE));
    Optional<LiveSessions.Opened> accepted = sessions.open(raw, caller);
    if (accepted.isEmpty()) {
      LiveSessions.close(raw, TOO_MANY_CONNECTIONS);
      return;
    }
    LiveSessions.Opened opened = accepted.get();
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("type", "hello");
    hello.put("subject", caller.subject());
    hello.put("heartbeatMillis", heartbeat.toMillis());
    sessions.send(opened.session(), new TextMessage(json.writeValueAsString(hello)));
    if (opened.first() > 0) {
      presence.connected(caller.tenant(), caller.subject(), opened.first());
    }
  }

  @Override
  protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
    // before parsing or any query: a frame over the connection's budget costs nothing more
    switch (((FrameBudget) raw.getAttributes().get(BUDGET)).take(System.nanoTime())) {
      case DROP -> {
        return;
      }
      case CLOSE -> {
        LiveSessions.close(raw, FLOOD);
        return;
      }
      case HANDLE -> {}
    }
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
      case "typing", "recording" ->
          relay(session, caller, type, event, (TypingRepeats) raw.getAttributes().get(TYPING));
      case "delivered" -> receipt(session, caller, Receipts.Kind.DELIVERED, event);
      case "read" -> receipt(session, caller, Receipts.Kind.READ, event);
      default ->
          error(
              session,
              "unknown type '" + type + "'; send ping, typing, recording, delivered or read");
    }
  }

  private void receipt(
      WebSocketSession session, Caller caller, Receipts.Kind kind, JsonNode event) {
    UUID conversation;
    try {
      conversation = UUID.fromString(event.path("conversationId").asString(""));
    } catch (IllegalArgumentException e) {
      error(session, kind.wire() + ": conversationId must be a conversation id");
      return;
    }
    JsonNode seq = event.path("seq");
    if (!seq.isIntegralNumber() || seq.asLong() < 1) {
      error(session, kind.wire() + ": seq must be a message number, 1 or more");
      return;
    }
    try {
      receipts.mark(caller, conversation, seq.asLong(), kind);
    } catch (ErrorResponseException e) {
      error(session, kind.wire() + ": " + e.getBody().getDetail());
    } catch (Refusal e) {
      error(session, kind.wire() + ": " + e.detail());
    }
  }

  // ephemeral: checked, relayed to the others who are online, and forgotten
  private void relay(
      WebSocketSession session, Caller caller, String type, JsonNode event, TypingRepeats repeats) {
    UUID conversation;
    try {
      conversation = UUID.fromString(event.path("conversationId").asString(""));
      if (repeats.repeats(type, conversation, System.nanoTime())) {
        return;
      }
      conversations.requireActive(caller, conversation);
    } catch (RuntimeException e) {
      error(session, type + ": conversationId must be a conversation you are a member of");
      return;
    }
    List<String> others =
        conversations.activeMembers(caller.tenant(), conversation).stream()
            .filter(s -> !s.equals(caller.subject()))
            .collect(Collectors.toCollection(java.util.ArrayList::new));
    others.removeAll(blocks.whoBlocked(caller.tenant(), caller.subject(), others));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type);
    out.put("conversationId", conversation);
    out.put("subject", caller.subject());
    bus.publish(caller.tenant(), new BusEvent(BusEvent.EVENT, others, json.valueToTree(out)));
    repeats.relayed(type, conversation, System.nanoTime());
  }

  @Override
  protected void handlePongMessage(WebSocketSession raw, PongMessage message) {
    raw.getAttributes().put(LAST_PONG, Instant.now());
  }

  @Override
  public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
    Caller caller = caller(raw);
    leases.release(caller.tenant(), (UUID) raw.getAttributes().get(LiveHandshake.LEASE));
    long last = sessions.closed(raw, caller);
    if (last > 0) {
      presence.disconnected(caller.tenant(), caller.subject(), last);
    }
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
