package dev.sundae.operator.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.Digest;
import io.minio.Signer;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Calls of MinIO's admin API ({@code /minio/admin/v3/...}) that minio-java's admin client lacks or
 * makes too dearly, signed with its SigV4 signer as that client signs its own.
 */
final class MinioAdminApi {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US).withZone(ZoneOffset.UTC);

  private final OkHttpClient http;
  private final HttpUrl endpoint;
  private final String region;
  private final String accessKey;
  private final String secretKey;

  MinioAdminApi(
      OkHttpClient http, String endpoint, String region, String accessKey, String secretKey) {
    this.http = http;
    this.endpoint = HttpUrl.get(endpoint);
    this.region = region;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /**
   * Creates user {@code user} with {@code userSecretKey}, enabled, or sets the secret key of the
   * user of that name (what {@code mc admin user add} does). The body is encrypted with the admin's
   * secret key as madmin requires, with its PBKDF2 variant ({@link AdminPayload}).
   */
  void putUser(String user, String userSecretKey) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(Map.of("secretKey", userSecretKey, "status", "enabled"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    call(
        "write user " + user,
        "PUT",
        "add-user",
        Map.of("accessKey", user),
        AdminPayload.encrypt(body, secretKey));
  }

  /**
   * The response of a call, or empty when MinIO answered {@code 409} with {@code conflictCode};
   * throws with MinIO's error otherwise.
   */
  Optional<String> call(
      String what, String method, String path, Map<String, String> query, byte[] body) {
    return call(what, method, path, query, body, null);
  }

  Optional<String> call(
      String what,
      String method,
      String path,
      Map<String, String> query,
      byte[] body,
      String conflictCode) {
    HttpUrl.Builder url = endpoint.newBuilder().addPathSegments("minio/admin/v3/" + path);
    query.forEach(url::addQueryParameter);
    HttpUrl target = url.build();
    String sha256;
    try {
      sha256 = body == null ? Digest.ZERO_SHA256_HASH : Digest.sha256Hash(body, body.length);
    } catch (GeneralSecurityException e) {
      throw new ObjectStoreException("Cannot hash the request to " + what + ": " + e, e);
    }
    Request request =
        new Request.Builder()
            .url(target)
            .header("Host", hostHeader(target))
            .header("x-amz-date", AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
            .header("x-amz-content-sha256", sha256)
            .method(method, body == null ? null : RequestBody.create(body))
            .build();
    try {
      request = Signer.signV4S3(request, region, accessKey, secretKey, sha256);
    } catch (GeneralSecurityException e) {
      throw new ObjectStoreException("Cannot sign the request to " + what + ": " + e, e);
    }
    try (Response response = http.newCall(request).execute()) {
      String text = response.body() == null ? "" : response.body().string();
      if (response.isSuccessful()) {
        return Optional.of(text);
      }
      JsonNode error = parse(text);
      String code = error.path("Code").asText("");
      if (response.code() == 409 && code.equals(conflictCode)) {
        return Optional.empty();
      }
      throw new ObjectStoreException(
          "MinIO refused to "
              + what
              + ": HTTP "
              + response.code()
              + " "
              + code
              + " ("
              + error.path("Message").asText(text)
              + ")");
    } catch (IOException e) {
      throw new ObjectStoreException(
          "MinIO at " + endpoint + " cannot be reached to " + what + ": " + e, e);
    }
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static String hostHeader(HttpUrl url) {
    return url.port() == HttpUrl.defaultPort(url.scheme())
        ? url.host()
        : url.host() + ":" + url.port();
  }
}
