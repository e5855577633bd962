package dev.sundae.web.storage;

import java.time.Instant;
import java.util.Map;

/**
 * A request a presigned URL authorises.
 *
 * @param method the HTTP method
 * @param url the URL, signature in its query
 * @param headers what the client must send with it as given, besides Host (which every HTTP client
 *     sets itself); case-insensitive names
 * @param expiration when the object store stops accepting it
 */
public record SignedUrl(
    String method, String url, Map<String, String> headers, Instant expiration) {

  public SignedUrl {
    headers = java.util.Collections.unmodifiableMap(headers);
  }
}
