package dev.sundae.chat.live;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.tenancy.keys.PayloadSeal;
import dev.sundae.tenancy.keys.TenantKeys;
import dev.sundae.web.tenant.NotificationListener;
import dev.sundae.web.tenant.TenantDatabases;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The per-tenant live bus: PostgreSQL NOTIFY on a channel of the tenant's own, so an event reaches
 * devices connected to any replica of the tenant's chat. An event is applied on this instance at
 * once and sent to the others sealed ({@link PayloadSeal}) on a channel whose name only the
 * tenant's replicas can derive: every role of the shared database may LISTEN on any channel it can
 * name. A payload older than {@code bus-max-age}, or seen before, is dropped, so a payload another
 * tenant captured and replays does nothing. NOTIFY takes payloads under 8000 bytes: a long list of
 * subjects is split over several notifications, and an event that does not fit with one subject is
 * refused with an exception (none does: bodies are a few ids).
 */
@Component
class LiveBus implements SmartLifecycle {

  /** NOTIFY refuses a payload of 8000 bytes or more; a sealed payload is ASCII. */
  static final int MAX_PAYLOAD = 7999;

  private static final Logger LOG = LoggerFactory.getLogger(LiveBus.class);
  private static final String CHANNEL_PURPOSE = "chat_live";

  private final String instance = UUID.randomUUID().toString();
  private final TenantDirectory tenants;
  private final TenantDatabases databases;
  private final LiveDispatch dispatch;
  private final LiveSessions sessions;
  private final JsonMapper json;
  private final MeterRegistry meters;
  private final Duration maxAge;
  private final Map<String, PayloadSeal> ciphers = new ConcurrentHashMap<>();
  private final Map<String, NotificationListener> listeners = new ConcurrentHashMap<>();
  private final Cache<String, Boolean> seen;
  private final List<Runnable> onConnect = new ArrayList<>();
  private volatile boolean running;

  LiveBus(
      TenantDirectory tenants,
      TenantDatabases databases,
      LiveDispatch dispatch,
      LiveSessions sessions,
      JsonMapper json,
      MeterRegistry meters,
      ChatProperties properties) {
    this.tenants = tenants;
    this.databases = databases;
    this.dispatch = dispatch;
    this.sessions = sessions;
    this.json = json;
    this.meters = meters;
    this.maxAge = properties.chat().live().busMaxAge();
    this.seen =
        Caffeine.newBuilder()
            .expireAfterWrite(maxAge.multipliedBy(2))
            .maximumSize(1_000_000)
            .build();
  }

  /** This instance's id on the bus. */
  String instance() {
    return instance;
  }

  /** The {@code application_name} of this instance's listening connections. */
  String listenerName() {
    return "sundae-chat-live-" + instance.substring(0, 8);
  }

  /** Applies {@code event} here and sends it to the tenant's other instances. */
  void publish(TenantConfig tenant, BusEvent event) {
    dispatch.apply(tenant, null, event);
    publishToOthers(tenant, event);
  }

  /** Sends {@code event} to the tenant's other instances only (it was applied here already). */
  void publishToOthers(TenantConfig tenant, BusEvent event) {
    try {
      List<String> payloads = payloads(cipher(tenant), json, instance, event);
      for (String payload : payloads) {
        databases
            .of(tenant)
            .jdbc()
            .sql("SELECT pg_notify(?, ?)")
            .params(channel(tenant), payload)
            .query(Object.class)
            .single();
      }
      meters.counter("sundae.chat.live.bus", "outcome", "published").increment(payloads.size());
    } catch (RuntimeException e) {
      // devices on other instances miss it live; they get it with their next sync
      meters.counter("sundae.chat.live.bus", "outcome", "publish-failed").increment();
      LOG.warn("Live bus of {}: {} not sent: {}", tenant.name(), event.kind(), e.getMessage());
    }
  }

  /** Runs {@code action} each time a tenant's listener (re)connects, after the resync hint. */
  void onConnect(Runnable action) {
    onConnect.add(action);
  }

  /**
   * The sealed notifications of {@code event}: one, or as many as its subjects need to fit in
   * NOTIFY's limit, each with its own id.
   */
  static List<String> payloads(PayloadSeal cipher, JsonMapper json, String from, BusEvent event) {
    List<String> out = new ArrayList<>();
    seal(cipher, json, from, event, out);
    return out;
  }

  private static void seal(
      PayloadSeal cipher, JsonMapper json, String from, BusEvent event, List<String> out) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", UUID.randomUUID().toString());
    envelope.put("at", System.currentTimeMillis());
    envelope.put("from", from);
    envelope.put("kind", event.kind());
    envelope.put("subjects", event.subjects());
    envelope.put("body", event.body());
    byte[] plain = json.writeValueAsBytes(envelope);
    if (PayloadSeal.sealedLength(plain.length) <= MAX_PAYLOAD) {
      out.add(cipher.seal(plain));
      return;
    }
    List<String> subjects = event.subjects();
    if (subjects.size() < 2) {
      throw new IllegalStateException(
          "A live bus event of kind "
              + event.kind()
              + " takes "
              + PayloadSeal.sealedLength(plain.length)
              + " bytes sealed; NOTIFY takes at most "
              + MAX_PAYLOAD);
    }
    int half = subjects.size() / 2;
    seal(cipher, json, from, event.withSubjects(subjects.subList(0, half)), out);
    seal(cipher, json, from, event.withSubjects(subjects.subList(half, subjects.size())), out);
  }

  private void receive(TenantConfig tenant, String payload) {
    Optional<byte[]> plain = cipher(tenant).open(payload);
    if (plain.isEmpty()) {
      // noise on our channel: another role NOTIFYing it, or a stale key
      meters.counter("sundae.chat.live.bus", "outcome", "rejected").increment();
      return;
    }
    JsonNode envelope = json.readTree(plain.get());
    String from = envelope.path("from").asString();
    long age = System.currentTimeMillis() - envelope.path("at").asLong();
    if (from.equals(instance)) {
      return;
    }
    if (Math.abs(age) > maxAge.toMillis()
        || seen.asMap().putIfAbsent(envelope.path("id").asString(), Boolean.TRUE) != null) {
      meters.counter("sundae.chat.live.bus", "outcome", "stale").increment();
      return;
    }
    List<String> subjects = new ArrayList<>();
    envelope.path("subjects").forEach(s -> subjects.add(s.asString()));
    meters.counter("sundae.chat.live.bus", "outcome", "received").increment();
    dispatch.apply(
        tenant,
        from,
        new BusEvent(envelope.path("kind").asString(), subjects, envelope.path("body")));
  }

  private void connected(TenantConfig tenant) {
    // events sent while nobody listened are lost: the tenant's devices here sync to catch up
    sessions.sendToTenant(tenant.name(), "{\"type\":\"resync\"}");
    onConnect.forEach(Runnable::run);
  }

  private PayloadSeal cipher(TenantConfig tenant) {
    return ciphers.computeIfAbsent(
        tenant.name(), name -> TenantKeys.of(tenant.database()).seal(channel(tenant)));
  }

  /** The tenant's channel, a name no other tenant can derive ({@link TenantKeys#channel}). */
  static String channel(TenantConfig tenant) {
    return TenantKeys.of(tenant.database()).channel(CHANNEL_PURPOSE);
  }

  @Override
  public void start() {
    running = true;
    for (TenantConfig tenant : tenants.all()) {
      listeners.put(
          tenant.name(),
          NotificationListener.start(
              "live-bus-" + tenant.name(),
              tenant,
              listenerName(),
              channel(tenant),
              payload -> receive(tenant, payload),
              () -> connected(tenant)));
    }
  }

  @Override
  public void stop() {
    for (TenantConfig tenant : tenants.all()) {
      try {
        publishToOthers(tenant, new BusEvent(BusEvent.GONE, List.of(), json.createObjectNode()));
      } catch (RuntimeException e) {
        LOG.debug("Live bus of {}: goodbye not sent: {}", tenant.name(), e.getMessage());
      }
    }
    listeners.values().forEach(NotificationListener::close);
    listeners.clear();
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
