package dev.sundae.tenancy.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A container health check for images that have no shell and no curl (Sundae's base image,
 * distroless): {@code java -cp @/app/jib-classpath-file dev.sundae.tenancy.health.HealthCheck URL}
 * exits 0 when URL answers 200 within five seconds, 1 otherwise. docker-compose runs it as the
 * services' {@code healthcheck}; Kubernetes uses HTTP probes instead.
 */
public final class HealthCheck {

  private HealthCheck() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: HealthCheck http://127.0.0.1:8080/actuator/health/readiness");
      System.exit(2);
    }
    System.exit(healthy(URI.create(args[0])) ? 0 : 1);
  }

  static boolean healthy(URI uri) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
