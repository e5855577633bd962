package dev.sundae.operator.environment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.Flavour;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantNames;
import dev.sundae.operator.tenant.TenantIdentities;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The shared gateway's configuration: {@code sundae.uploads.publicEndpoint} when the Environment
 * names one, and {@code sundae.tenants[...]} for every Tenant of the Environment whose credentials
 * Secret exists, in the shape the gateway binds (TenantConfig). The operator renders it into a
 * Secret mounted by the gateway; a change rolls the gateway's pods. With runtime {@code external}
 * the same Secret is the configuration of the services run outside the cluster: the local run hands
 * it to its gateway, worker and chat as it is, so one renderer serves every runtime.
 *
 * <p>A Tenant whose database, bucket or queue is not provisioned yet has no credentials Secret and
 * is left out until it has one; so is a Tenant whose issuer the Environment does not serve ({@link
 * TenantIdentities}), whatever it had been given before.
 */
final class GatewayTenants {

  static final String FILE = "tenants.yaml";

  // JSON, which is YAML: Spring Boot reads the file as YAML, and hack/run-local.sh, which hands
  // the same file to the services it runs as processes, reads it with Python's json module
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayTenants() {}

  /**
   * @param credentials the credentials Secret of a tenant namespace, if it exists
   */
  static String render(
      Environment environment,
      List<Tenant> tenants,
      Function<String, Optional<Secret>> credentials) {
    List<Map<String, Object>> rendered = new ArrayList<>();
    tenants.stream()
        .filter(tenant -> TenantIdentities.refusal(tenant, environment, tenants).isEmpty())
        .sorted(Comparator.comparing(t -> t.getMetadata().getName()))
        .forEach(
            tenant -> {
              TenantNames names =
                  new TenantNames(
                      environment.getMetadata().getName(), tenant.getMetadata().getName());
              credentials
                  .apply(names.namespace())
                  .map(GatewayTenants::decoded)
                  .ifPresent(values -> rendered.add(tenant(names, tenant, values)));
            });
    try {
      Map<String, Object> sundae = new LinkedHashMap<>();
      String publicEndpoint = environment.getSpec().getObjectStore().getPublicEndpoint();
      if (publicEndpoint != null && !publicEndpoint.isBlank()) {
        sundae.put("uploads", Map.of("publicEndpoint", publicEndpoint));
      }
      sundae.put("tenants", rendered);
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("sundae", sundae));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the gateway's tenants", e);
    }
  }

  private static Map<String, Object> tenant(
      TenantNames names, Tenant tenant, Map<String, String> secret) {
    var spec = tenant.getSpec();
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("environment", names.environment());
    config.put("name", names.tenant());
    config.put("issuer", spec.getIdentity().getIssuer());
    config.put("audience", spec.getIdentity().getAudience());
    if (spec.getIdentity().getRolesClaim() != null) {
      config.put("rolesClaim", spec.getIdentity().getRolesClaim());
    }
    config.put("flavours", spec.getFlavours().stream().map(Flavour::getName).toList());
    config.put(
        "storage",
        section(
            "endpoint", secret.get("SUNDAE_S3_ENDPOINT"),
            "region", secret.get("SUNDAE_S3_REGION"),
            "bucket", secret.get("SUNDAE_S3_BUCKET"),
            "accessKey", secret.get("SUNDAE_S3_ACCESS_KEY"),
            "secretKey", secret.get("SUNDAE_S3_SECRET_KEY")));
    config.put(
        "queue",
        section(
            "endpoint", secret.get("SUNDAE_SQS_ENDPOINT"),
            "region", secret.get("SUNDAE_SQS_REGION"),
            "url", secret.get("SUNDAE_SQS_QUEUE_URL"),
            "deadLetterUrl", secret.get("SUNDAE_SQS_DEAD_LETTER_QUEUE_URL")));
    config.put(
        "database",
        section(
            "jdbcUrl", secret.get("SUNDAE_DB_URL"),
            "schema", secret.get("SUNDAE_DB_SCHEMA"),
            "username", secret.get("SUNDAE_DB_USERNAME"),
            "password", secret.get("SUNDAE_DB_PASSWORD")));
    if (spec.getInference() != null) {
      config.put(
          "model",
          section(
              "uri", spec.getInference().getModelUri(),
              "version", spec.getInference().getModelVersion()));
    }
    return config;
  }

  // absent values are left out, so the gateway's defaults apply (e.g. no endpoint: AWS)
  private static Map<String, String> section(String... keysAndValues) {
    Map<String, String> section = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null && !keysAndValues[i + 1].isBlank()) {
        section.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return section;
  }

  private static Map<String, String> decoded(Secret secret) {
    Map<String, String> values = new LinkedHashMap<>();
    Optional.ofNullable(secret.getData())
        .orElse(Map.of())
        .forEach(
            (k, v) ->
                values.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return values;
  }
}
