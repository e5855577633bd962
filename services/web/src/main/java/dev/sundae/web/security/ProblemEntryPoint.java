package dev.sundae.web.security;

import dev.sundae.web.Problems;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 as a problem detail. Spring's bearer entry point still writes the status and the RFC 6750
 * {@code WWW-Authenticate} header; this adds the body with the reason the token was refused.
 */
public final class ProblemEntryPoint implements AuthenticationEntryPoint {

  private final AuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
  private final JsonMapper json;
  private final String missing;

  /** {@code missing}: the reason given when the request carried no credentials at all. */
  public ProblemEntryPoint(JsonMapper json, String missing) {
    this.json = json;
    this.missing = missing;
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException, ServletException {
    bearer.commence(request, response, e);
    Problems.write(
        json,
        response,
        Problems.problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", reason(e)));
  }

  private String reason(AuthenticationException e) {
    if (e instanceof OAuth2AuthenticationException oauth
        && oauth.getError().getDescription() != null) {
      return oauth.getError().getDescription();
    }
    return missing;
  }
}
