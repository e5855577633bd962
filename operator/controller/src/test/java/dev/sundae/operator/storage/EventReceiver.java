package dev.sundae.operator.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP server on the loopback interface that plays the event bridge: it takes MinIO's
 * webhook notifications and keeps the bucket and key of every object-created record.
 */
final class EventReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final List<String> objects = new CopyOnWriteArrayList<>();

  EventReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/events",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          record(body);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
  }

  /** {@code bucket/key} of every object-created event received so far. */
  List<String> objects() {
    return List.copyOf(objects);
  }

  private void record(byte[] body) {
    if (body.length == 0) {
      return;
    }
    try {
      for (JsonNode record : JSON.readTree(body).path("Records")) {
        if (record.path("eventName").asText().startsWith("s3:ObjectCreated:")) {
          JsonNode s3 = record.path("s3");
          // S3 event records carry the key URL-encoded.
          String key =
              URLDecoder.decode(s3.path("object").path("key").asText(), StandardCharsets.UTF_8);
          objects.add(s3.path("bucket").path("name").asText() + "/" + key);
        }
      }
    } catch (IOException e) {
      // not an event record (e.g. a connectivity probe): nothing to keep
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
