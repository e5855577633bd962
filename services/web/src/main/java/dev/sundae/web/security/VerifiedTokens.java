package dev.sundae.web.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Remembers tokens that passed every check, for a short while and never past their expiry. A
 * register sends the same token with every request for minutes; decoding it, and verifying its RSA
 * signature, each time cost a third of the CPU of a signed upload URL.
 *
 * <p>A token is an immutable signed statement, so a remembered verdict stays right until the token
 * expires. What the cache delays is a change of the issuer's keys: a token signed with a key the
 * issuer withdraws stays accepted for at most {@code ttl}.
 */
public final class VerifiedTokens implements AuthenticationManagerResolver<HttpServletRequest> {

  private final AuthenticationManagerResolver<HttpServletRequest> verifier;
  private final Duration clockSkew;
  private final Cache<String, JwtAuthenticationToken> verified;

  public VerifiedTokens(
      AuthenticationManagerResolver<HttpServletRequest> verifier,
      Duration clockSkew,
      Duration ttl,
      long maxTokens) {
    this.verifier = verifier;
    this.clockSkew = clockSkew;
    this.verified = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxTokens).build();
  }

  @Override
  public AuthenticationManager resolve(HttpServletRequest request) {
    return authentication -> authenticate(request, authentication);
  }

  private Authentication authenticate(HttpServletRequest request, Authentication authentication) {
    if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
      return verifier.resolve(request).authenticate(authentication);
    }
    JwtAuthenticationToken known = verified.getIfPresent(bearer.getToken());
    if (known != null && stillValid(known)) {
      return known;
    }
    Authentication result = verifier.resolve(request).authenticate(authentication);
    if (result instanceof JwtAuthenticationToken jwt && jwt.getToken().getExpiresAt() != null) {
      verified.put(bearer.getToken(), jwt);
    }
    return result;
  }

  // the same rule as JwtTimestampValidator's, which checked the token when it was cached
  private boolean stillValid(JwtAuthenticationToken known) {
    return Instant.now().minus(clockSkew).isBefore(known.getToken().getExpiresAt());
  }
}
