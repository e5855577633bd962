package dev.sundae.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.firewall.StrictHttpFirewall;

class AsciiFirstHeaderCheckTest {

  private final AsciiFirstHeaderCheck check = new AsciiFirstHeaderCheck();

  @Test
  void agreesWithSpringSecuritysRule() {
    for (String value :
        new String[] {
          "Bearer eyJhbGciOi.eyJpc3Mi.c2lnbmF0dXJl",
          "",
          "tab\there",
          "new\nline",
          "nul\0",
          "del\u007f",
          "caf\u00e9",
          "unassigned \uffff",
          "emoji \ud83c\udf66"
        }) {
      assertThat(check.test(value))
          .as(value)
          .isEqualTo(StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(value));
    }
  }
}
