package dev.sundae.testing.junit;

import dev.sundae.testing.sqs.ElasticMqServer;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link WithElasticMq}. */
public final class ElasticMqExtension extends ServerExtension<ElasticMqServer> {

  public ElasticMqExtension() {
    super(ElasticMqServer.class);
  }

  @Override
  protected ElasticMqServer create(ExtensionContext context) {
    return new ElasticMqServer();
  }
}
