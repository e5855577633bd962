package dev.sundae.operator.api;

import java.util.regex.Pattern;

/**
 * The names of everything provisioned for one tenant of one environment. Every component derives
 * names here, so that the operator, the services and the tests agree on them.
 *
 * <p>The name limits of Environment and Tenant keep every name within its provider's limit:
 * namespace 63, bucket 63, SQS queue 80, PostgreSQL identifier 63 characters.
 */
public record TenantNames(String environment, String tenant) {

  /** The Secret, in the tenant namespace, with the tenant's bucket, queue and database keys. */
  public static final String CREDENTIALS_SECRET = "sundae-tenant-credentials";

  private static final Pattern NAME = Pattern.compile(SundaeApi.NAME_PATTERN);
  private static final Pattern ENVIRONMENT_NAME =
      Pattern.compile(SundaeApi.ENVIRONMENT_NAME_PATTERN);

  public TenantNames {
    check("environment", environment, SundaeApi.ENVIRONMENT_NAME_MAX_LENGTH, ENVIRONMENT_NAME);
    check("tenant", tenant, SundaeApi.TENANT_NAME_MAX_LENGTH, NAME);
  }

  /** The tenant's namespace, {@code <env>-<tenant>}. */
  public String namespace() {
    return environment + "-" + tenant;
  }

  /** The tenant's bucket, {@code sundae-<env>-<tenant>}. */
  public String bucket() {
    return "sundae-" + environment + "-" + tenant;
  }

  /** The object-store user whose policy opens only the tenant's bucket. */
  public String objectStoreUser() {
    return bucket();
  }

  /** The queue of the tenant's uploaded frames, {@code sundae-<env>-<tenant>-frames}. */
  public String queue() {
    return "sundae-" + environment + "-" + tenant + "-frames";
  }

  /** Where frames go after too many failed receives, {@code <queue>-dlq}. */
  public String deadLetterQueue() {
    return queue() + "-dlq";
  }

  /** The tenant's PostgreSQL schema, {@code tenant_<env>_<tenant>}: '-' is not an identifier. */
  public String databaseSchema() {
    return ("tenant_" + environment + "_" + tenant).replace('-', '_');
  }

  /** The PostgreSQL role that owns the tenant's schema; the same name as the schema. */
  public String databaseRole() {
    return databaseSchema();
  }

  public String credentialsSecret() {
    return CREDENTIALS_SECRET;
  }

  private static void check(String what, String name, int maxLength, Pattern pattern) {
    if (name == null || name.length() > maxLength || !pattern.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid "
              + what
              + " name '"
              + name
              + "': at most "
              + maxLength
              + " lowercase letters, digits and '-', starting with a letter");
    }
  }
}
