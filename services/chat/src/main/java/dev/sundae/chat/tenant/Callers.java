package dev.sundae.chat.tenant;

import dev.sundae.tenancy.TenantDirectory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** The caller of a verified token, for code outside controllers (the WebSocket handshake). */
@Component
public class Callers {

  private final TenantDirectory directory;

  Callers(TenantDirectory directory) {
    this.directory = directory;
  }

  public Caller of(Authentication authentication) {
    return CallerResolver.of(directory, authentication);
  }
}
