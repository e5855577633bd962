package dev.sundae.testing.sqs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.sundae.testing.Probes;
import dev.sundae.testing.ServerCommands;
import dev.sundae.testing.ServerProcess;
import dev.sundae.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;

/**
 * A real ElasticMQ server speaking the SQS protocol over HTTP on a free loopback port, with the
 * project's one configuration (hack/elasticmq/elasticmq.conf, which the local run, compose and kind
 * run too) and this server's values for what it reads from the environment ({@link
 * ServerCommands#elasticmqEnvironment}). It runs inside the test JVM (ElasticMQ ships as a library
 * on Maven Central) but is reached only through its socket, exactly as the services reach AWS SQS.
 * ElasticMQ accepts any credentials.
 */
public final class ElasticMqServer implements TestServer {

  /** Region in queue ARNs; ElasticMQ does not check it, the AWS SDK needs one. */
  public static final String REGION = "elasticmq";

  private final int port = ServerProcess.freePort();
  private scala.Function0<?> shutdown;

  @Override
  public void start() {
    Config settings =
        ConfigFactory.parseMap(
            ServerCommands.elasticmqEnvironment(
                "http", "127.0.0.1", port, port, REGION, Optional.empty()));
    // as ElasticMQ's Main loads its -Dconfig.file: over the libraries' reference.conf
    Config config =
        settings
            .withFallback(ConfigFactory.parseResources("elasticmq/elasticmq.conf"))
            .withFallback(ConfigFactory.defaultReference())
            .resolve();
    shutdown = new ElasticMQServer(new ElasticMQServerConfig(config)).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Probes.listening(port)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("ElasticMQ did not listen on port " + port);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Stops the server; queues and messages are in memory and are gone with it. */
  @Override
  public void close() {
    if (shutdown != null) {
      shutdown.apply();
      shutdown = null;
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
