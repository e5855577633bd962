package dev.sundae.tenancy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The tenants a service serves, looked up the ways requests arrive: by the issuer of a token, by
 * the bucket of an object-created event, or by name.
 */
public final class TenantDirectory {

  private final Map<String, TenantConfig> byName;
  private final Map<String, TenantConfig> byIssuer;
  private final Map<String, TenantConfig> byBucket;

  public TenantDirectory(List<TenantConfig> tenants) {
    this.byName = index(tenants, TenantConfig::name);
    this.byIssuer = index(tenants, TenantConfig::issuer);
    this.byBucket = index(tenants, t -> t.storage().bucket());
  }

  // two tenants sharing an issuer or a bucket would let one act as the other: refuse to start.
  // A service that does not check tokens (the inference worker) may leave the issuer out.
  private static Map<String, TenantConfig> index(
      List<TenantConfig> tenants, Function<TenantConfig, String> key) {
    return tenants.stream()
        .filter(t -> key.apply(t) != null)
        .collect(
            Collectors.toUnmodifiableMap(
                key,
                t -> t,
                (a, b) -> {
                  throw new IllegalArgumentException(
                      "Tenants " + a.name() + " and " + b.name() + " share " + key.apply(a));
                }));
  }

  public Optional<TenantConfig> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Optional<TenantConfig> byIssuer(String issuer) {
    return Optional.ofNullable(byIssuer.get(issuer));
  }

  public Optional<TenantConfig> byBucket(String bucket) {
    return Optional.ofNullable(byBucket.get(bucket));
  }

  public Collection<TenantConfig> all() {
    return byName.values();
  }
}
