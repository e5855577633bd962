package dev.sundae.web.security;

import dev.sundae.tenancy.CallerRole;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The token checks of each tenant's issuer, for {@code JwtIssuerAuthenticationManagerResolver}:
 * signature against that issuer's JWKS, {@code iss}, {@code aud} = the tenant's audience, expiry.
 * An issuer no tenant trusts gets no manager, so its tokens are refused before any key is fetched.
 *
 * <p>A token that passes is granted, as authorities, the {@link CallerRole}s its issuer put in the
 * tenant's roles claim, and nothing else: each service's filter chain says which roles reach which
 * endpoint. Scopes are not read (a client asks for its scopes; an issuer grants roles).
 */
public final class TenantIssuers implements AuthenticationManagerResolver<String> {

  private final TenantDirectory tenants;
  private final Duration clockSkew;
  private final Map<String, AuthenticationManager> managers = new ConcurrentHashMap<>();

  public TenantIssuers(TenantDirectory tenants, Duration clockSkew) {
    this.tenants = tenants;
    this.clockSkew = clockSkew;
  }

  @Override
  public AuthenticationManager resolve(String issuer) {
    return tenants
        .byIssuer(issuer)
        .map(tenant -> managers.computeIfAbsent(issuer, key -> manager(tenant)))
        .orElse(null);
  }

  private AuthenticationManager manager(TenantConfig tenant) {
    // Discovery and the JWKS are fetched on the first token, so an issuer that is down at startup
    // does not keep the gateway, and every other tenant, from starting.
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(tenant.issuer()).build();
    decoder.setJwtValidator(
        new DelegatingOAuth2TokenValidator<>(
            new JwtTimestampValidator(clockSkew),
            new JwtIssuerValidator(tenant.issuer()),
            new JwtAudienceValidator(tenant.audience())));
    JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
    provider.setJwtAuthenticationConverter(
        jwt ->
            new JwtAuthenticationToken(
                jwt,
                CallerRole.granted(jwt.getClaims(), tenant.rolesClaim()).stream()
                    .map(role -> new SimpleGrantedAuthority(role.roleName()))
                    .toList(),
                jwt.getSubject()));
    return provider::authenticate;
  }
}
