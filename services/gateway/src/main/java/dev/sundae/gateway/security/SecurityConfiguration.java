package dev.sundae.gateway.security;

import dev.sundae.gateway.GatewayProperties;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.security.HeaderBearerTokens;
import dev.sundae.web.security.ProblemEntryPoint;
import dev.sundae.web.security.TenantApiSecurity;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two doors: the public API takes JWTs of the tenants' issuers; the internal event bridge takes
 * MinIO's shared token. Neither accepts the other's credentials. Behind the first, each endpoint is
 * for one kind of caller ({@link CallerRole}): registers upload, read recommendations and report
 * purchases; analysts read how recommendations sell. A community member's token opens nothing here.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);
  private static final String REGISTER = CallerRole.REGISTER.roleName();
  private static final String ANALYST = CallerRole.ANALYST.roleName();

  @Bean
  AuthenticationManagerResolver<HttpServletRequest> tenantTokens(
      TenantDirectory tenants, GatewayProperties properties) {
    GatewayProperties.Auth auth = properties.auth();
    return TenantApiSecurity.tenantTokens(
        tenants, auth.clockSkew(), auth.cacheTtl(), auth.cacheSize());
  }

  @Bean
  @Order(1)
  SecurityFilterChain eventBridgeFilterChain(
      HttpSecurity http, GatewayProperties properties, JsonMapper json) throws Exception {
    String token = properties.bridge().token();
    if (token == null || token.isBlank()) {
      LOG.warn("sundae.bridge.token is not set: the event bridge refuses every request");
    }
    return TenantApiSecurity.stateless(http.securityMatcher("/internal/**"))
        .addFilterBefore(new BridgeTokenFilter(token), AuthorizationFilter.class)
        .authorizeHttpRequests(
            requests -> requests.anyRequest().hasAuthority(BridgeTokenFilter.AUTHORITY))
        .exceptionHandling(
            errors ->
                errors.authenticationEntryPoint(
                    new ProblemEntryPoint(json, "The bridge token is missing or wrong")))
        .build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain apiFilterChain(
      HttpSecurity http,
      AuthenticationManagerResolver<HttpServletRequest> tenantTokens,
      JsonMapper json)
      throws Exception {
    return TenantApiSecurity.tenantApi(
            http,
            tenantTokens,
            new HeaderBearerTokens(),
            json,
            "the chain's registers ("
                + REGISTER
                + ": uploads, recommendations, purchases, sold-out flavours) and analysts ("
                + ANALYST
                + ": analytics)",
            requests ->
                requests
                    .requestMatchers(
                        "/v1/uploads/**",
                        "/v1/recommendations/**",
                        "/v1/purchases/**",
                        "/v1/stores/**")
                    .hasAuthority(REGISTER)
                    .requestMatchers("/v1/analytics/**")
                    .hasAuthority(ANALYST)
                    .requestMatchers("/v1/catalogue")
                    .hasAnyAuthority(REGISTER, ANALYST)
                    // what no rule names (a wrong path: 404) is still for the gateway's callers
                    // only
                    .anyRequest()
                    .hasAnyAuthority(REGISTER, ANALYST))
        .build();
  }
}
