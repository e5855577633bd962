package dev.sundae.testing.junit;

import dev.sundae.testing.minio.MinioServer;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link WithMinio}. */
public final class MinioExtension extends ServerExtension<MinioServer> {

  public MinioExtension() {
    super(MinioServer.class);
  }

  @Override
  protected MinioServer create(ExtensionContext context) {
    return new MinioServer();
  }
}
