package dev.sundae.chat.push;

import com.interaso.webpush.CryptoKt;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.web.Problems;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The VAPID key pair of each tenant: its own from {@code sundae.chat.policies.<tenant>}, else the
 * deployment's default. Every configured pair is checked at startup, so a private key that does not
 * belong to its public key stops the service instead of every push failing later.
 */
@Component
class PushKeys {

  private final WebPush fallback;
  private final Map<String, WebPush> own = new HashMap<>();

  PushKeys(ChatProperties properties) {
    ChatProperties.Push push = properties.chat().push();
    this.fallback =
        pair("sundae.chat.push", push.subject(), push.vapidPublicKey(), push.vapidPrivateKey());
    properties
        .chat()
        .policies()
        .forEach(
            (tenant, policy) -> {
              WebPush pair =
                  pair(
                      "sundae.chat.policies." + tenant,
                      push.subject(),
                      policy.vapidPublicKey(),
                      policy.vapidPrivateKey());
              if (pair != null) {
                own.put(tenant, pair);
              }
            });
  }

  /** The tenant's signer and encrypter, or empty when it has no key pair. */
  Optional<WebPush> of(TenantConfig tenant) {
    return Optional.ofNullable(own.getOrDefault(tenant.name(), fallback));
  }

  /** As {@link #of}, for a request: 503 {@code push-not-configured} when there is no pair. */
  WebPush require(TenantConfig tenant) {
    return of(tenant)
        .orElseThrow(
            () ->
                Problems.of(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "push-not-configured",
                    "Push not configured",
                    "This community has no VAPID key pair (sundae.chat.push.vapid-public-key and"
                        + " vapid-private-key), so it sends no Web Push"));
  }

  /** The applicationServerKey browsers subscribe with, base64url without padding. */
  static String publicKey(WebPush webPush) {
    return Base64Url.encode(webPush.getVapidKeys().getApplicationServerKey());
  }

  static WebPush pair(String where, String subject, String publicKey, String privateKey) {
    boolean hasPublic = publicKey != null && !publicKey.isBlank();
    boolean hasPrivate = privateKey != null && !privateKey.isBlank();
    if (!hasPublic && !hasPrivate) {
      return null;
    }
    if (hasPublic != hasPrivate) {
      throw new IllegalStateException(
          where + ": vapid-public-key and vapid-private-key are set together or not at all");
    }
    if (subject == null || !(subject.startsWith("mailto:") || subject.startsWith("https://"))) {
      throw new IllegalStateException(
          "sundae.chat.push.subject must be a mailto: or https: contact for the push services"
              + " (SUNDAE_PUSH_SUBJECT) when a VAPID key pair is configured ("
              + where
              + ")");
    }
    byte[] publicBytes = decode(where + ".vapid-public-key", publicKey, 65);
    byte[] privateBytes = decode(where + ".vapid-private-key", privateKey, 32);
    ECPublicKey pub;
    ECPrivateKey priv;
    try {
      pub = CryptoKt.generatePublicKeyFromUncompressedBytes(publicBytes);
      priv = CryptoKt.generatePrivateKeyFromUncompressedBytes(privateBytes);
    } catch (RuntimeException e) {
      throw new IllegalStateException(where + ": not a P-256 key pair: " + e.getMessage(), e);
    }
    if (!SubscriptionCheck.onCurve(publicBytes) || !CryptoKt.areKeysValidPair(priv, pub)) {
      throw new IllegalStateException(
          where
              + ".vapid-private-key does not belong to "
              + where
              + ".vapid-public-key: generate the pair together (e.g. npx web-push"
              + " generate-vapid-keys) and set both");
    }
    return new WebPush(subject, new VapidKeys(pub, priv));
  }

  private static byte[] decode(String key, String value, int length) {
    byte[] bytes;
    try {
      bytes = Base64Url.decode(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(key + " is not base64url: " + e.getMessage(), e);
    }
    if (bytes.length != length) {
      throw new IllegalStateException(
          key + " must be " + length + " bytes once decoded, not " + bytes.length);
    }
    return bytes;
  }
}
