package dev.sundae.chat.security;

import dev.sundae.chat.ChatProperties;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.tenancy.TenantDirectory;
import dev.sundae.web.security.HeaderBearerTokens;
import dev.sundae.web.security.TenantApiSecurity;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request carries a JWT of the tenants' issuers, checked as the gateway checks them (with the
 * same classes, from services/web). The chat is for the community: a member's or a moderator's
 * token ({@link CallerRole}) opens it, the moderation endpoints take a moderator's; a register's or
 * an analyst's token opens nothing here.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  private static final String MEMBER = CallerRole.MEMBER.roleName();
  private static final String MODERATOR = CallerRole.MODERATOR.roleName();

  /** The WebSocket endpoint; browsers cannot set headers on a WebSocket handshake. */
  static final String LIVE_PATH = "/v1/live";

  @Bean
  AuthenticationManagerResolver<HttpServletRequest> tenantTokens(
      TenantDirectory tenants, ChatProperties properties) {
    ChatProperties.Auth auth = properties.auth();
    return TenantApiSecurity.tenantTokens(
        tenants, auth.clockSkew(), auth.cacheTtl(), auth.cacheSize());
  }

  @Bean
  SecurityFilterChain apiFilterChain(
      HttpSecurity http,
      AuthenticationManagerResolver<HttpServletRequest> tenantTokens,
      JsonMapper json)
      throws Exception {
    return TenantApiSecurity.tenantApi(
            http,
            tenantTokens,
            bearerTokens(),
            json,
            "the community's members ("
                + MEMBER
                + ") and moderators ("
                + MODERATOR
                + ", who alone reach /v1/moderation)",
            requests ->
                requests
                    .requestMatchers("/v1/moderation/**")
                    .hasAuthority(MODERATOR)
                    .anyRequest()
                    .hasAnyAuthority(MEMBER, MODERATOR))
        .build();
  }

  // The Authorization header everywhere; on the WebSocket handshake also ?access_token= (RFC 6750
  // section 2.3), because a browser's WebSocket cannot send headers. Nowhere else, so that tokens
  // do not end up in the access logs of ordinary requests.
  private static BearerTokenResolver bearerTokens() {
    BearerTokenResolver header = new HeaderBearerTokens();
    DefaultBearerTokenResolver headerOrQuery = new DefaultBearerTokenResolver();
    headerOrQuery.setAllowUriQueryParameter(true);
    return request ->
        LIVE_PATH.equals(request.getRequestURI())
            ? headerOrQuery.resolve(request)
            : header.resolve(request);
  }
}
