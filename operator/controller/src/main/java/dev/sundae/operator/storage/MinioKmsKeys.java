package dev.sundae.operator.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of MinIO's KMS, created through MinIO's admin API (what {@code mc admin kms key create}
 * calls): the operator holds no KMS credential of its own, MinIO's KES identity creates the key,
 * and KES's policy limits it to Sundae's key names. minio-java's admin client has no KMS calls, so
 * the two requests go through {@link MinioAdminApi}.
 */
final class MinioKmsKeys implements KmsKeys {

  private static final Logger LOG = LoggerFactory.getLogger(MinioKmsKeys.class);

  private static final String KES_HINT =
      " (a key per tenant needs KES as MinIO's KMS; the built-in one holds one key)";

  private final MinioAdminApi api;

  MinioKmsKeys(MinioAdminApi api) {
    this.api = api;
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
        MinioAdminApi.parse(
            call("check KMS key " + name, "GET", "kms/key/status", name).orElse(""));
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

  private Optional<String> call(String what, String method, String path, String key) {
    return api.call(
        what,
        method,
        path,
        Map.of("key-id", key),
        method.equals("POST") ? new byte[0] : null,
        "kms:KeyAlreadyExists");
  }
}
