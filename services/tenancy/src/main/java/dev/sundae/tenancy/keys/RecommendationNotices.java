package dev.sundae.tenancy.keys;

import dev.sundae.tenancy.TenantConfig;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;

/**
 * The notifications the inference worker sends the gateway when a recommendation is stored: on a
 * channel of the tenant's own that no other tenant can name, the request id sealed, so another
 * tenant's role can neither count a tenant's recommendations, learn their ids, nor wake the
 * gateway's waiters with forged ones. Both services read this one definition.
 */
public final class RecommendationNotices {

  private static final String PURPOSE = "recommendations";

  private final String channel;
  private final PayloadSeal seal;

  private RecommendationNotices(TenantKeys keys) {
    this.channel = keys.channel(PURPOSE);
    this.seal = keys.seal(channel);
  }

  /** The notices of the tenant whose role signs in with {@code database}. */
  public static RecommendationNotices of(TenantConfig.Database database) {
    return of(TenantKeys.of(database));
  }

  /** The notices of the tenant with {@code keys}. */
  public static RecommendationNotices of(TenantKeys keys) {
    return new RecommendationNotices(keys);
  }

  /** The channel to LISTEN on and NOTIFY; a lower-case identifier that needs no quoting. */
  public String channel() {
    return channel;
  }

  /** The payload announcing {@code requestId}. */
  public String payload(UUID requestId) {
    return seal.seal(
        ByteBuffer.allocate(16)
            .putLong(requestId.getMostSignificantBits())
            .putLong(requestId.getLeastSignificantBits())
            .array());
  }

  /** The request id {@code payload} announces; empty when this tenant did not seal it. */
  public Optional<UUID> requestId(String payload) {
    return seal.open(payload)
        .filter(bytes -> bytes.length == 16)
        .map(ByteBuffer::wrap)
        .map(buffer -> new UUID(buffer.getLong(), buffer.getLong()));
  }
}
