package dev.sundae.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

class BridgeTokenFilterTest {

  @AfterEach
  void clear() {
    SecurityContextHolder.clearContext();
  }

  @Test
  void signsInTheExactToken() throws Exception {
    Authentication signedIn = filter("s3cret", "Bearer s3cret");

    assertThat(signedIn).isNotNull();
    assertThat(signedIn.getAuthorities())
        .extracting(Object::toString)
        .containsExactly(BridgeTokenFilter.AUTHORITY);
  }

  @Test
  void acceptsTheSchemeInAnyCase() throws Exception {
    assertThat(filter("s3cret", "bearer s3cret")).isNotNull();
  }

  @Test
  void refusesAnyOtherToken() throws Exception {
    assertThat(filter("s3cret", "Bearer s3cre")).isNull();
    assertThat(filter("s3cret", "Bearer s3cret ")).isNull();
    assertThat(filter("s3cret", "Basic s3cret")).isNull();
    assertThat(filter("s3cret", "s3cret")).isNull();
    assertThat(filter("s3cret", null)).isNull();
  }

  @Test
  void aBridgeWithoutTokenRefusesEverything() throws Exception {
    assertThat(filter("", "Bearer ")).isNull();
    assertThat(filter(null, "Bearer null")).isNull();
  }

  /** Runs the filter on a request with {@code authorization}; what the chain saw signed in. */
  private static Authentication filter(String token, String authorization) throws Exception {
    AtomicReference<Authentication> seen = new AtomicReference<>();
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/internal/minio/events");
    if (authorization != null) {
      request.addHeader("Authorization", authorization);
    }
    new BridgeTokenFilter(token)
        .doFilter(
            request,
            new MockHttpServletResponse(),
            (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
    return seen.get();
  }
}
