package dev.sundae.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Signs in MinIO's webhook target by the shared token it sends as {@code Authorization: Bearer
 * <auth_token>}. Both sides are hashed before the comparison, so that neither the token's content
 * nor its length shows in the time a wrong guess takes.
 */
final class BridgeTokenFilter extends OncePerRequestFilter {

  static final String AUTHORITY = "EVENT_SOURCE";
  private static final String BEARER = "Bearer ";

  private final byte[] expected;

  /** An empty {@code token} matches nothing: a bridge without a configured token is closed. */
  BridgeTokenFilter(String token) {
    this.expected = token == null || token.isBlank() ? null : sha256(token);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (matches(request.getHeader(HttpHeaders.AUTHORIZATION))) {
      SecurityContextHolder.setContext(
          new SecurityContextImpl(
              new PreAuthenticatedAuthenticationToken(
                  "minio", null, AuthorityUtils.createAuthorityList(AUTHORITY))));
    }
    chain.doFilter(request, response);
  }

  private boolean matches(String authorization) {
    if (expected == null
        || authorization == null
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    return MessageDigest.isEqual(expected, sha256(authorization.substring(BEARER.length())));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
