package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sundae.operator.api.schema.SchemaPatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator last observed of a Tenant, and what its users need to reach it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaPatch.class, input = ConditionsSchema.LIST_MAP_BY_TYPE)
public class TenantStatus {

  /** True when every other condition is: the tenant can be served. */
  public static final String READY = "Ready";

  public static final String STORAGE_READY = "StorageReady";
  public static final String QUEUE_READY = "QueueReady";
  public static final String DATABASE_READY = "DatabaseReady";
  public static final String INFERENCE_READY = "InferenceReady";
  public static final String CHAT_READY = "ChatReady";

  /**
   * The quota admits the workloads at their largest, rolling updates included. A warning: the
   * workloads serve without it, so Ready does not wait for it.
   */
  public static final String QUOTA_SUFFICIENT = "QuotaSufficient";

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Current state: Ready, StorageReady, QueueReady, DatabaseReady, InferenceReady, ChatReady;"
          + " and QuotaSufficient, a warning Ready does not wait for.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Name of the Environment the Tenant belongs to.")
  private String environment;

  @JsonPropertyDescription("Namespace of the tenant's workloads, <environment>-<tenant>.")
  private String namespace;

  @JsonPropertyDescription("Name of the tenant's bucket.")
  private String bucket;

  @JsonPropertyDescription("URL of the tenant's queue of uploaded frames.")
  private String queueUrl;

  @JsonPropertyDescription("URL of the dead-letter queue for frames that could not be processed.")
  private String deadLetterQueueUrl;

  @JsonPropertyDescription(
      "Name of the Secret, in the tenant namespace, with the tenant's bucket, queue and database"
          + " credentials.")
  private String credentialsSecret;

  @JsonPropertyDescription("PostgreSQL schema (and role) of the tenant's rows.")
  private String databaseSchema;

  @JsonPropertyDescription("URLs of the tenant's services.")
  private TenantEndpoints endpoints;

  @JsonPropertyDescription("The model version served and the candidate's trial.")
  private ModelStatus model;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getQueueUrl() {
    return queueUrl;
  }

  public void setQueueUrl(String queueUrl) {
    this.queueUrl = queueUrl;
  }

  public String getDeadLetterQueueUrl() {
    return deadLetterQueueUrl;
  }

  public void setDeadLetterQueueUrl(String deadLetterQueueUrl) {
    this.deadLetterQueueUrl = deadLetterQueueUrl;
  }

  public String getCredentialsSecret() {
    return credentialsSecret;
  }

  public void setCredentialsSecret(String credentialsSecret) {
    this.credentialsSecret = credentialsSecret;
  }

  public String getDatabaseSchema() {
    return databaseSchema;
  }

  public void setDatabaseSchema(String databaseSchema) {
    this.databaseSchema = databaseSchema;
  }

  public ModelStatus getModel() {
    return model;
  }

  public void setModel(ModelStatus model) {
    this.model = model;
  }

  public TenantEndpoints getEndpoints() {
    return endpoints;
  }

  public void setEndpoints(TenantEndpoints endpoints) {
    this.endpoints = endpoints;
  }
}
