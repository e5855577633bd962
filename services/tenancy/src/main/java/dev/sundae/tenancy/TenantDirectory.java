package dev.sundae.tenancy;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tenants a service serves, looked up the ways requests arrive: by the issuer of a token, by
 * the bucket of an object-created event, or by name.
 *
 * <p>Two tenants sharing a name, an issuer or a bucket would let one act as the other, so the
 * second of them (in the order given) is left out, with an error in the log, and every other tenant
 * is served: one bad entry in a shared service's configuration must not take the service down for
 * all (the operator refuses such a Tenant before it gets here). A service that does not check
 * tokens (the inference worker) may leave the issuer out.
 */
public final class TenantDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(TenantDirectory.class);

  private final Map<String, TenantConfig> byName = new LinkedHashMap<>();
  private final Map<String, TenantConfig> byIssuer = new HashMap<>();
  private final Map<String, TenantConfig> byBucket = new HashMap<>();

  public TenantDirectory(List<TenantConfig> tenants) {
    for (TenantConfig tenant : tenants) {
      String clash =
          clash(byName, tenant.name(), "name")
              .or(() -> clash(byIssuer, tenant.issuer(), "issuer"))
              .or(() -> clash(byBucket, tenant.storage().bucket(), "bucket"))
              .orElse(null);
      if (clash != null) {
        LOG.error("Tenant {} is not served: {}", tenant.name(), clash);
        continue;
      }
      byName.put(tenant.name(), tenant);
      if (tenant.issuer() != null) {
        byIssuer.put(tenant.issuer(), tenant);
      }
      byBucket.put(tenant.storage().bucket(), tenant);
    }
  }

  private static Optional<String> clash(Map<String, TenantConfig> index, String key, String what) {
    TenantConfig first = key == null ? null : index.get(key);
    return first == null
        ? Optional.empty()
        : Optional.of("tenant " + first.name() + " has the same " + what + " " + key);
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
    return Collections.unmodifiableCollection(byName.values());
  }
}
