package dev.sundae.chat.push;

import dev.sundae.chat.ChatProperties;
import dev.sundae.chat.tenant.Caller;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A member's devices subscribe to Web Push here, and fetch the key to subscribe with. */
@RestController
class PushController {

  private final PushKeys keys;
  private final PushSubscriptions subscriptions;
  private final SubscriptionCheck check;
  private final int maxPerMember;

  PushController(PushKeys keys, PushSubscriptions subscriptions, ChatProperties properties) {
    this.keys = keys;
    this.subscriptions = subscriptions;
    this.check = new SubscriptionCheck(properties.chat().push().allowedInsecureOrigins());
    this.maxPerMember = properties.chat().push().maxSubscriptionsPerMember();
  }

  /** The tenant's applicationServerKey, for {@code pushManager.subscribe}. */
  @GetMapping("/v1/push/vapid-public-key")
  Map<String, String> publicKey(Caller caller) {
    return Map.of("publicKey", PushKeys.publicKey(keys.require(caller.tenant())));
  }

  @PostMapping("/v1/push/subscriptions")
  ResponseEntity<SubscriptionView> subscribe(
      Caller caller, @RequestBody SubscriptionRequest request) {
    keys.require(caller.tenant());
    SubscriptionRequest.Keys given = request.keys();
    SubscriptionCheck.Valid valid =
        check.check(
            request.endpoint(),
            given == null ? null : given.p256dh(),
            given == null ? null : given.auth());
    PushSubscriptions.Saved saved = subscriptions.save(caller, valid, maxPerMember);
    return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
        .body(SubscriptionView.of(saved.subscription()));
  }

  @GetMapping("/v1/push/subscriptions")
  List<SubscriptionView> list(Caller caller) {
    keys.require(caller.tenant());
    return subscriptions.of(caller).stream().map(SubscriptionView::of).toList();
  }

  @DeleteMapping("/v1/push/subscriptions/{id}")
  ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
    keys.require(caller.tenant());
    subscriptions.delete(caller, id);
    return ResponseEntity.noContent().build();
  }

  /**
   * A browser's {@code PushSubscription.toJSON()}; {@code expirationTime} and anything else are
   * ignored.
   *
   * @param endpoint the push service's URL for the device
   * @param keys the device's keys
   */
  record SubscriptionRequest(String endpoint, Keys keys) {

    /**
     * @param p256dh the device's P-256 public key, base64url
     * @param auth the 16-byte authentication secret, base64url
     */
    record Keys(String p256dh, String auth) {}
  }

  /**
   * A stored subscription as its member sees it (the keys stay on the server).
   *
   * @param id the subscription's id
   * @param endpoint the push service's URL for the device
   * @param createdAt when it was subscribed
   */
  record SubscriptionView(UUID id, String endpoint, Instant createdAt) {
    static SubscriptionView of(PushSubscriptions.PushSubscription subscription) {
      return new SubscriptionView(
          subscription.id(), subscription.endpoint(), subscription.createdAt());
    }
  }
}
