package dev.sundae.web.security;

import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * The filter chain of a tenant-facing API, as the gateway and the chat both build it: stateless
 * (bearer tokens only, so no session, CSRF token, login form or basic authentication), each token
 * verified against the issuer of the tenant it names ({@link TenantIssuers}, cached by {@link
 * VerifiedTokens}), the OpenAPI document and health open to all, and every refusal a problem
 * ({@link ProblemEntryPoint}, {@link ProblemAccessDenied}). Which role reaches which path is the
 * service's own and comes in as {@code rules}.
 */
public final class TenantApiSecurity {

  private static final Logger LOG = LoggerFactory.getLogger(TenantApiSecurity.class);

  /** What anyone may read: the API's description and the service's health. */
  private static final String[] OPEN_PATHS = {
    "/openapi.yaml", "/actuator/health", "/actuator/health/**", "/actuator/prometheus"
  };

  private TenantApiSecurity() {}

  /**
   * The tenants' tokens: the issuer a token names picks the tenant, whose keys and audience verify
   * it.
   */
  public static AuthenticationManagerResolver<HttpServletRequest> tenantTokens(
      TenantDirectory tenants, Duration clockSkew, Duration cacheTtl, long cacheSize) {
    LOG.info(
        "Trusting the issuers of {} tenants: {}",
        tenants.all().size(),
        tenants.all().stream().map(TenantConfig::issuer).sorted().toList());
    return new VerifiedTokens(
        new JwtIssuerAuthenticationManagerResolver(new TenantIssuers(tenants, clockSkew)),
        clockSkew,
        cacheTtl,
        cacheSize);
  }

  /**
   * {@code http} for the tenants' callers: open paths first, then {@code rules}.
   *
   * @param callers who may call, as the access-denied problem names them
   */
  public static HttpSecurity tenantApi(
      HttpSecurity http,
      AuthenticationManagerResolver<HttpServletRequest> tenantTokens,
      BearerTokenResolver bearerTokens,
      JsonMapper json,
      String callers,
      Customizer<
              AuthorizeHttpRequestsConfigurer<HttpSecurity>
                  .AuthorizationManagerRequestMatcherRegistry>
          rules)
      throws Exception {
    ProblemEntryPoint entryPoint =
        new ProblemEntryPoint(json, "A bearer token from the tenant's OIDC issuer is required");
    ProblemAccessDenied denied = new ProblemAccessDenied(json, callers);
    return stateless(http)
        .authorizeHttpRequests(
            requests -> {
              requests
                  // the first dispatch was authorized; async completions and error pages follow
                  .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                  .permitAll()
                  .requestMatchers(OPEN_PATHS)
                  .permitAll();
              rules.customize(requests);
            })
        .oauth2ResourceServer(
            oauth ->
                oauth
                    .bearerTokenResolver(bearerTokens)
                    .authenticationManagerResolver(tenantTokens)
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(denied))
        .exceptionHandling(
            errors -> errors.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied));
  }

  /** Bearer credentials only, no cookies: CSRF protection and sessions have nothing to protect. */
  public static HttpSecurity stateless(HttpSecurity http) throws Exception {
    return http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable);
  }
}
