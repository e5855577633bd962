package dev.sundae.testing.sqs;

import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import java.nio.file.Path;
import java.util.List;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * A real ElasticMQ server speaking the SQS protocol over HTTP on a free loopback port. It runs
 * inside the test JVM (ElasticMQ ships as a library on Maven Central) but is reached only through
 * its socket, exactly as the services reach AWS SQS. ElasticMQ accepts any credentials.
 */
public final class ElasticMqServer implements TestServer {

  /** Region in queue ARNs; ElasticMQ does not check it, the AWS SDK needs one. */
  public static final String REGION = "elasticmq";

  private final int port = ServerProcess.freePort();
  private SQSRestServer server;

  @Override
  public void start() {
    server =
        SQSRestServerBuilder.withPort(port)
            .withInterface("127.0.0.1")
            .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
            .withAWSRegion(REGION)
            .start();
    server.waitUntilStarted();
    if (!Probes.listening(port)) {
      throw new IllegalStateException("ElasticMQ did not listen on port " + port);
    }
  }

  /** Stops the server; queues and messages are in memory and are gone with it. */
  @Override
  public void close() {
    if (server != null) {
      server.stopAndWait();
      server = null;
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public List<Path> logs() {
    return List.of();
  }
}
