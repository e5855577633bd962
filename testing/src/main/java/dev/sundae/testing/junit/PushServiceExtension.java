package dev.sundae.testing.junit;

import dev.sundae.testing.push.PushServiceServer;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link WithPushService}. */
public final class PushServiceExtension extends ServerExtension<PushServiceServer> {

  public PushServiceExtension() {
    super(PushServiceServer.class);
  }

  @Override
  protected PushServiceServer create(ExtensionContext context) {
    return new PushServiceServer();
  }
}
