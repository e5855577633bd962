package dev.sundae.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import dev.sundae.testing.junit.WithPushService;
import dev.sundae.testing.push.PushServiceServer;
import dev.sundae.testing.push.PushServiceServer.Subscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

@WithPushService
class PushServiceServerIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void decryptsAPushSignedByTheSubscriptionsKeyAndRefusesAnotherKey(PushServiceServer push)
      throws Exception {
    VapidKeys server = VapidKeys.generate();
    Subscription subscription = push.subscribe(base64Url(server.getApplicationServerKey()));
    assertThat(subscription.endpoint()).startsWith(push.origin() + "/notify/");

    int accepted = send(new WebPush("mailto:ops@sundae.dev", server), subscription, "first");
    int forged =
        send(new WebPush("mailto:ops@sundae.dev", VapidKeys.generate()), subscription, "forged");

    assertThat(accepted).isEqualTo(201);
    assertThat(forged).isEqualTo(400);
    assertThat(push.messages(subscription)).containsExactly("first");
  }

  @Test
  void answersGoneOnceASubscriptionExpired(PushServiceServer push) throws Exception {
    VapidKeys server = VapidKeys.generate();
    WebPush webPush = new WebPush("mailto:ops@sundae.dev", server);
    Subscription subscription = push.subscribe(base64Url(server.getApplicationServerKey()));
    assertThat(send(webPush, subscription, "before")).isEqualTo(201);

    push.expire(subscription);

    assertThat(send(webPush, subscription, "after")).isEqualTo(410);
    assertThat(push.messages(subscription)).containsExactly("before");
  }

  private static int send(WebPush webPush, Subscription subscription, String text)
      throws Exception {
    byte[] body =
        webPush.getBody(
            text.getBytes(StandardCharsets.UTF_8),
            Base64.getUrlDecoder().decode(subscription.p256dh()),
            Base64.getUrlDecoder().decode(subscription.auth()));
    Map<String, String> headers = webPush.getHeaders(subscription.endpoint(), 60, null, null);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(subscription.endpoint()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
