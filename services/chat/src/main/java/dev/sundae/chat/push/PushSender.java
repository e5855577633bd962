package dev.sundae.chat.push;

import com.interaso.webpush.WebPush;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import okhttp3.Dns;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one push (RFC 8030) to one device: the payload encrypted for the device (RFC 8291,
 * aes128gcm) and signed for the push service (RFC 8292 VAPID) by the webpush library, POSTed with
 * OkHttp, whose resolver ({@link PushDns}) hands out public addresses only and whose call timeout
 * bounds the whole exchange. Never follows a redirect: the endpoint was checked, where a redirect
 * points was not. Logs name the push service's origin and the subscription id, never the endpoint's
 * path (a capability) or a key.
 */
class PushSender {

  private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);

  /** What became of a push. */
  enum Outcome {
    /** the push service took it (2xx) */
    SENT,
    /** the push service no longer knows the subscription (404, 410): forget it */
    EXPIRED,
    /** the whole exchange took longer than the time budget: the push service may be a tarpit */
    TIMED_OUT,
    /** anything else: an error status, no connection */
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

  private static final MediaType OCTETS = MediaType.get("application/octet-stream");

  private final OkHttpClient http;

  /**
   * @param budget the whole time one push may take (connect, TLS, send, answer), so that a push
   *     service that accepts and never answers holds a sending thread no longer than this
   * @param dns resolves push services to public addresses only
   */
  PushSender(Duration budget, Dns dns) {
    this.http =
        new OkHttpClient.Builder()
            .dns(dns)
            .callTimeout(budget)
            .connectTimeout(budget)
            .readTimeout(budget)
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
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
      Request.Builder request = new Request.Builder().url(endpoint);
      headers.forEach(request::header);
      MediaType type =
          headers.containsKey("Content-Type") ? MediaType.get(headers.get("Content-Type")) : OCTETS;
      request.post(RequestBody.create(body, type));
      int status;
      try (Response response = http.newCall(request.build()).execute()) {
        status = response.code();
      }
      if (status >= 200 && status < 300) {
        return Outcome.SENT;
      }
      if (status == 404 || status == 410) {
        LOG.info("Push subscription {} at {} is gone ({})", subscriptionId, origin, status);
        return Outcome.EXPIRED;
      }
      LOG.warn("Push to subscription {} at {} answered {}", subscriptionId, origin, status);
      return Outcome.FAILED;
    } catch (InterruptedIOException e) {
      // OkHttp's call, connect and read timeouts all end the call this way
      LOG.warn(
          "Push to subscription {} at {} timed out: {}", subscriptionId, origin, e.getMessage());
      return Outcome.TIMED_OUT;
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Push to subscription {} at {} failed: {} {}",
          subscriptionId,
          origin,
          e.getClass().getSimpleName(),
          e.getMessage());
      return Outcome.FAILED;
    }
  }
}
