package dev.sundae.web.security;

import java.util.function.Predicate;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's own rule for header values, with a fast path for printable ASCII, which that
 * rule always allows. The rule is a regular expression over the whole value, and every request here
 * carries a JWT of a kilobyte or more: matching it was a tenth of the CPU of a signed URL.
 */
public final class AsciiFirstHeaderCheck implements Predicate<String> {

  private final Predicate<String> rule = StrictHttpFirewall.ALLOWED_HEADER_VALUES;

  @Override
  public boolean test(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return rule.test(value);
      }
    }
    return true;
  }
}
