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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes a new message to the devices of its recipients who are offline (no live connection), the
 * sender excepted. The listener only queues: subscriptions are read and pushes sent on a small
 * bounded pool, so a post never waits for a push service; when the queue is full the message's
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
  private final ThreadPoolExecutor pool;

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
    this.pool =
        new ThreadPoolExecutor(
            settings.threads(),
            settings.threads(),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(settings.queueCapacity()),
            threads(),
            new ThreadPoolExecutor.AbortPolicy());
    // messages whose pushes are waiting or being sent
    meters.gauge(
        "sundae.chat.push.pending",
        pool,
        p -> (double) (p.getTaskCount() - p.getCompletedTaskCount()));
  }

  private static CustomizableThreadFactory threads() {
    CustomizableThreadFactory factory = new CustomizableThreadFactory("push-");
    factory.setDaemon(true);
    return factory;
  }

  @EventListener
  void onMessage(MessagePosted posted) {
    TenantConfig tenant = posted.tenant();
    if (keys.of(tenant).isEmpty()) {
      return;
    }
    try {
      pool.execute(() -> push(posted));
    } catch (RejectedExecutionException e) {
      meters
          .counter("sundae.chat.push.sent", "tenant", tenant.name(), "outcome", "dropped")
          .increment();
      LOG.warn("Push queue full: the pushes of message {} are dropped", posted.message().id());
    }
  }

  private void push(MessagePosted posted) {
    TenantConfig tenant = posted.tenant();
    StoredMessage message = posted.message();
    try {
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
        meters
            .counter(
                "sundae.chat.push.sent",
                "tenant",
                tenant.name(),
                "outcome",
                outcome.name().toLowerCase(java.util.Locale.ROOT))
            .increment();
      }
    } catch (RuntimeException e) {
      LOG.warn("Pushes of message {} failed: {}", message.id(), e.toString());
    }
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
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }
}
