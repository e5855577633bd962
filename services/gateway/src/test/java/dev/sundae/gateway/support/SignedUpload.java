package dev.sundae.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A signed upload as the gateway hands it out. */
public record SignedUpload(UUID requestId, String method, String url, Map<String, String> headers) {

  public static SignedUpload of(Api.Response created) {
    JsonNode body = created.json();
    Map<String, String> headers = new LinkedHashMap<>();
    body.path("upload")
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
    return new SignedUpload(
        UUID.fromString(body.path("requestId").asString()),
        body.path("upload").path("method").asString(),
        body.path("upload").path("url").asString(),
        headers);
  }

  public static Map<String, Object> request(String contentType, long sizeBytes) {
    return Map.of("contentType", contentType, "sizeBytes", sizeBytes, "store", "store-1");
  }
}
