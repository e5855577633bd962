package dev.sundae.chat.tenant;

import dev.sundae.chat.member.Members;
import dev.sundae.tenancy.CallerRole;
import dev.sundae.tenancy.TenantConfig;
import dev.sundae.tenancy.TenantDirectory;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Hands controllers the caller as a {@link Caller}. The tenant is the one whose issuer signed the
 * token (checked against that issuer's keys before this runs), so no parameter or header can choose
 * another tenant. The member is recorded on first sight, and refused unless admitted.
 */
final class CallerResolver implements HandlerMethodArgumentResolver {

  private static final String MODERATOR = CallerRole.MODERATOR.roleName();

  private final TenantDirectory directory;
  private final Members members;

  CallerResolver(TenantDirectory directory, Members members) {
    this.directory = directory;
    this.members = members;
  }

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Caller.class;
  }

  @Override
  public Caller resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    Caller caller = caller(directory, SecurityContextHolder.getContext().getAuthentication());
    members.register(caller);
    if (!parameter.hasParameterAnnotation(Unadmitted.class)) {
      members.requireAdmitted(caller);
    }
    return caller;
  }

  /** The caller behind a verified token; also used by the WebSocket handshake. */
  static Caller caller(TenantDirectory directory, Object authentication) {
    if (!(authentication instanceof JwtAuthenticationToken token)) {
      throw new InsufficientAuthenticationException(
          "A bearer token of the tenant's issuer is required");
    }
    Jwt jwt = token.getToken();
    String issuer = jwt.getClaimAsString("iss");
    TenantConfig tenant =
        directory
            .byIssuer(issuer)
            .orElseThrow(
                () -> new InsufficientAuthenticationException("No tenant trusts issuer " + issuer));
    String username = jwt.getClaimAsString("preferred_username");
    boolean moderator =
        token.getAuthorities().stream()
            .anyMatch(authority -> MODERATOR.equals(authority.getAuthority()));
    return new Caller(
        tenant, jwt.getSubject(), username == null ? jwt.getSubject() : username, moderator);
  }

  /** For callers outside Spring MVC (the WebSocket handshake). */
  static Caller of(TenantDirectory directory, Authentication authentication) {
    return caller(directory, authentication);
  }
}
