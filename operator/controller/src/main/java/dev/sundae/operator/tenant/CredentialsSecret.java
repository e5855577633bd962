package dev.sundae.operator.tenant;

/**
 * The keys of a tenant's credentials Secret ({@link dev.sundae.operator.api.TenantNames
 * #CREDENTIALS_SECRET}), defined once: the operator writes them ({@link
 * CredentialsSecretDependent}) and reads them back to render the services' tenants ({@code
 * environment/GatewayTenants}); the workloads take them as environment variables, which
 * services/tenancy's tenant-from-kubernetes.yaml maps onto the tenant's properties (checked against
 * these names by TenantPropertiesTest).
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
}
