package dev.sundae.chat.push;

import com.interaso.webpush.WebPush;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one push (RFC 8030) to one device: the payload encrypted for the device (RFC 8291,
 * aes128gcm) and signed for the push service (RFC 8292 VAPID) by the webpush library, POSTed with
 * the JDK's client. Never follows a redirect: the endpoint was checked, where a redirect points was
 * not. Logs name the push service's origin and the subscription id, never the endpoint's path (a
 * capability) or a key.
 */
class PushSender {

  private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);

  /** What became of a push. */
  enum Outcome {
    /** the push service took it (2xx) */
    SENT,
    /** the push service no longer knows the subscription (404, 410): forget it */
    EXPIRED,
    /** anything else: an error status, a timeout, no connection */
    FAILED
  }

  /**
   * What to send and how.
   *
   * @param ttl how long the push service keeps it for an offline device
   * @param topic replaces an undelivered earlier push with the same topic (at most 32 base64url
   *     characters)
   * @param urgency the device's battery budget for it
   */
  record Delivery(Duration ttl, String topic, WebPush.Urgency urgency) {}

  private final HttpClient http;
  private final Duration timeout;

  PushSender(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  Outcome send(
      WebPush webPush,
      String endpoint,
      byte[] p256dh,
      byte[] auth,
      byte[] payload,
      Delivery delivery,
      String subscriptionId) {
    URI uri = URI.create(endpoint);
    String origin = uri.getScheme() + "://" + uri.getAuthority();
    try {
      byte[] body = webPush.getBody(payload, p256dh, auth);
      Map<String, String> headers =
          webPush.getHeaders(
              endpoint,
              (int) Math.min(Integer.MAX_VALUE, delivery.ttl().toSeconds()),
              delivery.topic(),
              delivery.urgency());
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(request::header);
      int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        return Outcome.SENT;
      }
      if (status == 404 || status == 410) {
        LOG.info("Push subscription {} at {} is gone ({})", subscriptionId, origin, status);
        return Outcome.EXPIRED;
      }
      LOG.warn("Push to subscription {} at {} answered {}", subscriptionId, origin, status);
      return Outcome.FAILED;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Push to subscription {} at {} failed: {}",
          subscriptionId,
          origin,
          e.getClass().getSimpleName());
      return Outcome.FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.FAILED;
    }
  }
}
