package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** The object store of an Environment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.provider != 'minio' || has(self.endpoint)",
    message = "endpoint is required when provider is minio")
@ValidationRule(
    value =
        "!has(self.encryptionKeys) || self.encryptionKeys != 'PerTenant' || self.provider =="
            + " 'minio'",
    message = "encryptionKeys PerTenant needs provider minio (a MinIO whose KMS is KES)",
    fieldPath = ".encryptionKeys")
public class ObjectStoreSpec {

  /** Which API administers users and policies; plain object operations are S3 for both. */
  public enum Provider {
    @JsonProperty("minio")
    MINIO,
    @JsonProperty("s3")
    S3
  }

  /** Which key the store encrypts a tenant's objects with. */
  public enum EncryptionKeys {
    /** The store's own key (SSE-S3): MinIO's KMS default key, or S3-managed keys on AWS. */
    @JsonProperty("Store")
    STORE,
    /**
     * A KMS key of the tenant's own, named as its bucket (SSE-KMS), created by the operator through
     * MinIO's admin API: MinIO with KES as its KMS only.
     */
    @JsonProperty("PerTenant")
    PER_TENANT
  }

  @Required
  @JsonPropertyDescription("The provider: 'minio' (self-hosted) or 's3' (AWS).")
  private Provider provider;

  @Pattern("^https?://.+")
  @JsonPropertyDescription("S3 endpoint URL; required for minio, empty for the AWS default.")
  private String endpoint;

  @Pattern("^https?://.+")
  @JsonPropertyDescription(
      "The object store as registers and members' apps reach it, when it differs from endpoint"
          + " (e.g. MinIO in the cluster behind an Ingress that keeps the Host header); the signed"
          + " URLs of frames and voice clips name it.")
  private String publicEndpoint;

  @Default("us-east-1")
  @JsonPropertyDescription("Region the buckets are created in.")
  private String region;

  @Required
  @JsonPropertyDescription(
      "Secret with the administrator's keys 'accessKey' and 'secretKey', used to create buckets,"
          + " users and policies.")
  private SecretRef adminCredentialsSecret;

  @JsonPropertyDescription(
      "Where object-created events go: a MinIO notification target ARN such as"
          + " 'arn:minio:sqs::sundae:webhook'; for s3, empty means each tenant's own SQS queue.")
  private String notificationTarget;

  @Default("Store")
  @JsonPropertyDescription(
      "What each tenant's objects are encrypted with: 'Store', the store's own key (SSE-S3), or"
          + " 'PerTenant', a KMS key of the tenant's own named as its bucket (SSE-KMS; minio with"
          + " KES as its KMS). A bucket already encrypted otherwise keeps its objects as they are"
          + " and encrypts new ones with the new choice.")
  private EncryptionKeys encryptionKeys;

  public Provider getProvider() {
    return provider;
  }

  public void setProvider(Provider provider) {
    this.provider = provider;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getPublicEndpoint() {
    return publicEndpoint;
  }

  public void setPublicEndpoint(String publicEndpoint) {
    this.publicEndpoint = publicEndpoint;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public SecretRef getAdminCredentialsSecret() {
    return adminCredentialsSecret;
  }

  public void setAdminCredentialsSecret(SecretRef adminCredentialsSecret) {
    this.adminCredentialsSecret = adminCredentialsSecret;
  }

  public String getNotificationTarget() {
    return notificationTarget;
  }

  public void setNotificationTarget(String notificationTarget) {
    this.notificationTarget = notificationTarget;
  }

  public EncryptionKeys getEncryptionKeys() {
    return encryptionKeys;
  }

  public void setEncryptionKeys(EncryptionKeys encryptionKeys) {
    this.encryptionKeys = encryptionKeys;
  }
}
