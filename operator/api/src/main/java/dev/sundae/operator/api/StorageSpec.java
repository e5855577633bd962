package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** A tenant's bucket lifecycle. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.coldTierDays) || self.coldTierDays < self.retentionDays",
    message = "coldTierDays must be less than retentionDays",
    fieldPath = ".coldTierDays")
public class StorageSpec {

  /** The schema's defaults, which the operator also applies to a spec read without them. */
  public static final int DEFAULT_RETENTION_DAYS = 30;

  public static final int DEFAULT_NONCURRENT_VERSION_DAYS = 7;

  /** What happens to the tenant's data when the Tenant is deleted. */
  public enum DeletionPolicy {
    /** The bucket, queues and database schema stay, with their data. */
    @JsonProperty("Retain")
    RETAIN,
    /** The bucket, queues and database schema are deleted with the Tenant. */
    @JsonProperty("Delete")
    DELETE
  }

  @Min(1)
  @Max(3650)
  @Default("" + DEFAULT_RETENTION_DAYS)
  @JsonPropertyDescription("Days after which current objects expire.")
  private Integer retentionDays;

  @Min(1)
  @Max(3650)
  @JsonPropertyDescription(
      "Days after which objects move to the cold storage tier; fewer than retentionDays, or"
          + " empty for no cold tier.")
  private Integer coldTierDays;

  @Min(1)
  @Max(3650)
  @Default("" + DEFAULT_NONCURRENT_VERSION_DAYS)
  @JsonPropertyDescription("Days after which overwritten or deleted object versions expire.")
  private Integer noncurrentVersionDays;

  @Default("Retain")
  @JsonPropertyDescription(
      "On Tenant deletion: 'Retain' keeps bucket, queues and schema; 'Delete' removes them.")
  private DeletionPolicy deletionPolicy;

  public Integer getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Integer retentionDays) {
    this.retentionDays = retentionDays;
  }

  public Integer getColdTierDays() {
    return coldTierDays;
  }

  public void setColdTierDays(Integer coldTierDays) {
    this.coldTierDays = coldTierDays;
  }

  public Integer getNoncurrentVersionDays() {
    return noncurrentVersionDays;
  }

  public void setNoncurrentVersionDays(Integer noncurrentVersionDays) {
    this.noncurrentVersionDays = noncurrentVersionDays;
  }

  public DeletionPolicy getDeletionPolicy() {
    return deletionPolicy;
  }

  public void setDeletionPolicy(DeletionPolicy deletionPolicy) {
    this.deletionPolicy = deletionPolicy;
  }
}
