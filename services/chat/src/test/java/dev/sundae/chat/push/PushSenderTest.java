package dev.sundae.chat.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link PushSender} against a JDK HttpServer standing in for a push service: what goes over the
 * wire (RFC 8030 headers, the VAPID token, the RFC 8291 body decrypted here with the device's own
 * key) and how each answer is read. PushIT does the same against a real push service.
 */
class PushSenderTest {

  private static final String SUBJECT = "mailto:ops@sundae.dev";

  private final VapidKeys vapid = VapidKeys.generate();
  private final WebPush webPush = new WebPush(SUBJECT, vapid);
  // the test push service listens on loopback: its host is allowed, as in the ITs
  private final PushSender sender =
      new PushSender(Duration.ofSeconds(5), new PushDns(List.of("http://127.0.0.1:1")));
  private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
  private final List<byte[]> bodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(201);
  private final AtomicInteger redirected = new AtomicInteger();
  private HttpServer server;
  private Rfc8291Decryptor device;

  @BeforeEach
  void start() throws Exception {
    device = new Rfc8291Decryptor();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/push/",
        exchange -> {
          headers.add(Map.copyOf(exchange.getRequestHeaders()));
          bodies.add(exchange.getRequestBody().readAllBytes());
          if (status.get() == 301) {
            exchange.getResponseHeaders().add("Location", origin() + "/elsewhere");
          }
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.createContext(
        "/elsewhere",
        exchange -> {
          redirected.incrementAndGet();
          exchange.sendResponseHeaders(201, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void encryptsThePayloadForTheDeviceAndSendsTheRfc8030Headers() throws Exception {
    UUID conversation = UUID.randomUUID();
    String topic = PushNotifier.topic(conversation);
    byte[] payload = "{\"type\":\"message\",\"seq\":7}".getBytes(StandardCharsets.UTF_8);

    PushSender.Outcome outcome = send(payload, topic);

    assertThat(outcome).isEqualTo(PushSender.Outcome.SENT);
    assertThat(device.decrypt(bodies.get(0))).isEqualTo(payload);
    Map<String, List<String>> sent = headers.get(0);
    assertThat(sent.get("Ttl")).containsExactly("86400");
    assertThat(sent.get("Topic")).containsExactly(topic);
    assertThat(topic).matches("[A-Za-z0-9_-]{22}");
    assertThat(sent.get("Urgency")).containsExactly("normal");
    assertThat(sent.get("Content-encoding")).containsExactly("aes128gcm");
    String authorization = sent.get("Authorization").get(0);
    assertThat(authorization)
        .startsWith("vapid t=")
        .endsWith(", k=" + Base64Url.encode(vapid.getApplicationServerKey()));
    String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
    JsonNode claims = JsonMapper.builder().build().readTree(Base64Url.decode(jwt.split("\\.")[1]));
    assertThat(claims.path("aud").asString()).isEqualTo(origin());
    assertThat(claims.path("sub").asString()).isEqualTo(SUBJECT);
    // RFC 8292: no more than 24 hours ahead
    assertThat(claims.path("exp").asLong())
        .isLessThanOrEqualTo(System.currentTimeMillis() / 1000 + 24 * 3600);
  }

  @Test
  void goneAndNotFoundMeanTheSubscriptionExpired() {
    status.set(410);
    assertThat(send(new byte[] {1}, "t")).isEqualTo(PushSender.Outcome.EXPIRED);
    status.set(404);
    assertThat(send(new byte[] {1}, "t")).isEqualTo(PushSender.Outcome.EXPIRED);
  }

  @Test
  void otherAnswersARedirectAndNoAnswerAreFailures() {
    status.set(500);
    assertThat(send(new byte[] {1}, "t")).isEqualTo(PushSender.Outcome.FAILED);
    status.set(429);
    assertThat(send(new byte[] {1}, "t")).isEqualTo(PushSender.Outcome.FAILED);
    status.set(301);
    assertThat(send(new byte[] {1}, "t")).isEqualTo(PushSender.Outcome.FAILED);
    assertThat(redirected).hasValue(0);

    server.stop(0);
    assertThat(send(new byte[] {1}, "t")).isEqualTo(PushSender.Outcome.FAILED);
  }

  private PushSender.Outcome send(byte[] payload, String topic) {
    return sender.send(
        webPush,
        origin() + "/push/device-1",
        device.p256dh(),
        device.auth(),
        payload,
        new PushSender.Delivery(Duration.ofHours(24), topic, WebPush.Urgency.Normal),
        "sub-1");
  }

  private String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A name that resolves to this machine is refused when sending, not only literals. */
  @Test
  void neverConnectsToAHostNameThatResolvesToAPrivateAddress() {
    PushSender production = new PushSender(Duration.ofSeconds(5), new PushDns(List.of()));

    PushSender.Outcome outcome =
        production.send(
            webPush,
            "http://localhost:" + server.getAddress().getPort() + "/push/device-1",
            device.p256dh(),
            device.auth(),
            "{}".getBytes(StandardCharsets.UTF_8),
            new PushSender.Delivery(Duration.ofHours(1), null, WebPush.Urgency.Normal),
            "subscription-1");

    assertThat(outcome).isEqualTo(PushSender.Outcome.FAILED);
    assertThat(bodies).isEmpty();
  }
}
