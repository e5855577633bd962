package dev.sundae.tenancy.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

  @Test
  void healthyOnlyWhenTheEndpointAnswers200() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/up",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/down",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      assertThat(HealthCheck.healthy(URI.create(base + "/up"))).isTrue();
      assertThat(HealthCheck.healthy(URI.create(base + "/down"))).isFalse();
    } finally {
      server.stop(0);
    }
    // nothing listens any more
    assertThat(
            HealthCheck.healthy(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/up")))
        .isFalse();
  }
}
