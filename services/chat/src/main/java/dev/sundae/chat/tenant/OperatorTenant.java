package dev.sundae.chat.tenant;

import dev.sundae.tenancy.TenantConfig;
import java.util.List;
import java.util.Optional;
import org.springframework.core.env.Environment;

/**
 * The one tenant of a chat Deployment rendered by the operator: the workload's variables ({@code
 * SUNDAE_TENANT}, {@code SUNDAE_ENVIRONMENT}, {@code SUNDAE_OIDC_ISSUER}, {@code
 * SUNDAE_OIDC_AUDIENCE}) and the credentials Secret loaded whole ({@code SUNDAE_S3_*}, {@code
 * SUNDAE_DB_*}). The tenant's schema is named after its role, as the operator creates them.
 */
final class OperatorTenant {

  private OperatorTenant() {}

  /** The tenant the variables describe, or empty when {@code SUNDAE_TENANT} is not set. */
  static Optional<TenantConfig> from(Environment env) {
    String name = env.getProperty("SUNDAE_TENANT");
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String role = required(env, "SUNDAE_DB_USERNAME");
    return Optional.of(
        new TenantConfig(
            env.getProperty("SUNDAE_ENVIRONMENT", ""),
            name,
            required(env, "SUNDAE_OIDC_ISSUER"),
            env.getProperty("SUNDAE_OIDC_AUDIENCE", "sundae"),
            List.of(),
            new TenantConfig.Storage(
                env.getProperty("SUNDAE_S3_ENDPOINT"),
                env.getProperty("SUNDAE_S3_REGION"),
                required(env, "SUNDAE_S3_BUCKET"),
                required(env, "SUNDAE_S3_ACCESS_KEY"),
                required(env, "SUNDAE_S3_SECRET_KEY")),
            null,
            new TenantConfig.Database(
                required(env, "SUNDAE_DB_URL"), role, role, required(env, "SUNDAE_DB_PASSWORD")),
            null));
  }

  private static String required(Environment env, String name) {
    String value = env.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "SUNDAE_TENANT is set but " + name + " is not: is the credentials Secret loaded?");
    }
    return value;
  }
}
