package dev.sundae.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Prometheus metrics and the probes Kubernetes asks: /healthz (the process works: no informer has
 * stopped for good) and /readyz (started, and every informer is watching). The JDK's server is
 * enough for three endpoints; it starts before the operator, whose start may wait for informers.
 */
public final class OperatorHttpServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private OperatorHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static OperatorHttpServer start(
      int port, Operator operator, InformerHealth informers, PrometheusMeterRegistry registry) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext(
          "/metrics", exchange -> reply(exchange, 200, registry.scrape(), "text/plain"));
      server.createContext(
          "/healthz",
          exchange -> {
            var failure = informers.failure();
            reply(exchange, failure.isEmpty() ? 200 : 503, failure.orElse("ok"), "text/plain");
          });
      server.createContext(
          "/readyz",
          exchange -> {
            var info = operator.getRuntimeInfo();
            boolean ready = info.isStarted() && info.allEventSourcesAreHealthy();
            reply(
                exchange,
                ready ? 200 : 503,
                ready ? "ready" : "not ready: " + info.unhealthyEventSources(),
                "text/plain");
          });
      ExecutorService executor = Executors.newSingleThreadExecutor();
      server.setExecutor(executor);
      server.start();
      return new OperatorHttpServer(server, executor);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve metrics and probes on port " + port, e);
    }
  }

  private static void reply(HttpExchange exchange, int status, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
