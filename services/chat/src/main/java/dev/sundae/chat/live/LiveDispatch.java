package dev.sundae.chat.live;

import dev.sundae.chat.message.MessageViews;
import dev.sundae.chat.message.Messages;
import dev.sundae.tenancy.TenantConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Applies a bus event to this instance: to its connections, and to its view of presence. */
@Component
class LiveDispatch {

  private final LiveSessions sessions;
  private final PresenceTable elsewhere;
  private final Messages messages;
  private final MessageViews views;
  private final JsonMapper json;

  LiveDispatch(
      LiveSessions sessions,
      PresenceTable elsewhere,
      Messages messages,
      MessageViews views,
      JsonMapper json) {
    this.sessions = sessions;
    this.elsewhere = elsewhere;
    this.messages = messages;
    this.views = views;
    this.json = json;
  }

  /**
   * @param from the instance that sent it; null when this instance did (its presence is already
   *     known here)
   */
  void apply(TenantConfig tenant, String from, BusEvent event) {
    String name = tenant.name();
    switch (event.kind()) {
      case BusEvent.EVENT ->
          sessions.send(name, event.subjects(), json.writeValueAsString(event.body()));
      case BusEvent.MESSAGE -> message(tenant, event);
      case BusEvent.CLOSE ->
          event.subjects().forEach(s -> sessions.closeAll(name, s, LiveHandler.BANNED));
      case BusEvent.PRESENCE -> presence(name, from, event);
      case BusEvent.ANNOUNCE -> {
        if (from != null) {
          elsewhere.announced(name, from, event.subjects(), until(event), version(event));
        }
      }
      case BusEvent.GONE -> {
        if (from != null) {
          elsewhere.dropInstance(name, from);
        }
      }
      default -> throw new IllegalArgumentException("unknown bus event kind " + event.kind());
    }
  }

  private void message(TenantConfig tenant, BusEvent event) {
    List<String> here =
        event.subjects().stream().filter(s -> sessions.here(tenant.name(), s)).toList();
    if (here.isEmpty()) {
      return;
    }
    UUID conversation = UUID.fromString(event.body().path("conversationId").asString());
    long seq = event.body().path("seq").asLong();
    messages
        .find(tenant, conversation, seq)
        .ifPresent(
            message -> {
              Map<String, Object> out = new LinkedHashMap<>();
              out.put("type", "message");
              out.put("message", views.of(tenant, message));
              sessions.send(tenant.name(), here, json.writeValueAsString(out));
            });
  }

  private void presence(String tenant, String from, BusEvent event) {
    String subject = event.body().path("subject").asString();
    boolean online = event.body().path("online").asBoolean();
    if (from != null) {
      elsewhere.changed(tenant, from, subject, online, until(event), version(event));
    }
    if (!event.subjects().isEmpty()) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("type", "presence");
      out.put("subject", subject);
      out.put("online", event.body().path("shown").asBoolean());
      sessions.send(tenant, event.subjects(), json.writeValueAsString(out));
    }
  }

  private static long version(BusEvent event) {
    return event.body().path("version").asLong();
  }

  private static Instant until(BusEvent event) {
    return Instant.now().plusMillis(event.body().path("ttlMillis").asLong());
  }
}
