package dev.sundae.operator.tenant;

import dev.sundae.operator.api.EnvironmentSpec;
import dev.sundae.operator.queue.QueueUrls;
import dev.sundae.operator.storage.BucketCredentials;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of a tenant's credentials Secret ({@link dev.sundae.operator.api.TenantNames
 * #CREDENTIALS_SECRET}), defined once: the operator writes them ({@link
 * CredentialsSecretDependent}) and reads them back to render the services' tenants ({@code
 * environment/GatewayTenants}); the workloads take them as environment variables, which
 * services/tenancy's tenant-from-kubernetes.yaml maps onto the tenant's properties (checked against
 * these names by TenantPropertiesTest). docker-compose's provisioning job, which has no Secret,
 * builds the same values with {@link #values} and renders them the way the operator does.
 */
public final class CredentialsSecret {

  public static final String S3_ENDPOINT = "SUNDAE_S3_ENDPOINT";
  public static final String S3_REGION = "SUNDAE_S3_REGION";
  public static final String S3_BUCKET = "SUNDAE_S3_BUCKET";
  public static final String S3_ACCESS_KEY = "SUNDAE_S3_ACCESS_KEY";
  public static final String S3_SECRET_KEY = "SUNDAE_S3_SECRET_KEY";
  public static final String SQS_ENDPOINT = "SUNDAE_SQS_ENDPOINT";
  public static final String SQS_REGION = "SUNDAE_SQS_REGION";
  public static final String SQS_QUEUE_URL = "SUNDAE_SQS_QUEUE_URL";
  public static final String SQS_DEAD_LETTER_QUEUE_URL = "SUNDAE_SQS_DEAD_LETTER_QUEUE_URL";
  public static final String DB_URL = "SUNDAE_DB_URL";
  public static final String DB_SCHEMA = "SUNDAE_DB_SCHEMA";
  public static final String DB_USERNAME = "SUNDAE_DB_USERNAME";
  public static final String DB_PASSWORD = "SUNDAE_DB_PASSWORD";
  public static final String PUSH_VAPID_PUBLIC_KEY = "SUNDAE_PUSH_VAPID_PUBLIC_KEY";
  public static final String PUSH_VAPID_PRIVATE_KEY = "SUNDAE_PUSH_VAPID_PRIVATE_KEY";

  private CredentialsSecret() {}

  /**
   * What the Secret holds but the VAPID pair: where the Environment's backends are (a blank
   * endpoint or region is left out, so the services' defaults apply) and what the tenant's were
   * given.
   */
  public static Map<String, String> values(
      EnvironmentSpec environment,
      String bucket,
      BucketCredentials keys,
      QueueUrls queues,
      DatabaseLogin login) {
    Map<String, String> values = new LinkedHashMap<>();
    putIfPresent(values, S3_ENDPOINT, environment.getObjectStore().getEndpoint());
    putIfPresent(values, S3_REGION, environment.getObjectStore().getRegion());
    values.put(S3_BUCKET, bucket);
    values.put(S3_ACCESS_KEY, keys.accessKey());
    values.put(S3_SECRET_KEY, keys.secretKey());
    var queue = environment.getQueue();
    putIfPresent(values, SQS_ENDPOINT, queue == null ? null : queue.getEndpoint());
    putIfPresent(values, SQS_REGION, queue == null ? null : queue.getRegion());
    values.put(SQS_QUEUE_URL, queues.queue());
    values.put(SQS_DEAD_LETTER_QUEUE_URL, queues.deadLetterQueue());
    values.put(DB_URL, login.jdbcUrl());
    values.put(DB_SCHEMA, login.schema());
    values.put(DB_USERNAME, login.role());
    values.put(DB_PASSWORD, login.password());
    return values;
  }

  private static void putIfPresent(Map<String, String> values, String key, String value) {
    if (value != null && !value.isBlank()) {
      values.put(key, value);
    }
  }
}
