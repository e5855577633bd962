package dev.sundae.testing.junit;

import dev.sundae.testing.postgres.PostgresServer;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link WithPostgres}. */
public final class PostgresExtension extends ServerExtension<PostgresServer> {

  public PostgresExtension() {
    super(PostgresServer.class);
  }

  @Override
  protected PostgresServer create(ExtensionContext context) {
    return new PostgresServer();
  }
}
