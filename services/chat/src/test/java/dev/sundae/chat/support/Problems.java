package dev.sundae.chat.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Assertions on RFC 9457 problem responses. */
public final class Problems {

  private Problems() {}

  public static void assertProblem(Api.Response response, int status, String type) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    assertThat(response.json().path("type").asString())
        .as(response.toString())
        .isEqualTo("https://sundae.dev/problems/" + type);
  }
}
