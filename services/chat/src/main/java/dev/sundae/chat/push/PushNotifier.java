package dev.sundae.chat.push;

import com.interaso.webpush.WebPush;
import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.live.LiveSessions;
import dev.sundae.chat.message.MessagePosted;
import dev.sundae.chat.message.StoredMessage;
import dev.sundae.tenancy.TenantConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes a new message to the devices of its recipients who are offline (no live connection), the
 * sender excepted. The listener only queues: subscriptions are read and pushes sent by a few
 * sending threads, so a post never waits for a push service. The work is queued per tenant and
 * taken in turn ({@link TenantQueues}), each device's push a piece of its own, with at most {@code
 * threads-per-tenant} of one tenant's running at once; an endpoint whose push timed out is set
 * aside ({@link SlowEndpoints}). So push services that hang, which any member can subscribe, delay
 * at most their own tenant's pushes, once per endpoint and pause. Past a tenant's queue capacity
 * pushes are dropped and counted (the app still syncs when opened).
 */
@Component
class PushNotifier implements DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(PushNotifier.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final PushKeys keys;
  private final PushSubscriptions subscriptions;
  private final LiveSessions live;
  private final PushSender sender;
  private final MeterRegistry meters;
  private final ChatProperties.Push settings;
  private final TenantQueues queues;
  private final SlowEndpoints slow;
  private final List<Thread> threads = new ArrayList<>();

  PushNotifier(
      PushKeys keys,
      PushSubscriptions subscriptions,
      LiveSessions live,
      MeterRegistry meters,
      ChatProperties properties) {
    this.keys = keys;
    this.subscriptions = subscriptions;
    this.live = live;
    this.meters = meters;
    this.settings = properties.chat().push();
    this.sender =
        new PushSender(settings.timeout(), new PushDns(settings.allowedInsecureOrigins()));
    this.queues =
        new TenantQueues(
            settings.queueCapacity(), Math.min(settings.threadsPerTenant(), settings.threads()));
    this.slow = new SlowEndpoints(settings.slowPause(), Clock.systemUTC());
    // pushes and fan-outs waiting or being sent
    meters.gauge("sundae.chat.push.pending", queues, TenantQueues::pending);
    for (int i = 1; i <= settings.threads(); i++) {
      Thread thread = new Thread(this::sendWhatComes, "push-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  private void sendWhatComes() {
    while (true) {
      TenantQueues.Work work;
      try {
        work = queues.take();
      } catch (InterruptedException e) {
        return;
      }
      if (work == null) {
        return;
      }
      try {
        work.task().run();
      } catch (RuntimeException e) {
        LOG.warn("Push work of tenant {} failed: {}", work.tenant(), e.toString());
      } finally {
        queues.done(work.tenant());
      }
    }
  }

  @EventListener
  void onMessage(MessagePosted posted) {
    TenantConfig tenant = posted.tenant();
    if (keys.of(tenant).isEmpty()) {
      return;
    }
    if (!queues.offer(tenant.name(), () -> fanOut(posted))) {
      count(tenant, "dropped");
      LOG.warn(
          "Push queue of tenant {} full: the pushes of message {} are dropped",
          tenant.name(),
          posted.message().id());
    }
  }

  /** Queues one push per offline recipient's device. */
  private void fanOut(MessagePosted posted) {
    TenantConfig tenant = posted.tenant();
    StoredMessage message = posted.message();
    WebPush webPush = keys.of(tenant).orElseThrow();
    List<String> offline =
        posted.recipients().stream()
            .filter(subject -> !subject.equals(message.sender()))
            .filter(subject -> !live.online(tenant.name(), subject))
            .toList();
    byte[] payload = payload(message);
    PushSender.Delivery delivery =
        new PushSender.Delivery(
            settings.ttl(), topic(message.conversationId()), WebPush.Urgency.Normal);
    for (PushSubscriptions.PushSubscription device : subscriptions.of(tenant, offline)) {
      if (!queues.offer(tenant.name(), () -> pushTo(tenant, webPush, device, payload, delivery))) {
        count(tenant, "dropped");
      }
    }
  }

  private void pushTo(
      TenantConfig tenant,
      WebPush webPush,
      PushSubscriptions.PushSubscription device,
      byte[] payload,
      PushSender.Delivery delivery) {
    if (slow.paused(device.endpoint())) {
      count(tenant, "skipped");
      return;
    }
    PushSender.Outcome outcome =
        sender.send(
            webPush,
            device.endpoint(),
            device.p256dh(),
            device.auth(),
            payload,
            delivery,
            device.id().toString());
    if (outcome == PushSender.Outcome.EXPIRED) {
      subscriptions.expired(tenant, device);
    }
    if (outcome == PushSender.Outcome.TIMED_OUT) {
      slow.timedOut(device.endpoint());
    }
    count(tenant, outcome.name().toLowerCase(Locale.ROOT));
  }

  private void count(TenantConfig tenant, String outcome) {
    meters
        .counter("sundae.chat.push.sent", "tenant", tenant.name(), "outcome", outcome)
        .increment();
  }

  /** The metadata an app needs to show a notification and sync; never the audio or its URL. */
  static byte[] payload(StoredMessage message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "message");
    body.put("conversationId", message.conversationId().toString());
    body.put("seq", message.seq());
    body.put("messageId", message.id().toString());
    body.put("sender", message.sender());
    body.put("durationMillis", message.durationMillis());
    body.put("sentAt", message.createdAt().toString());
    return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One topic per conversation, so a newer push replaces an older one still waiting at the push
   * service: the conversation id's 16 bytes in base64url, 22 characters (RFC 8030 allows 32).
   */
  static String topic(UUID conversationId) {
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(conversationId.getMostSignificantBits());
    bytes.putLong(conversationId.getLeastSignificantBits());
    return Base64Url.encode(bytes.array());
  }

  @Override
  public void destroy() throws InterruptedException {
    queues.close();
    for (Thread thread : threads) {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    }
  }
}
