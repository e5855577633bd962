package dev.sundae.testing.junit;

import dev.sundae.testing.oidc.KeycloakServer;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * See {@link WithKeycloak}. Keycloak takes seconds to start, so one server serves every test class
 * of the JVM; tests keep apart by creating realms with names of their own.
 */
public final class KeycloakExtension extends ServerExtension<KeycloakServer> {

  public KeycloakExtension() {
    super(KeycloakServer.class);
  }

  @Override
  protected KeycloakServer create(ExtensionContext context) {
    return new KeycloakServer();
  }

  @Override
  protected boolean sharedAcrossClasses() {
    return true;
  }
}
