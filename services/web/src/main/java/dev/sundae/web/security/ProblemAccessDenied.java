package dev.sundae.web.security;

import dev.sundae.tenancy.CallerRole;
import dev.sundae.web.Problems;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * 403 as a problem detail, for a valid token whose roles do not open this endpoint (a register
 * reading the chain's sales, a member asking for upload URLs). Spring's bearer handler writes the
 * status and the RFC 6750 {@code WWW-Authenticate} header; this adds which roles the token has.
 */
public final class ProblemAccessDenied implements AccessDeniedHandler {

  private static final Set<String> OURS =
      Arrays.stream(CallerRole.values()).map(CallerRole::roleName).collect(Collectors.toSet());

  private final AccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
  private final JsonMapper json;
  private final String serves;

  /** {@code serves}: who this service is for, e.g. "a register or an analyst of the chain". */
  public ProblemAccessDenied(JsonMapper json, String serves) {
    this.json = json;
    this.serves = serves;
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException, ServletException {
    bearer.handle(request, response, e);
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    String roles =
        caller == null
            ? ""
            : caller.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(OURS::contains)
                .sorted()
                .collect(Collectors.joining(", "));
    String detail =
        "This endpoint is for "
            + serves
            + "; the token's roles are "
            + (roles.isEmpty() ? "none of Sundae's" : roles);
    Problems.write(
        json,
        response,
        Problems.problem(HttpStatus.FORBIDDEN, "forbidden-role", "Forbidden", detail));
  }
}
