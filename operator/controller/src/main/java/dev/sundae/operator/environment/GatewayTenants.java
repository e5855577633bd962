package dev.sundae.operator.environment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sundae.operator.api.Environment;
import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.api.Flavour;
import dev.sundae.operator.api.HoldoutSpec;
import dev.sundae.operator.api.LearningSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantNames;
import dev.sundae.operator.tenant.CredentialsSecret;
import dev.sundae.operator.tenant.ModelRollout;
import dev.sundae.operator.tenant.TenantIdentities;
import dev.sundae.tenancy.TenantConfig;
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
 * Secret exists, as the {@link TenantConfig} records the services bind, serialized (so no key of
 * the contract is written here). The operator renders it into a Secret mounted by the gateway; a
 * change rolls the gateway's pods. With runtime {@code external} the same Secret is the
 * configuration of the services run outside the cluster: the local run hands it to its gateway,
 * worker and chat as it is, so one renderer serves every runtime.
 *
 * <p>A Tenant whose database, bucket or queue is not provisioned yet has no credentials Secret and
 * is left out until it has one; so is a Tenant whose issuer the Environment does not serve ({@link
 * TenantIdentities}), whatever it had been given before. docker-compose's provisioning job renders
 * its tenants with {@link #config} and {@link #render(String, List)} too.
 */
public final class GatewayTenants {

  static final String FILE = "tenants.yaml";

  // JSON, which is YAML: Spring Boot reads the file as YAML, and hack/run-local.sh, which hands
  // the same file to the services it runs as processes, reads it with Python's json module
  private static final ObjectMapper JSON =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private GatewayTenants() {}

  /**
   * @param credentials the credentials Secret of a tenant namespace, if it exists
   */
  static String render(
      Environment environment,
      List<Tenant> tenants,
      Function<String, Optional<Secret>> credentials) {
    // workers the operator runs get their model from their Deployment: with the spec's stable
    // model here, a trial's start or decision does not roll the gateway, which serves no model
    boolean processes = environment.getSpec().getRuntime() == EnvironmentSpec.Runtime.EXTERNAL;
    List<TenantConfig> rendered = new ArrayList<>();
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
                  .ifPresent(values -> rendered.add(config(names, tenant, values, processes)));
            });
    return render(environment.getSpec().getObjectStore().getPublicEndpoint(), rendered);
  }

  /**
   * The file the services read: {@code sundae.uploads.publicEndpoint} when there is one, and {@code
   * sundae.tenants}.
   */
  public static String render(String publicEndpoint, List<TenantConfig> tenants) {
    try {
      Map<String, Object> sundae = new LinkedHashMap<>();
      if (publicEndpoint != null && !publicEndpoint.isBlank()) {
        sundae.put("uploads", Map.of("publicEndpoint", publicEndpoint));
      }
      sundae.put("tenants", tenants);
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("sundae", sundae));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render the gateway's tenants", e);
    }
  }

  /**
   * The tenant as the services bind it: the record itself, so its keys are written nowhere else.
   *
   * @param secret the values of its credentials Secret ({@link CredentialsSecret})
   */
  public static TenantConfig config(TenantNames names, Tenant tenant, Map<String, String> secret) {
    return config(names, tenant, secret, true);
  }

  /**
   * @param servedModel the model the workers serve (ModelRollout: a candidate on trial, a promoted
   *     one) rather than the spec's stable model alone
   */
  private static TenantConfig config(
      TenantNames names, Tenant tenant, Map<String, String> secret, boolean servedModel) {
    var spec = tenant.getSpec();
    var inference = spec.getInference();
    return new TenantConfig(
        names.environment(),
        names.tenant(),
        spec.getIdentity().getIssuer(),
        spec.getIdentity().getAudience(),
        spec.getIdentity().getRolesClaim(),
        spec.getFlavours().stream().map(Flavour::getName).toList(),
        new TenantConfig.Storage(
            value(secret, CredentialsSecret.S3_ENDPOINT),
            value(secret, CredentialsSecret.S3_REGION),
            value(secret, CredentialsSecret.S3_BUCKET),
            value(secret, CredentialsSecret.S3_ACCESS_KEY),
            value(secret, CredentialsSecret.S3_SECRET_KEY)),
        new TenantConfig.Queue(
            value(secret, CredentialsSecret.SQS_ENDPOINT),
            value(secret, CredentialsSecret.SQS_REGION),
            value(secret, CredentialsSecret.SQS_QUEUE_URL),
            value(secret, CredentialsSecret.SQS_DEAD_LETTER_QUEUE_URL)),
        new TenantConfig.Database(
            value(secret, CredentialsSecret.DB_URL),
            value(secret, CredentialsSecret.DB_SCHEMA),
            value(secret, CredentialsSecret.DB_USERNAME),
            value(secret, CredentialsSecret.DB_PASSWORD)),
        inference == null
            ? null
            : servedModel
                ? ModelRollout.model(tenant)
                : new TenantConfig.Model(
                    inference.getModelUri(), inference.getModelVersion(), null),
        holdout(spec.getHoldout()),
        learning(spec.getLearning()),
        spec.getFlavours().stream()
            .map(f -> new TenantConfig.Look(f.getName(), f.getDisplayName(), f.getColour()))
            .toList());
  }

  /** The Tenant's learning policy, with the services' default (none) when it names none. */
  public static TenantConfig.Learning learning(LearningSpec learning) {
    return learning == null
        ? TenantConfig.Learning.NONE
        : new TenantConfig.Learning(learning.getExplorationPercent());
  }

  /** The Tenant's holdout, with the services' defaults for what it leaves out. */
  public static TenantConfig.Holdout holdout(HoldoutSpec holdout) {
    return holdout == null
        ? TenantConfig.Holdout.NONE
        : new TenantConfig.Holdout(holdout.getPercent(), holdout.getBestSellerDays());
  }

  // absent or blank values are left out of the file, so the services' defaults apply (e.g. no
  // endpoint: AWS)
  private static String value(Map<String, String> secret, String key) {
    String value = secret.get(key);
    return value == null || value.isBlank() ? null : value;
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
