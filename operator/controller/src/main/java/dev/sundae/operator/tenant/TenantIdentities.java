package dev.sundae.operator.tenant;

import dev.sundae.operator.api.ConditionReasons;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TrustSpec;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Whether the platform may serve a Tenant's issuer. The shared gateway finds a token's tenant by
 * its issuer, so an issuer belongs to one Tenant of an Environment: the oldest that names it (by
 * creation, then by name). And an Environment that lists {@code spec.identity.trustedIssuers}
 * serves only those: an entry is an issuer, or a prefix ending in '/' (every realm of one Keycloak,
 * {@code https://id.example/realms/}).
 *
 * <p>The Tenant reconciler refuses a Tenant this says no to (its conditions say why), and the
 * gateway's configuration leaves it out, so one Tenant can neither stop the shared gateway nor take
 * another's tokens.
 */
public final class TenantIdentities {

  /** Why a Tenant's issuer is not served: a condition reason and a message for its status. */
  public record Refusal(String reason, String message) {}

  private static final Comparator<Tenant> BY_AGE =
      Comparator.comparing(TenantIdentities::created).thenComparing(t -> t.getMetadata().getName());

  private TenantIdentities() {}

  /**
   * @param tenants the Tenants of {@code environment} (the one asked about among them or not)
   */
  public static Optional<Refusal> refusal(
      Tenant tenant, Environment environment, Collection<Tenant> tenants) {
    String issuer = tenant.getSpec().getIdentity().getIssuer();
    List<String> trusted =
        Optional.ofNullable(environment.getSpec().getIdentity())
            .map(TrustSpec::getTrustedIssuers)
            .orElse(List.of());
    if (!trusted.isEmpty() && trusted.stream().noneMatch(entry -> trusts(entry, issuer))) {
      return Optional.of(
          new Refusal(
              ConditionReasons.ISSUER_NOT_TRUSTED,
              "Issuer "
                  + issuer
                  + " is not in spec.identity.trustedIssuers of Environment "
                  + environment.getMetadata().getName()));
    }
    return tenants.stream()
        .filter(other -> !other.getMetadata().getName().equals(tenant.getMetadata().getName()))
        .filter(other -> issuer.equals(other.getSpec().getIdentity().getIssuer()))
        .filter(other -> BY_AGE.compare(other, tenant) < 0)
        .min(BY_AGE)
        .map(
            older ->
                new Refusal(
                    ConditionReasons.ISSUER_IN_USE,
                    "Tenant "
                        + older.getMetadata().getName()
                        + " already has issuer "
                        + issuer
                        + ": the gateway tells tenants apart by issuer, so it serves the older"
                        + " one only. Give this Tenant its own issuer (e.g. its own realm)."));
  }

  static boolean trusts(String entry, String issuer) {
    return entry.equals(issuer) || (entry.endsWith("/") && issuer.startsWith(entry));
  }

  private static Instant created(Tenant tenant) {
    String timestamp = tenant.getMetadata().getCreationTimestamp();
    // not created yet (a test's object): after every existing one
    return timestamp == null ? Instant.MAX : Instant.parse(timestamp);
  }
}
