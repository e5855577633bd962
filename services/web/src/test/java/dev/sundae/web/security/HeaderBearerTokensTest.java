package dev.sundae.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/** HeaderBearerTokens answers every request as Spring Security's default resolver does. */
class HeaderBearerTokensTest {

  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl";

  @ParameterizedTest(name = "{0} {1} [{2}] {3}")
  @MethodSource("requests")
  void answersAsTheDefaultResolver(
      String method, String authorization, String contentType, String accessTokenParameter) {
    HttpServletRequest request = request(method, authorization, contentType, accessTokenParameter);

    String expected = outcome(new DefaultBearerTokenResolver(), request);

    assertThat(outcome(new HeaderBearerTokens(), request)).isEqualTo(expected);
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of("POST", "Bearer " + JWT, "application/json", null),
        Arguments.of("GET", "bearer " + JWT, null, null),
        Arguments.of("GET", "BEARER " + JWT, null, null),
        Arguments.of("GET", "Bearer abc==", null, null),
        Arguments.of("GET", null, null, null),
        Arguments.of("GET", "Basic dXNlcjpwYXNz", null, null),
        Arguments.of("GET", "Bearer", null, null),
        Arguments.of("GET", "Bearer ", null, null),
        Arguments.of("GET", "Bearer ===", null, null),
        Arguments.of("GET", "Bearer a=b", null, null),
        Arguments.of("GET", "Bearer " + JWT + " ", null, null),
        Arguments.of("GET", "Bearer  " + JWT, null, null),
        Arguments.of("GET", "Bearer ab\u00e9", null, null),
        Arguments.of("GET", "Bearer a\tb", null, null),
        Arguments.of("GET", "Bearer " + JWT, null, "other"),
        Arguments.of("POST", "Bearer " + JWT, "application/x-www-form-urlencoded", "other"),
        Arguments.of("POST", "Bearer " + JWT, "application/json", "other"),
        Arguments.of("DELETE", "Bearer " + JWT, null, "other"));
  }

  /** The token, or the OAuth error code and description the resolver throws, or null. */
  private static String outcome(BearerTokenResolver resolver, HttpServletRequest request) {
    try {
      return resolver.resolve(request);
    } catch (OAuth2AuthenticationException e) {
      return "error " + e.getError().getErrorCode() + ": " + e.getError().getDescription();
    }
  }

  private static HttpServletRequest request(
      String method, String authorization, String contentType, String accessTokenParameter) {
    Map<String, String> headers =
        authorization == null ? Map.of() : Map.of("authorization", authorization);
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, m, args) ->
                switch (m.getName()) {
                  case "getHeader" -> headers.get(((String) args[0]).toLowerCase());
                  case "getMethod" -> method;
                  case "getContentType" -> contentType;
                  case "getParameterValues" ->
                      "access_token".equals(args[0]) && accessTokenParameter != null
                          ? new String[] {accessTokenParameter}
                          : null;
                  case "getParameter" ->
                      "access_token".equals(args[0]) ? accessTokenParameter : null;
                  default -> throw new UnsupportedOperationException(m.getName());
                });
  }
}
