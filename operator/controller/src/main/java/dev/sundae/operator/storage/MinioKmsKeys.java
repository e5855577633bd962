package dev.sundae.operator.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.minio.Digest;
import io.minio.Signer;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of MinIO's KMS, created through MinIO's admin API (what {@code mc admin kms key create}
 * calls): the operator holds no KMS credential of its own, MinIO's KES identity creates the key,
 * and KES's policy limits it to Sundae's key names. minio-java's admin client has no KMS calls, so
 * the two requests are signed here with its SigV4 signer, as that client signs its own.
 */
final class MinioKmsKeys implements KmsKeys {

  private static final Logger LOG = LoggerFactory.getLogger(MinioKmsKeys.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US).withZone(ZoneOffset.UTC);

  private static final String KES_HINT =
      " (a key per tenant needs KES as MinIO's KMS; the built-in one holds one key)";

  private final OkHttpClient http;
  private final HttpUrl endpoint;
  private final String region;
  private final String accessKey;
  private final String secretKey;

  MinioKmsKeys(
      OkHttpClient http, String endpoint, String region, String accessKey, String secretKey) {
    this.http = http;
    this.endpoint = HttpUrl.get(endpoint);
    this.region = region;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  @Override
  public void ensure(String name) {
    if (status(name).isEmpty()) {
      return;
    }
    create(name);
    status(name)
        .ifPresent(
            error -> {
              throw new ObjectStoreException(
                  "MinIO's KMS cannot use key " + name + " after creating it: " + error + KES_HINT);
            });
  }

  /**
   * MinIO's check of a key (a data key generated and decrypted with it): empty when the key works,
   * else the KMS's error.
   */
  Optional<String> status(String name) {
    JsonNode status =
        parse(call("check KMS key " + name, "GET", "kms/key/status", name).orElse(""));
    String error =
        status.path("encryption-error").asText("") + status.path("decryption-error").asText("");
    return error.isEmpty() ? Optional.empty() : Optional.of(error);
  }

  private void create(String name) {
    // 409 kms:KeyAlreadyExists is no error here: the key exists, and the second check decides
    try {
      call("create KMS key " + name, "POST", "kms/key/create", name);
    } catch (ObjectStoreException e) {
      throw new ObjectStoreException(e.getMessage() + KES_HINT, e);
    }
    LOG.info("Created KMS key {}", name);
  }

  /** The response body of a successful call; throws with MinIO's error otherwise. */
  private Optional<String> call(String what, String method, String path, String key) {
    HttpUrl url =
        endpoint
            .newBuilder()
            .addPathSegments("minio/admin/v3/" + path)
            .addQueryParameter("key-id", key)
            .build();
    Request request =
        new Request.Builder()
            .url(url)
            .header("Host", hostHeader(url))
            .header("x-amz-date", AMZ_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)))
            .header("x-amz-content-sha256", Digest.ZERO_SHA256_HASH)
            .method(method, method.equals("POST") ? RequestBody.create(new byte[0]) : null)
            .build();
    try {
      request = Signer.signV4S3(request, region, accessKey, secretKey, Digest.ZERO_SHA256_HASH);
    } catch (java.security.GeneralSecurityException e) {
      throw new ObjectStoreException("Cannot sign the request to " + what + ": " + e, e);
    }
    try (Response response = http.newCall(request).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (response.isSuccessful()) {
        return Optional.of(body);
      }
      JsonNode error = parse(body);
      String code = error.path("Code").asText("");
      if (response.code() == 409 && code.equals("kms:KeyAlreadyExists")) {
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
              + error.path("Message").asText(body)
              + ")");
    } catch (IOException e) {
      throw new ObjectStoreException(
          "MinIO at " + endpoint + " cannot be reached to " + what + ": " + e, e);
    }
  }

  private static String hostHeader(HttpUrl url) {
    return url.port() == HttpUrl.defaultPort(url.scheme())
        ? url.host()
        : url.host() + ":" + url.port();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
