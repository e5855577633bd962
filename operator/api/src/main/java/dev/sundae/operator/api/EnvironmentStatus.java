package dev.sundae.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.sundae.operator.api.schema.SchemaPatch;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator last observed of an Environment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = SchemaPatch.class, input = ConditionsSchema.LIST_MAP_BY_TYPE)
public class EnvironmentStatus {

  /** True when everything below is: the Environment is ready for Tenants. */
  public static final String READY = "Ready";

  public static final String NAMESPACE_READY = "NamespaceReady";

  /** The shared gateway (public API and the object store's event bridge) serves. */
  public static final String GATEWAY_READY = "GatewayReady";

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Current state: Ready, NamespaceReady, GatewayReady (the gateway's pods serve, or it runs"
          + " outside the cluster), with reasons.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Number of Tenants in the Environment's namespace.")
  private Integer tenants;

  @JsonPropertyDescription("Number of those Tenants that are Ready.")
  private Integer tenantsReady;

  @JsonPropertyDescription("URL of the Environment's gateway, the entry point of its REST APIs.")
  private String endpoint;

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

  public Integer getTenants() {
    return tenants;
  }

  public void setTenants(Integer tenants) {
    this.tenants = tenants;
  }

  public Integer getTenantsReady() {
    return tenantsReady;
  }

  public void setTenantsReady(Integer tenantsReady) {
    this.tenantsReady = tenantsReady;
  }

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }
}
